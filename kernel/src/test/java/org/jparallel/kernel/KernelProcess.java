package org.jparallel.kernel;

import org.jparallel.wire.ConnectionInfo;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real kernel in its own JVM, started as Jupyter would (the kernelspec's JVM flags, the class
 * path kernel/target/lib/*), with a connection file of fresh 127.0.0.1 ports. Its stderr goes to
 * target/kernel-logs/NAME.log. The JVM is the test's own, or JPARALLEL_TEST_JAVA.
 */
final class KernelProcess implements AutoCloseable {
    final ConnectionInfo info;
    final Process process;
    final Path log;

    private KernelProcess(ConnectionInfo info, Process process, Path log) {
        this.info = info;
        this.process = process;
        this.log = log;
    }

    static KernelProcess start(String name) throws IOException {
        return start(name, java.util.Map.of());
    }

    /** A kernel with extra environment variables. */
    static KernelProcess start(String name, java.util.Map<String, String> env) throws IOException {
        Path dir = Path.of("target", "kernel-logs").toAbsolutePath();
        Files.createDirectories(dir);
        ConnectionInfo info = freshConnection();
        Path conn = dir.resolve(name + "-connection.json");
        info.write(conn);
        List<String> cmd = new ArrayList<>();
        // A suite started in the background (nohup, CI runners) passes SIGINT on as ignored, and a JVM
        // cannot catch an ignored signal: give the kernel SIGINT's default disposition, as a terminal
        // user's kernel has. env execs, so the pid stays the kernel's.
        cmd.addAll(List.of("env", "--default-signal=INT"));
        cmd.addAll(KernelSpecFixtures.argv(conn.toString()));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        // Cell history goes to a fresh file of this test run, not the user's.
        Path data = dir.resolve(name + "-data");
        deleteTree(data);
        pb.environment().put("XDG_DATA_HOME", data.toString());
        pb.environment().putAll(env);
        return new KernelProcess(info, pb.start(), log);
    }

    /** A client connected to this kernel, ready (kernel_info answered, iopub subscribed). */
    KernelClient client() {
        KernelClient c = new KernelClient(info);
        c.waitForReady(Duration.ofSeconds(60));
        return c;
    }

    /** The kernel's log so far, for failure messages. */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Sends a signal such as INT to the kernel process. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A port free on 127.0.0.1 now. */
    static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /**
     * n different ports free on 127.0.0.1 now: all are held open together while they are chosen,
     * so the system cannot hand out one of them twice (a kernel would then fail to bind its second
     * channel to it).
     */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                held.add(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** Connection info for a kernel on 127.0.0.1 with five different free ports and a fresh key. */
    static ConnectionInfo freshConnection() throws IOException {
        int[] p = freePorts(5);
        return new ConnectionInfo("tcp", "127.0.0.1", p[0], p[1], p[2], p[3], p[4], UUID.randomUUID().toString(),
                "hmac-sha256", "java-parallel");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static String classPath() {
        return Path.of("target", "lib").toAbsolutePath() + File.separator + "*";
    }
}
