package org.jparallel.cluster.cli;

import org.jparallel.cluster.Cluster;
import org.jparallel.cluster.client.ClusterClient;
import org.jparallel.cluster.launch.ExitStatus;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.ClusterStatus;
import org.jparallel.cluster.model.EngineStatus;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.Profiles;
import org.jparallel.cluster.model.RuntimeDir;

import org.jparallel.protocol.ClientProtocol;

import org.jparallel.support.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code jpcluster}: starts, stops and lists clusters of engines outside a notebook, like
 * ipcluster. A started cluster runs in a background JVM (the daemon) that hosts its controller and
 * owns its engines; notebooks attach to it with {@code Cluster.connect("PROFILE")}.
 */
@Command(name = "jpcluster", mixinStandardHelpOptions = true, version = "jpcluster 0.1",
        description = "Start, stop and list clusters of Java engines (one JVM per MPI rank).",
        subcommands = {JpClusterCli.Start.class, JpClusterCli.Stop.class, JpClusterCli.ListClusters.class,
                JpClusterCli.Status.class, ProfileCommand.class, JpClusterCli.Daemon.class})
public final class JpClusterCli implements Callable<Integer> {
    static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    static final PrintStream ERR = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        int code = run(args);
        System.exit(code);
    }

    /** Runs the command line; returns the exit code. */
    static int run(String... args) {
        CommandLine cl = new CommandLine(new JpClusterCli());
        ProfileCommand.addLauncherOptions(cl.getSubcommands().get("profile").getSubcommands().get("create").getCommandSpec());
        cl.setOut(new java.io.PrintWriter(OUT, true));
        cl.setErr(new java.io.PrintWriter(ERR, true));
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            ERR.println("jpcluster: " + (e instanceof ClusterException || e instanceof IllegalArgumentException
                    ? e.getMessage() : e.toString()));
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(OUT);
        return 2;
    }

    /** {@code jpcluster start}. */
    @Command(name = "start", description = "Start a cluster in the background and wait until its engines are ready.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--profile", defaultValue = "default", description = "profile name (default: ${DEFAULT-VALUE})")
        String profile;
        @Option(names = {"-n", "--engines"}, description = "number of engines (default: the profile's)")
        Integer engines;
        @Option(names = "--launcher", description = "the engine launcher (default: the profile's)")
        String launcher;
        @Option(names = "--timeout", description = "seconds to wait for the engines (default: the profile's start.timeout)")
        Integer timeout;

        @Override
        public Integer call() throws Exception {
            Profile p = configured(profile, engines, launcher, timeout);
            RuntimeDir runtime = RuntimeDir.user();
            Optional<ClusterInfo> running = liveCluster(runtime, p.name());
            if (running.isPresent()) {
                ERR.println("jpcluster: a cluster for profile '" + p.name() + "' is already running (" + running.get().owner()
                        + " pid " + running.get().pid() + "); stop it first with `jpcluster stop --profile " + p.name() + "`");
                return 1;
            }
            long t0 = System.nanoTime();
            Path log = runtime.logFile(p.name());
            Process daemon = ClusterDaemon.spawn(p, log);
            Optional<ClusterInfo> info = ClusterDaemon.awaitFile(daemon, runtime.clusterFile(p.name()), 20_000);
            if (info.isEmpty()) {
                if (daemon.isAlive()) {
                    daemon.destroy();
                }
                ERR.println("jpcluster: the cluster daemon did not start" + (daemon.isAlive() ? "" : " (it "
                        + ExitStatus.describe(daemon.waitFor()) + ")") + ". Its log " + log + " says:\n" + tail(log));
                return 1;
            }
            TerminalProgress progress = new TerminalProgress(OUT);
            try (Cluster c = Cluster.connect(p.name(), p.startTimeout().plusSeconds(15), progress)) {
                ClusterStatus s = c.status();
                OUT.printf("cluster '%s' is ready: %d engines (%s launcher) in %.1f s; daemon pid %d; log %s%n", p.name(),
                        s.running(), s.launcher(), (System.nanoTime() - t0) / 1e9, info.get().pid(), log);
                if (!s.warning().isEmpty()) {
                    OUT.println("warning: " + s.warning());
                }
                return 0;
            } catch (ClusterException e) {
                progress.clear();
                if (daemon.waitFor(500, TimeUnit.MILLISECONDS) && daemon.exitValue() != 0) {
                    ERR.println("jpcluster: the cluster daemon stopped (" + ExitStatus.describe(daemon.exitValue())
                            + "). Its log " + log + " says:\n" + tail(log));
                    return 1;
                }
                ERR.println("jpcluster: " + e.getMessage());
                daemon.waitFor(10, TimeUnit.SECONDS); // it leaves by itself after a failed start
                if (daemon.isAlive()) {
                    daemon.destroy();
                }
                return 1;
            }
        }
    }

    /** {@code jpcluster stop}. */
    @Command(name = "stop", description = "Stop a cluster (started by jpcluster or by a notebook) and its engines.")
    static final class Stop implements Callable<Integer> {
        @Option(names = "--profile", defaultValue = "default", description = "profile name (default: ${DEFAULT-VALUE})")
        String profile;

        @Override
        public Integer call() throws Exception {
            Profile.checkName(profile);
            RuntimeDir runtime = RuntimeDir.user();
            Path file = runtime.clusterFile(profile);
            Optional<ClusterInfo> read = ClusterInfo.read(file);
            if (read.isEmpty()) {
                ERR.println("jpcluster: no cluster is running for profile '" + profile + "'");
                return 1;
            }
            ClusterInfo info = read.get();
            if (!info.hostAlive()) {
                Files.deleteIfExists(file);
                OUT.println("cluster '" + profile + "' was not running (its " + info.owner() + " pid " + info.pid()
                        + " is gone); removed its connection file");
                return 0;
            }
            try {
                ClusterClient client = ClusterClient.connect(info, Duration.ofSeconds(5));
                try {
                    com.google.gson.JsonObject c = new com.google.gson.JsonObject();
                    c.addProperty("by", "jpcluster stop");
                    client.call(ClientProtocol.STOP_REQUEST, c).get(30, TimeUnit.SECONDS);
                } finally {
                    client.close();
                }
            } catch (ClusterException | java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                if (!info.owner().equals(ClusterInfo.OWNER_JPCLUSTER)) {
                    ERR.println("jpcluster: the kernel (pid " + info.pid() + ") hosting cluster '" + profile
                            + "' does not answer: " + e.getMessage());
                    return 1;
                }
                ERR.println("jpcluster: the daemon does not answer (" + e.getMessage() + "); terminating pid " + info.pid());
                ProcessHandle.of(info.pid()).ifPresent(ProcessHandle::destroy);
            }
            if (info.owner().equals(ClusterInfo.OWNER_JPCLUSTER)) {
                Optional<ProcessHandle> h = ProcessHandle.of(info.pid());
                if (h.isPresent()) {
                    try {
                        h.get().onExit().get(15, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        ERR.println("jpcluster: the daemon (pid " + info.pid() + ") did not exit within 15 s; killing it");
                        h.get().destroyForcibly();
                    }
                }
            }
            OUT.println("cluster '" + profile + "' stopped (" + info.engines() + " engines, " + info.owner() + " pid " + info.pid() + ")");
            return 0;
        }
    }

    /** {@code jpcluster list}. */
    @Command(name = "list", description = "List the running clusters: profile, engines, state, pid, started.")
    static final class ListClusters implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            RuntimeDir runtime = RuntimeDir.user();
            List<String> profiles = runtime.profiles();
            if (profiles.isEmpty()) {
                OUT.println("no clusters are running (" + runtime.dir() + ")");
                return 0;
            }
            OUT.printf("%-20s %-8s %-10s %-10s %-8s %-7s %s%n", "PROFILE", "ENGINES", "STATE", "OWNER", "PID", "LAUNCH", "STARTED");
            for (String p : profiles) {
                ClusterInfo info;
                try {
                    Optional<ClusterInfo> i = ClusterInfo.read(runtime.clusterFile(p));
                    if (i.isEmpty()) {
                        continue;
                    }
                    info = i.get();
                } catch (IOException e) {
                    OUT.printf("%-20s %s%n", p, e.getMessage());
                    continue;
                }
                String engines = "?/" + info.engines();
                String state;
                if (!info.hostAlive()) {
                    state = "gone";
                } else {
                    try {
                        ClusterClient c = ClusterClient.connect(info, Duration.ofSeconds(3));
                        try {
                            ClusterStatus s = ClusterStatus.from(c.status());
                            engines = s.running() + "/" + s.expected();
                            state = s.state();
                        } finally {
                            c.close();
                        }
                    } catch (ClusterException e) {
                        state = "no-answer";
                    }
                }
                OUT.printf("%-20s %-8s %-10s %-10s %-8d %-7s %s%n", info.profile(), engines, state, info.owner(), info.pid(),
                        info.launcher(), info.started());
            }
            return 0;
        }
    }

    /** {@code jpcluster status}. */
    @Command(name = "status", description = "Show one cluster's state and engines.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--profile", defaultValue = "default", description = "profile name (default: ${DEFAULT-VALUE})")
        String profile;

        @Override
        public Integer call() throws Exception {
            Optional<ClusterInfo> info = liveCluster(RuntimeDir.user(), Profile.checkName(profile));
            if (info.isEmpty()) {
                ERR.println("jpcluster: no cluster is running for profile '" + profile + "'");
                return 1;
            }
            ClusterClient c = ClusterClient.connect(info.get(), Duration.ofSeconds(5));
            try {
                ClusterStatus s = ClusterStatus.from(c.status());
                OUT.println("cluster '" + profile + "' " + s.summary());
                for (EngineStatus e : s.engines()) {
                    OUT.printf("  engine %d: %s, pid %d on %s%s%n", e.id(), e.state(), e.pid(), e.host(),
                            e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
                }
                return 0;
            } finally {
                c.close();
            }
        }
    }

    /** {@code jpcluster daemon}: the background JVM's entry (started by start). */
    @Command(name = "daemon", hidden = true, description = "Run a cluster in this process (used by start).")
    static final class Daemon implements Callable<Integer> {
        @Option(names = "--profile", required = true)
        String profile;
        @Option(names = {"-n", "--engines"})
        Integer engines;
        @Option(names = "--launcher")
        String launcher;
        @Option(names = "--timeout")
        Integer timeout;

        @Override
        public Integer call() throws Exception {
            return ClusterDaemon.run(configured(profile, engines, launcher, timeout));
        }
    }

    static Profile configured(String name, Integer engines, String launcher, Integer timeout) {
        Profile p = Profiles.user().loadOrDefaults(name);
        try {
            if (engines != null) {
                p = p.withEngines(engines);
            }
            if (launcher != null) {
                p = p.withLauncher(launcher);
            }
            if (timeout != null) {
                p = p.withStartTimeout(Duration.ofSeconds(timeout));
            }
        } catch (IllegalArgumentException e) {
            throw new ClusterException(e.getMessage());
        }
        return p;
    }

    static Optional<ClusterInfo> liveCluster(RuntimeDir runtime, String profile) throws IOException {
        return ClusterInfo.read(runtime.clusterFile(profile)).filter(ClusterInfo::hostAlive);
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static {
        Logging.configure("jpcluster");
    }
}
