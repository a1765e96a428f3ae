package org.jparallel.cluster.launch.hosts;

import org.jparallel.cluster.model.ClusterException;
import org.jparallel.support.Threads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Before a start: reaches every host the way mpirun will (the rsh agent) and checks that the
 * files the engines need are there at the same paths (java, the engine jars, mpi.jar). A host that
 * cannot be reached or lacks a file gets a sentence naming the host and what is wrong, in seconds
 * rather than after the start timeout.
 */
final class HostCheck {
    private static final String DONE = "jparallel-checked";
    private static final String MISSING = "jparallel-missing ";
    private static final int MAX_OUTPUT = 8192;
    private static final int PARALLEL = 16;

    private HostCheck() {
    }

    /** What one host answered. */
    record Answer(String host, boolean reached, List<String> missing, String said, int status) {
    }

    /**
     * Checks the hosts; throws a ClusterException naming each host that cannot be reached or
     * lacks one of the paths.
     *
     * @param agent   the rsh agent's words (e.g. ssh -o BatchMode=yes), the host and the command follow
     * @param paths   what must exist, with what it is ("the engines' java")
     * @param timeout how long one host may take to answer
     */
    static void check(List<String> agent, List<String> hosts, Map<String, String> paths, Duration timeout) {
        List<String> problems = new ArrayList<>();
        boolean anyMissing = false;
        boolean anyUnreached = false;
        for (Answer a : answers(agent, hosts, paths.keySet(), timeout)) {
            if (!a.reached()) {
                anyUnreached = true;
                problems.add("host " + a.host() + " cannot be reached: `" + String.join(" ", agent) + " " + a.host()
                        + " ...` " + (a.status() == Integer.MIN_VALUE ? "did not answer within " + timeout.toSeconds() + " s"
                        : "exited with status " + a.status()) + (a.said().isBlank() ? "" : " and said: " + a.said().strip()));
            } else if (!a.missing().isEmpty()) {
                anyMissing = true;
                List<String> what = a.missing().stream().map(p -> p + " (" + paths.get(p) + ")").toList();
                problems.add("host " + a.host() + " lacks " + String.join(", ", what));
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(String.join(";\n", problems)).append('.');
        if (anyUnreached) {
            sb.append("\nmpirun reaches the hosts with ").append(agent.get(0)).append(": check that `").append(agent.get(0))
                    .append(" HOST true` works from here without a password or a question (ssh keys, known_hosts),"
                            + " and that the host names are right (or set the profile's hosts.rsh_agent).");
        }
        if (anyMissing) {
            sb.append("\njava, the engine jars and mpi.jar must be at the same paths on every host (a shared file system,"
                    + " or the same installation on each): install them there, or set the profile's java and classpath to"
                    + " paths that exist everywhere.");
        }
        throw new ClusterException(sb.toString());
    }

    /** Every host's answer, in the hosts' order (at most {@value #PARALLEL} hosts at a time). */
    static List<Answer> answers(List<String> agent, List<String> hosts, java.util.Collection<String> paths, Duration timeout) {
        String command = command(paths);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, Math.max(1, hosts.size())),
                r -> new Thread(Threads.group(), r, "jparallel-host-check"));
        try {
            Map<String, CompletableFuture<Answer>> futures = new LinkedHashMap<>();
            for (String h : hosts) {
                futures.put(h, CompletableFuture.supplyAsync(() -> ask(agent, h, command, timeout), pool));
            }
            return futures.values().stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The shell command a host runs: prints each path that does not exist, then a line saying it got to the end. */
    static String command(java.util.Collection<String> paths) {
        StringBuilder sb = new StringBuilder("for p in");
        for (String p : paths) {
            sb.append(' ').append(quote(p));
        }
        sb.append("; do [ -e \"$p\" ] || echo \"").append(MISSING).append("$p\"; done; echo ").append(DONE);
        return sb.toString();
    }

    private static Answer ask(List<String> agent, String host, String command, Duration timeout) {
        List<String> cmd = new ArrayList<>(agent);
        cmd.add(host);
        cmd.add(command); // the agent hands it to the host's shell, as ssh does
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ClusterException("the rsh agent " + agent.get(0) + " could not be started (" + e.getMessage()
                    + "): install it, or set the profile's hosts.rsh_agent to a command that reaches the hosts");
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Answer(host, false, List.of(), out.getNow(""), Integer.MIN_VALUE);
            }
            String said = out.get(2, TimeUnit.SECONDS);
            List<String> missing = said.lines().filter(l -> l.startsWith(MISSING)).map(l -> l.substring(MISSING.length())).toList();
            boolean done = said.lines().anyMatch(l -> l.equals(DONE));
            String other = String.join("\n", said.lines().filter(l -> !l.startsWith(MISSING) && !l.equals(DONE)).toList());
            return new Answer(host, done, missing, other, p.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new ClusterException("the check of host " + host + " was interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Answer(host, false, List.of(), "", p.exitValue());
        }
    }

    private static String read(InputStream in) {
        try (in) {
            byte[] b = in.readNBytes(MAX_OUTPUT);
            in.transferTo(java.io.OutputStream.nullOutputStream()); // the rest is not kept
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A word for a POSIX shell. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Each path the engine command needs (java, class path entries), with what it is. */
    static Map<String, String> needed(List<String> engineCommand, Path mpiJar) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(engineCommand.get(0), "the engines' java");
        int cp = engineCommand.indexOf("-cp");
        if (cp >= 0 && cp + 1 < engineCommand.size()) {
            for (String e : engineCommand.get(cp + 1).split(java.io.File.pathSeparator)) {
                if (!e.isBlank() && !e.endsWith("*")) {
                    m.putIfAbsent(e, mpiJar != null && Path.of(e).equals(mpiJar) ? "Open MPI's mpi.jar" : "on the engines' class path");
                }
            }
        }
        return m;
    }
}
