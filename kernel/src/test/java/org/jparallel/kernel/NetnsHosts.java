package org.jparallel.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts for tests: network namespaces jph-hostA, jph-hostB on the bridge jph-br0 (10.78.0.0/24),
 * each with its own host name, made and removed by tests/hosts/netns-hosts.sh; the rsh agent
 * tests/hosts/rsh-netns reaches them as ssh would reach real hosts. Removed again on close and at
 * JVM exit, also when a test fails.
 */
final class NetnsHosts implements AutoCloseable {
    static final String BRIDGE_ADDRESS = "10.78.0.1";
    static final String NETWORK = "10.78.0.0/24";
    private final Path script;
    private final Path agent;
    private final Thread cleanup;

    private NetnsHosts(Path dir) {
        this.script = dir.resolve("netns-hosts.sh");
        this.agent = dir.resolve("rsh-netns");
        this.cleanup = new Thread(this::downQuietly, "netns-hosts-down");
    }

    /** Whether this machine can make the hosts (root, iproute2, unshare). */
    static boolean possible() {
        boolean ip = Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"));
        return ip && Files.isExecutable(Path.of("/usr/bin/unshare")) && "root".equals(System.getProperty("user.name"));
    }

    /** Makes hostA and hostB. */
    static NetnsHosts up() throws IOException, InterruptedException {
        NetnsHosts h = new NetnsHosts(repo().resolve("tests/hosts"));
        Runtime.getRuntime().addShutdownHook(h.cleanup);
        h.run("up", "hostA", "hostB");
        return h;
    }

    /** The rsh agent that reaches the hosts. */
    Path agent() {
        return agent;
    }

    /** Takes the host's link down: it stops answering. */
    void cut(String host) throws IOException, InterruptedException {
        run("cut", host);
    }

    /** Brings the host's link back. */
    void mend(String host) throws IOException, InterruptedException {
        run("mend", host);
    }

    /** Makes DIR (/etc/jph-NAME) look empty on the host, so files put there exist here and not on that host. */
    void lack(String host, String dir) throws IOException, InterruptedException {
        run("lack", host, dir);
    }

    /** The processes running in the hosts' namespaces, one line each ("" when none). */
    String processes() throws IOException, InterruptedException {
        return run("pids");
    }

    /** Waits (at most the seconds) until nothing runs on the hosts; returns what still runs ("" when nothing). */
    String awaitNothingRunning(int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String left = processes();
        while (!left.isBlank() && System.nanoTime() < end) {
            Thread.sleep(250); // polling another process's state: there is no event to wait for
            left = processes();
        }
        return left;
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private void downQuietly() {
        try {
            run("down");
        } catch (IOException | InterruptedException e) {
            System.err.println("netns-hosts.sh down failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        downQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs anyway
        }
    }

    static Path repo() {
        for (Path q = Path.of("").toAbsolutePath(); q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("tests/hosts/netns-hosts.sh"))) {
                return q;
            }
        }
        throw new AssertionError("cannot find tests/hosts/netns-hosts.sh above " + Path.of("").toAbsolutePath());
    }
}
