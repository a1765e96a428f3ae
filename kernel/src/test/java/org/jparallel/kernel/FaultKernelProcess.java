package org.jparallel.kernel;

import org.jparallel.wire.ConnectionInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real kernel in its own JVM for the fault tests, started as Jupyter starts it (kernelspec
 * argv), with extra environment variables and its own cluster runtime and profile directories
 * (so parallel test runs never share a cluster), plus what the tests read from /proc: memory,
 * threads, open files, the engine and mpirun processes.
 */
final class FaultKernelProcess implements AutoCloseable {
    static final Duration T = Duration.ofSeconds(120);
    final ConnectionInfo info;
    final Path connectionFile;
    final Process process;
    final Path log;
    final Path home;
    KernelClient client;

    /** A cell's reply and what the notebook shows for it. */
    record Cell(KernelClient.Execution execution, OutputArea view, long millis) {
        String status() {
            return execution.status();
        }

        String text() {
            return view.text();
        }

        String error() {
            return view.error();
        }

        String ename() {
            return execution.reply().contentString("ename", "");
        }

        String evalue() {
            return execution.reply().contentString("evalue", "");
        }
    }

    private FaultKernelProcess(ConnectionInfo info, Path connectionFile, Process process, Path log, Path home) {
        this.info = info;
        this.connectionFile = connectionFile;
        this.process = process;
        this.log = log;
        this.home = home;
    }

    /** Starts a kernel; the connection file gets the given mode (Jupyter's is rw-------). */
    static FaultKernelProcess start(String name, Map<String, String> env, String connectionFileMode) throws IOException {
        Path dir = Path.of("target", "kernel-logs").toAbsolutePath();
        Files.createDirectories(dir);
        Path home = Files.createTempDirectory(dir, name + "-home");
        ConnectionInfo info = KernelProcess.freshConnection();
        Path conn = dir.resolve(name + "-connection.json");
        info.write(conn);
        Files.setPosixFilePermissions(conn, PosixFilePermissions.fromString(connectionFileMode));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(KernelSpecFixtures.argv(conn.toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JPARALLEL_RUNTIME_DIR", home.resolve("runtime").toString());
        pb.environment().put("JPARALLEL_CONFIG_DIR", home.resolve("config").toString());
        pb.environment().putAll(env);
        FaultKernelProcess k = new FaultKernelProcess(info, conn, pb.start(), log, home);
        k.client = new KernelClient(info);
        k.client.waitForReady(Duration.ofSeconds(60));
        return k;
    }

    static FaultKernelProcess start(String name, Map<String, String> env) throws IOException {
        return start(name, env, "rw-------");
    }

    /** Writes a cluster profile (NAME.properties) for this kernel. */
    void profile(String name, String properties) throws IOException {
        Path d = home.resolve("config").resolve("profiles");
        Files.createDirectories(d);
        Files.writeString(d.resolve(name + ".properties"), properties);
    }

    /** Runs a cell and returns what it showed, with its duration. */
    Cell run(String code) {
        return run(code, T);
    }

    Cell run(String code, Duration timeout) {
        long t0 = System.nanoTime();
        KernelClient.Execution e = client.execute(code, timeout);
        return new Cell(e, OutputArea.of(e.outputs()), (System.nanoTime() - t0) / 1_000_000);
    }

    /** The cell of a request sent earlier. */
    Cell collect(org.jparallel.wire.Message req, long startNanos) {
        KernelClient.Execution e = client.collect(req, T);
        return new Cell(e, OutputArea.of(e.outputs()), (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** The engines' pids, from a %px cell (ordered by engine id). */
    List<Long> enginePids() {
        Cell c = run("%px ProcessHandle.current().pid()");
        Matcher m = Pattern.compile("Out\\[(\\d+):\\d+]: (\\d+)").matcher(c.text());
        List<Long> pids = new ArrayList<>();
        while (m.find()) {
            pids.add(Long.parseLong(m.group(2)));
        }
        if (pids.isEmpty()) {
            throw new AssertionError("no engine pids in: " + c.text() + c.error());
        }
        return pids;
    }

    /** mpirun: the parent of the engines. */
    static long parentOf(long pid) {
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                .orElseThrow(() -> new AssertionError("process " + pid + " has no parent"));
    }

    /** A number from /proc/PID/status, e.g. VmHWM or VmRSS, in kB. */
    static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    /** How many threads the process has (/proc/PID/task). */
    static int threads(long pid) throws IOException {
        try (var s = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return (int) s.count();
        }
    }

    /** How many files and sockets the process has open (/proc/PID/fd). */
    static int fds(long pid) throws IOException {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        }
    }

    long pid() {
        return process.pid();
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits (bounded) until none of the pids is alive; returns those still alive. */
    static List<Long> awaitGone(List<Long> pids, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        List<Long> left = new ArrayList<>(pids);
        for (int i = 0; i < 100_000 && !left.isEmpty() && System.nanoTime() < end; i++) {
            left.removeIf(p -> !alive(p));
            Thread.sleep(50);
        }
        left.removeIf(p -> !alive(p));
        return left;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the kernel's shutdown hooks stop its clusters
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
