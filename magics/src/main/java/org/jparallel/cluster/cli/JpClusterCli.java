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
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
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
                JpClusterCli.Status.class, RestartCommand.class, ProfileCommand.class, WatchCommand.class,
                JpClusterCli.Daemon.class})
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
        boolean json = List.of(args).contains("--json");
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> fail(json, null,
                e instanceof ClusterException || e instanceof IllegalArgumentException ? e.getMessage() : e.toString()));
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
        @Option(names = "--json", description = "print the started cluster (or the error) as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Profile p = configured(profile, engines, launcher, timeout);
            RuntimeDir runtime = RuntimeDir.user();
            Optional<ClusterInfo> running = liveCluster(runtime, p.name());
            if (running.isPresent()) {
                return fail(json, p.name(), "a cluster for profile '" + p.name() + "' is already running (" + running.get().owner()
                        + " pid " + running.get().pid() + "); stop it first with `jpcluster stop --profile " + p.name() + "`");
            }
            long t0 = System.nanoTime();
            Path log = runtime.logFile(p.name());
            Process daemon = ClusterDaemon.spawn(p, log);
            Optional<ClusterInfo> info = ClusterDaemon.awaitFile(daemon, runtime.clusterFile(p.name()), 20_000);
            if (info.isEmpty()) {
                if (daemon.isAlive()) {
                    daemon.destroy();
                }
                return fail(json, p.name(), "the cluster daemon did not start" + (daemon.isAlive() ? "" : " (it "
                        + ExitStatus.describe(daemon.waitFor()) + ")") + ". Its log " + log + " says:\n" + tail(log));
            }
            TerminalProgress progress = new TerminalProgress(json ? new PrintStream(OutputStream.nullOutputStream()) : OUT);
            try (Cluster c = Cluster.connect(p.name(), p.startTimeout().plusSeconds(15), progress)) {
                ClusterStatus s = c.status();
                if (json) {
                    JsonObject o = CliJson.cluster(info.get(), s);
                    o.addProperty("seconds", (System.nanoTime() - t0) / 1e9);
                    OUT.println(CliJson.line(o));
                    return 0;
                }
                OUT.printf("cluster '%s' is ready: %d engines (%s launcher) in %.1f s; daemon pid %d; log %s%n", p.name(),
                        s.running(), s.launcher(), (System.nanoTime() - t0) / 1e9, info.get().pid(), log);
                if (!s.warning().isEmpty()) {
                    OUT.println("warning: " + s.warning());
                }
                return 0;
            } catch (ClusterException e) {
                progress.clear();
                if (daemon.waitFor(500, TimeUnit.MILLISECONDS) && daemon.exitValue() != 0) {
                    return fail(json, p.name(), "the cluster daemon stopped (" + ExitStatus.describe(daemon.exitValue())
                            + "). Its log " + log + " says:\n" + tail(log));
                }
                fail(json, p.name(), e.getMessage());
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
        @Option(names = "--json", description = "print what was stopped (or the error) as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Profile.checkName(profile);
            RuntimeDir runtime = RuntimeDir.user();
            Path file = runtime.clusterFile(profile);
            Optional<ClusterInfo> read = ClusterInfo.read(file);
            if (read.isEmpty()) {
                return fail(json, profile, "no cluster is running for profile '" + profile + "'");
            }
            ClusterInfo info = read.get();
            if (!info.hostAlive()) {
                Files.deleteIfExists(file);
                String said = "cluster '" + profile + "' was not running (its " + info.owner() + " pid " + info.pid()
                        + " is gone); removed its connection file";
                OUT.println(json ? CliJson.line(stopped(info, said)) : said);
                return 0;
            }
            try {
                stopLive(info);
            } catch (ClusterException e) {
                return fail(json, profile, e.getMessage());
            }
            String said = "cluster '" + profile + "' stopped (" + info.engines() + " engines, " + info.owner() + " pid " + info.pid() + ")";
            OUT.println(json ? CliJson.line(stopped(info, said)) : said);
            return 0;
        }

        /** Asks a live cluster's host to stop and waits for a daemon to exit; throws naming a host that does not answer. */
        static void stopLive(ClusterInfo info) throws InterruptedException, java.util.concurrent.ExecutionException {
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
                    throw new ClusterException("the kernel (pid " + info.pid() + ") hosting cluster '" + info.profile()
                            + "' does not answer: " + e.getMessage());
                }
                ERR.println("jpcluster: the daemon does not answer (" + e.getMessage() + "); terminating pid " + info.pid());
                info.host().ifPresent(ProcessHandle::destroy);
            }
            if (info.owner().equals(ClusterInfo.OWNER_JPCLUSTER)) {
                Optional<ProcessHandle> h = info.host();
                if (h.isPresent()) {
                    try {
                        h.get().onExit().get(15, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        ERR.println("jpcluster: the daemon (pid " + info.pid() + ") did not exit within 15 s; killing it");
                        h.get().destroyForcibly();
                    }
                }
            }
        }

        private static JsonObject stopped(ClusterInfo info, String said) {
            JsonObject o = CliJson.unreachable(info, "stopped", said);
            o.addProperty("message", said);
            return o;
        }
    }

    /** {@code jpcluster list}. */
    @Command(name = "list", description = "List the running clusters: profile, engines, state, pid, started.")
    static final class ListClusters implements Callable<Integer> {
        @Option(names = "--json", description = "print {\"clusters\": [...]} with each cluster's state and engines")
        boolean json;

        @Override
        public Integer call() throws Exception {
            RuntimeDir runtime = RuntimeDir.user();
            List<String> profiles = runtime.profiles();
            if (json) {
                JsonArray all = new JsonArray();
                for (String p : profiles) {
                    ask(runtime, p).ifPresent(all::add);
                }
                JsonObject o = new JsonObject();
                o.add("clusters", all);
                OUT.println(CliJson.line(o));
                return 0;
            }
            if (profiles.isEmpty()) {
                OUT.println("no clusters are running (" + runtime.dir() + ")");
                return 0;
            }
            OUT.printf("%-20s %-8s %-10s %-10s %-8s %-7s %-27s %-17s %s%n", "PROFILE", "ENGINES", "STATE", "OWNER", "PID", "LAUNCH",
                    "STARTED", "HOSTS", "LAUNCHED");
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
                String launched = ""; // what the launcher started: "mpirun (pid 123)", "Slurm job 42 RUNNING on node[1-2], 3:59:12 left"
                String state;
                String hosts = "-";
                if (!info.hostAlive()) {
                    state = "gone";
                } else {
                    try {
                        ClusterClient c = ClusterClient.connect(info, Duration.ofSeconds(3));
                        try {
                            ClusterStatus s = ClusterStatus.from(c.status());
                            engines = s.running() + "/" + s.expected();
                            state = s.state();
                            launched = s.launch();
                            // where the engines run, in engine order: "vm", or "hostA,hostB"
                            hosts = String.join(",", new java.util.LinkedHashSet<>(s.engines().stream()
                                    .map(EngineStatus::host).filter(h -> !h.isEmpty()).toList()));
                            hosts = hosts.isEmpty() ? "-" : hosts;
                        } finally {
                            c.close();
                        }
                    } catch (ClusterException e) {
                        state = "no-answer";
                    }
                }
                OUT.printf("%-20s %-8s %-10s %-10s %-8d %-7s %-27s %-17s %s%n", info.profile(), engines, state, info.owner(), info.pid(),
                        info.launcher(), info.started(), hosts, launched);
            }
            return 0;
        }
    }

    /**
     * A cluster as {@link CliJson#cluster} describes it, asking its controller; empty when the
     * profile has no connection file; a broken file gives {"profile", "error"}.
     */
    static Optional<JsonObject> ask(RuntimeDir runtime, String profile) {
        ClusterInfo info;
        try {
            Optional<ClusterInfo> i = ClusterInfo.read(runtime.clusterFile(profile));
            if (i.isEmpty()) {
                return Optional.empty();
            }
            info = i.get();
        } catch (IOException e) {
            return Optional.of(CliJson.error(profile, e.getMessage()));
        }
        if (!info.hostAlive()) {
            return Optional.of(CliJson.unreachable(info, "gone", "its " + info.owner() + " pid " + info.pid() + " is gone"));
        }
        try {
            ClusterClient c = ClusterClient.connect(info, Duration.ofSeconds(3));
            try {
                return Optional.of(CliJson.cluster(info, c.status()));
            } finally {
                c.close();
            }
        } catch (ClusterException e) {
            return Optional.of(CliJson.unreachable(info, "no-answer", e.getMessage()));
        }
    }

    /** {@code jpcluster status}. */
    @Command(name = "status", description = "Show one cluster's state and engines.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--profile", defaultValue = "default", description = "profile name (default: ${DEFAULT-VALUE})")
        String profile;
        @Option(names = "--json", description = "print the cluster's state and engines (or the error) as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Optional<ClusterInfo> info = liveCluster(RuntimeDir.user(), Profile.checkName(profile));
            if (info.isEmpty()) {
                return fail(json, profile, "no cluster is running for profile '" + profile + "'");
            }
            if (json) {
                JsonObject o = ask(RuntimeDir.user(), profile).orElseThrow();
                OUT.println(CliJson.line(o));
                return o.has("error") || o.get("state").getAsString().equals("no-answer") ? 1 : 0;
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

    /** Prints a failure: the sentence on stderr and, with --json, {"error": sentence} on stdout; returns 1. */
    static int fail(boolean json, String profile, String sentence) {
        ERR.println("jpcluster: " + sentence);
        if (json) {
            OUT.println(CliJson.line(CliJson.error(profile, sentence)));
        }
        return 1;
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
