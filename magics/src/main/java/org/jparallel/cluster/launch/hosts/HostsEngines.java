package org.jparallel.cluster.launch.hosts;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.cluster.launch.mpi.MpiProcesses;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Engines on other hosts under one mpirun: mpirun's process handling (watching, stopping,
 * quoting it) is {@link MpiProcesses}'; this adds where each rank runs, read from mpirun's job map
 * ({@code --display-map}), so reports name the host, and explains engines that stop answering
 * while mpirun still runs (a host or its network down).
 */
final class HostsEngines implements LaunchedEngines {
    // " Data for node: hostA	Num slots: 2 ..." then "	Process OMPI jobid: [123,1] App: 0 Process rank: 0 Bound: ..."
    private static final Pattern NODE = Pattern.compile("^\\s*Data for node:\\s*(\\S+)");
    private static final Pattern RANK = Pattern.compile("Process rank:\\s*(\\d+)");

    private final MpiProcesses mpirun;
    private final HostList hosts;
    private final HostNetwork network;
    private static final Duration MAP_WAIT = Duration.ofMinutes(5);
    private final Map<Integer, String> rankHosts = new ConcurrentSkipListMap<>();
    private final int engines;

    HostsEngines(MpiProcesses mpirun, HostList hosts, HostNetwork network, int engines) {
        this.mpirun = mpirun;
        this.hosts = hosts;
        this.network = network;
        this.engines = engines;
        // read the map as soon as mpirun has printed it, before engine output can push it out of the ring
        org.jparallel.support.Threads.startDaemon("jparallel-job-map", () -> {
            try {
                long end = System.nanoTime() + MAP_WAIT.toNanos();
                // the map ends with a line of '=' only
                while (System.nanoTime() < end && !mpirun.allExited()
                        && !mpirun.stdout().awaitLine(l -> l.strip().matches("={20,}"), 1000)) {
                    continue;
                }
                rankHosts();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Which host each rank runs on, as mpirun placed them (empty until mpirun printed its map). */
    Map<Integer, String> rankHosts() {
        if (rankHosts.size() < engines) {
            String node = null;
            for (String l : mpirun.stdout().lines()) {
                Matcher n = NODE.matcher(l);
                Matcher r = RANK.matcher(l);
                if (n.find()) {
                    node = n.group(1);
                } else if (node != null && r.find()) {
                    rankHosts.putIfAbsent(Integer.parseInt(r.group(1)), node);
                }
            }
        }
        return rankHosts;
    }

    @Override
    public String launcher() {
        return "hosts";
    }

    @Override
    public String describe() {
        return mpirun.describe() + " on " + String.join(", ", hosts.names());
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = mpirun.toJson();
        o.addProperty("launcher", launcher());
        o.addProperty("description", describe());
        JsonArray h = new JsonArray();
        hosts.names().forEach(h::add);
        o.add("hosts", h);
        o.addProperty("network", network.cidr());
        o.addProperty("address", network.address());
        JsonObject ranks = new JsonObject();
        rankHosts().forEach((r, host) -> ranks.addProperty(Integer.toString(r), host));
        o.add("rank_hosts", ranks);
        return o;
    }

    @Override
    public long mainPid() {
        return mpirun.mainPid();
    }

    @Override
    public boolean anyExited() {
        return mpirun.anyExited();
    }

    @Override
    public boolean allExited() {
        return mpirun.allExited();
    }

    @Override
    public void onAnyExit(Runnable action) {
        mpirun.onAnyExit(action);
    }

    @Override
    public boolean awaitExit(Duration limit) throws InterruptedException {
        return mpirun.awaitExit(limit);
    }

    /**
     * Ends mpirun (gently, then by force), and then whatever it started here that is still
     * running: the rsh agents (ssh clients), which mpirun leaves behind when a host stops
     * answering; an agent's end closes its link to the host.
     */
    @Override
    public void terminate(Duration grace) {
        List<ProcessHandle> started = new java.util.ArrayList<>();
        mpirun.processes().forEach(p -> p.descendants().forEach(started::add));
        mpirun.terminate(grace);
        mpirun.processes().forEach(p -> p.descendants().forEach(started::add));
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void settle(long millis) throws InterruptedException {
        mpirun.settle(millis);
    }

    @Override
    public DeathReport deathReport(Map<Integer, Long> dead, Map<Integer, Long> registered) {
        Map<Integer, String> where = rankHosts();
        if (mpirun.anyExited() || said("exited on signal") || said("Exit code:")) {
            // mpirun saw it (an engine killed or exited): its report, with the hosts named
            DeathReport r = mpirun.deathReport(dead, registered);
            String host = where.get(r.firstDead());
            String msg = r.message();
            if (host != null) {
                msg = msg.replaceFirst("^engine " + r.firstDead() + " ", "engine " + r.firstDead() + " on host " + host + " ");
            }
            return new DeathReport(r.firstDead(), msg);
        }
        // mpirun still runs and has not noticed: the engines stopped answering (a host or the network to it down)
        Map<String, Set<Integer>> silentByHost = byHost(dead.keySet(), where);
        Set<Integer> alive = new TreeSet<>(registered.keySet());
        alive.removeAll(dead.keySet());
        int first = dead.keySet().stream().min(Integer::compare).orElse(-1);
        StringBuilder sb = new StringBuilder();
        List<String> parts = silentByHost.entrySet().stream().map(e -> (e.getValue().size() == 1 ? "engine " : "engines ")
                + LaunchedEngines.idList(e.getValue()) + (e.getKey().isEmpty() ? "" : " on host " + e.getKey())).toList();
        sb.append(String.join(" and ", parts)).append(" stopped")
                .append(" answering (no heartbeat for over 12 s) while mpirun still runs: ")
                .append(silentByHost.size() == 1 && !silentByHost.containsKey("") ? "that host" : "those hosts")
                .append(" or the network to ").append(silentByHost.size() == 1 ? "it" : "them").append(" (")
                .append(network.cidr()).append(") is down.");
        if (!alive.isEmpty()) {
            sb.append(" Engines ").append(LaunchedEngines.idList(alive)).append(" still run, but the MPI job cannot go on"
                    + " without every rank: stop or restart the cluster.");
        }
        String quote = mpirun.stderr().quoted("    ");
        if (!quote.isEmpty()) {
            sb.append(" mpirun said:\n").append(quote.stripTrailing());
        }
        return new DeathReport(first, sb.toString());
    }

    private boolean said(String text) {
        return mpirun.stderr().lines().stream().anyMatch(l -> l.contains(text));
    }

    private static Map<String, Set<Integer>> byHost(Set<Integer> ids, Map<Integer, String> where) {
        Map<String, Set<Integer>> m = new TreeMap<>();
        for (int id : ids) {
            m.computeIfAbsent(where.getOrDefault(id, ""), k -> new TreeSet<>()).add(id);
        }
        return m;
    }

    @Override
    public String startFailure(Set<Integer> registered, int expected, boolean timedOut, Duration waited) {
        String base = mpirun.startFailure(registered, expected, timedOut, waited);
        Map<Integer, String> where = rankHosts();
        Set<Integer> missing = new TreeSet<>();
        for (int i = 0; i < expected; i++) {
            if (!registered.contains(i)) {
                missing.add(i);
            }
        }
        Map<String, Set<Integer>> missingByHost = byHost(missing, where);
        missingByHost.remove("");
        if (missingByHost.isEmpty()) {
            return base;
        }
        List<String> parts = missingByHost.entrySet().stream().map(e -> "engine" + (e.getValue().size() == 1 ? " " : "s ")
                + LaunchedEngines.idList(e.getValue()) + " on host " + e.getKey()).toList();
        String why = registered.isEmpty() && mpirun.processes().stream().allMatch(Process::isAlive)
                ? " (no engine reached the controller at " + network.address() + ", network " + network.cidr()
                + ": a firewall between the hosts and this machine, or hosts on another network, keep them out; give"
                + " the right network with --network)"
                : "";
        return base + "\nNot registered: " + String.join(", ", parts) + why + ".";
    }
}
