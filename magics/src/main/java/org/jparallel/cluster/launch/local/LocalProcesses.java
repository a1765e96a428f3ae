package org.jparallel.cluster.launch.local;

import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.cluster.launch.ProcessEngines;
import org.jparallel.cluster.launch.ExitStatus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Engines started as plain processes: each watched on its own; one dying leaves the others running. */
public final class LocalProcesses extends ProcessEngines {
    private final List<Process> engines;
    private final List<Thread> pumps = new java.util.ArrayList<>();

    public LocalProcesses(List<Process> engines) {
        this.engines = List.copyOf(engines);
        for (int i = 0; i < engines.size(); i++) {
            pumps.add(stdout.pump(engines.get(i).getInputStream(), "engine-" + i + "-stdout", "[engine " + i + "] "));
            pumps.add(stderr.pump(engines.get(i).getErrorStream(), "engine-" + i + "-stderr", "[engine " + i + "] "));
        }
    }

    @Override
    public List<Process> processes() {
        return engines;
    }

    @Override
    public String launcher() {
        return "local";
    }

    @Override
    public String describe() {
        return engines.size() + " engine process" + (engines.size() == 1 ? "" : "es");
    }

    @Override
    public void settle(long millis) throws InterruptedException {
        // each engine is our child, so its status is known at once; its last words may still be in the pipe
        long end = System.nanoTime() + millis * 1_000_000L;
        for (int i = 0; i < engines.size(); i++) {
            if (!engines.get(i).isAlive()) {
                for (Thread pump : pumps.subList(2 * i, 2 * i + 2)) {
                    long left = (end - System.nanoTime()) / 1_000_000L;
                    if (left > 0) {
                        pump.join(left);
                    }
                }
            }
        }
    }

    @Override
    public DeathReport deathReport(Map<Integer, Long> dead, Map<Integer, Long> registered) {
        int first = -1;
        for (int i = 0; i < engines.size(); i++) {
            if (!engines.get(i).isAlive() && (first < 0 || dead.containsKey(i))) {
                first = i;
                if (dead.containsKey(i)) {
                    break;
                }
            }
        }
        if (first < 0 && !dead.isEmpty()) {
            first = dead.keySet().iterator().next();
        }
        if (first < 0) {
            return new DeathReport(-1, "the engines are no longer running.");
        }
        Process p = engines.get(first);
        StringBuilder sb = new StringBuilder("engine ").append(first).append(" (pid ").append(p.pid()).append(") ")
                .append(p.isAlive() ? "stopped answering" : ExitStatus.describe(p.exitValue())).append('.');
        Set<Integer> alsoDead = new TreeSet<>();
        for (int i = 0; i < engines.size(); i++) {
            if (i != first && !engines.get(i).isAlive()) {
                alsoDead.add(i);
            }
        }
        sb.append(alsoDead.isEmpty() ? " The other engines keep running (the local launcher does not use MPI)."
                : " Engines " + LaunchedEngines.idList(alsoDead) + " are gone too.");
        String err = quoteEngine(first);
        if (!err.isEmpty()) {
            sb.append(" Its stderr:\n").append(err.stripTrailing());
        }
        return new DeathReport(first, sb.toString());
    }

    @Override
    public String startFailure(Set<Integer> registered, int expected, boolean timedOut, Duration waited) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < engines.size(); i++) {
            if (registered.contains(i)) {
                continue;
            }
            Process p = engines.get(i);
            sb.append(sb.length() == 0 ? "" : "\n").append("engine ").append(i).append(" (pid ").append(p.pid()).append(") ")
                    .append(p.isAlive() ? "did not register within " + waited.toSeconds() + " s" : ExitStatus.describe(p.exitValue()));
            String err = quoteEngine(i);
            if (!err.isEmpty()) {
                sb.append(", saying:\n").append(err.stripTrailing());
            }
        }
        return "only " + registered.size() + " of " + expected + " engines registered" + (timedOut ? " in time" : "")
                + ":\n" + sb;
    }

    private String quoteEngine(int i) {
        StringBuilder sb = new StringBuilder();
        String tag = "[engine " + i + "] ";
        for (String l : stderr.lines()) {
            if (l.startsWith(tag)) {
                sb.append("    ").append(l.substring(tag.length())).append('\n');
            }
        }
        return sb.toString();
    }
}
