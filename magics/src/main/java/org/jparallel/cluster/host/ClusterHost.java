package org.jparallel.cluster.host;

import org.jparallel.protocol.ClusterState;
import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.cluster.launch.LaunchSpec;
import org.jparallel.cluster.launch.EngineLauncher;
import org.jparallel.cluster.launch.Launchers;
import org.jparallel.cluster.launch.MpiJar;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.EngineStatus;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.RuntimeDir;

import org.jparallel.protocol.ClientProtocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.link.HostName;
import org.jparallel.support.Threads;
import org.jparallel.wire.Curve;
import org.jparallel.wire.WireCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The process side of a cluster: hosts the controller, launches the engines, watches them,
 * stops and restarts them, and keeps the cluster's connection file. It lives in the process that
 * started the cluster: a notebook's kernel ({@code Cluster.start}) or a jpcluster daemon; every
 * user of the cluster, that process included, talks to it through the controller's client port.
 */
public final class ClusterHost implements Controller.Host, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterHost.class.getName());

    private final Profile profile;
    private final String owner;
    private final Path file;
    private final Path log;
    private final String key;
    private final org.zeromq.ZMQ.Curve.KeyPair curve;
    private final String curveKeys;
    private final Controller controller;
    private final ClusterInfo info;
    private final String started = WireCodec.now();
    private final EngineLauncher launcher;
    private final Optional<Path> mpiJar;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final EngineWatch watch;
    private final Thread shutdownHook;
    private volatile LaunchedEngines processes;
    private volatile ClusterState state = ClusterState.STARTING;
    private volatile String detail = "";
    private volatile String warning = "";
    private volatile long launchedNanos;
    private volatile boolean closed;
    private volatile boolean everRan;
    private volatile Optional<CdsArchive> cds = Optional.empty();
    private final java.util.List<java.util.function.Consumer<ClusterState>> stateListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private ClusterHost(Profile profile, String owner, RuntimeDir runtime, Path log) {
        this.profile = profile;
        this.owner = owner;
        this.file = runtime.clusterFile(profile.name());
        this.log = log;
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = HexFormat.of().formatHex(k);
        this.launcher = Launchers.forProfile(profile);
        String bind = launcher.controllerBind(profile);
        String advertised = bind.equals("0.0.0.0") || bind.equals("*") ? HostName.local() : bind;
        // Beyond loopback the links are encrypted too (JPARALLEL_CURVE=on|off|auto decides otherwise).
        this.curve = wantsCurve(bind) ? Curve.newKeyPair() : null;
        // the client key pair the CURVE servers admit (ZAP): engines get it in their environment,
        // clients in the 0600 cluster file; the server's public key alone lets nobody in
        org.zeromq.ZMQ.Curve.KeyPair clientKeys = curve == null ? null : Curve.newKeyPair();
        this.curveKeys = curve == null ? "" : Curve.clientKeys(curve, clientKeys);
        this.controller = new Controller(key, bind.equals("*") ? "0.0.0.0" : bind, advertised, profile.engines(), this,
                profile.name(), curve, profile.messageLimit(), clientBind(profile),
                clientKeys == null ? null : clientKeys.publicKey);
        this.info = new ClusterInfo(profile.name(), owner, ProcessHandle.current().pid(), HostName.local(), started,
                profile.engines(), profile.launcher(), controller.clientEndpoint(), controller.engineEndpoint(), key,
                log == null ? "" : log.toString(), curveKeys,
                profile.messageLimit().megabytes());
        this.mpiJar = launcher.usesMpi() ? MpiJar.locate() : Optional.empty();
        this.watch = new EngineWatch(this, controller, profile);
        this.shutdownHook = new Thread(Threads.group(), this::closeQuietly, "jparallel-stop-" + profile.name());
    }

    /**
     * Starts a cluster for the profile (its engine count and launcher as given): refuses when
     * one is running for that profile, writes the connection file, launches the engines and
     * returns without waiting for them (clients wait through the controller).
     */
    public static ClusterHost start(Profile profile, String owner, RuntimeDir runtime, Path log) {
        Launchers.forProfile(profile).check(profile);
        Path f = runtime.clusterFile(profile.name());
        try {
            Optional<ClusterInfo> old = ClusterInfo.read(f);
            if (old.isPresent() && old.get().hostAlive() && old.get().pid() != ProcessHandle.current().pid()) {
                ClusterInfo o = old.get();
                throw new ClusterException("a cluster for profile '" + profile.name() + "' is already running ("
                        + (o.owner().equals(ClusterInfo.OWNER_JPCLUSTER) ? "started by jpcluster" : "started by a kernel")
                        + ", pid " + o.pid() + ", " + o.engines() + " engines): attach to it with Cluster.connect(\""
                        + profile.name() + "\"), or stop it first with `jpcluster stop --profile " + profile.name() + "`");
            }
            if (old.isPresent() && old.get().pid() == ProcessHandle.current().pid()) {
                throw new ClusterException("this process already hosts the cluster '" + profile.name()
                        + "': use Cluster.connect(\"" + profile.name() + "\") or stop it first");
            }
            Files.deleteIfExists(f); // a stale file of a host that is gone
        } catch (IOException e) {
            LOG.log(Level.WARNING, "ignoring an unreadable cluster file " + f, e);
        }
        ClusterHost host = new ClusterHost(profile, owner, runtime, log);
        try {
            host.info.write(f);
            host.launch();
        } catch (RuntimeException | IOException e) {
            host.controller.close();
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // nothing more to clean
            }
            throw e instanceof ClusterException ce ? ce
                    : new ClusterException("the cluster '" + profile.name() + "' could not start: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(host.shutdownHook);
        host.watch.start();
        return host;
    }

    private void launch() {
        Map<String, String> env = new HashMap<>();
        env.put(EngineProtocol.ENV_KEY, key);
        env.put(EngineProtocol.ENV_CONTROLLER, controller.engineEndpoint());
        env.put(org.jparallel.wire.MessageLimit.ENV, Long.toString(info.messageLimitMb()));
        if (curve != null) {
            env.put(EngineProtocol.ENV_CURVE_SERVER_KEY, curveKeys);
        }
        mpiJar.ifPresent(j -> env.put(EngineProtocol.ENV_MPI_JAR, j.toString()));
        for (String v : List.of("JPARALLEL_DEBUG", EngineProtocol.ENV_HEARTBEAT_MS, EngineProtocol.ENV_HEARTBEAT_TIMEOUT,
                EngineProtocol.ENV_OUTPUT_LIMIT_MB)) {
            String value = System.getenv(v);
            if (value != null) {
                env.put(v, value);
            }
        }
        String outputLimit = System.getenv(EngineProtocol.ENV_OUTPUT_LIMIT_MB);
        if (outputLimit != null && outputLimit.trim().matches("0+(\\.0*)?")) {
            // 0 keeps its old meaning (no cap), but never silently: a flood then fills the kernel's memory
            warning = EngineProtocol.ENV_OUTPUT_LIMIT_MB + "=0 turns the engines' output cap off: a cell that prints "
                    + "without end can fill the kernel's memory; set a size in MB (the default is 4) to cap it";
            LOG.warning(warning);
        }
        if (launcher.usesMpi() && mpiJar.isEmpty()) {
            warning = MpiJar.missingMessage();
        } else if (mpiJar.isPresent() && !Files.isRegularFile(mpiJar.get())) {
            warning = "MPI_JAR names " + mpiJar.get() + ", which does not exist; `import mpi.*;` will not compile on the engines";
        }
        List<String> command = EngineCommand.build(profile, mpiJar);
        cds = CdsArchive.forCommand(command);
        cds.ifPresent(a -> command.addAll(1, a.options()));
        LaunchSpec spec = new LaunchSpec(profile, profile.engines(), command, env, file.getParent());
        watch.reset();
        detail = "";
        launchedNanos = System.nanoTime();
        LaunchedEngines p = launcher.launch(spec);
        processes = p;
        state = ClusterState.STARTING; // after processes: the watch reads the state first (see EngineWatch.check)
        p.onAnyExit(watch::wake);
        LOG.fine(() -> "launched " + p.describe() + " for " + profile.engines() + " engines");
    }

    /**
     * Where the client port listens: 127.0.0.1 unless the profile's controller.client.bind says
     * otherwise. Only engines need to reach the controller from other hosts.
     */
    private static String clientBind(Profile profile) {
        String b = profile.setting("controller.client.bind", "127.0.0.1").trim();
        return b.isEmpty() ? "127.0.0.1" : b.equals("*") ? "0.0.0.0" : b;
    }

    private static boolean wantsCurve(String bind) {
        try {
            boolean on = Curve.wanted(bind);
            if (!on && !Curve.isLoopback(bind)) {
                LOG.warning("the controller binds to " + bind + " without encryption (" + Curve.ENV_POLICY + "=off): "
                        + "anyone on the network can read the cluster's messages");
            }
            return on;
        } catch (IllegalArgumentException e) {
            throw new ClusterException(e.getMessage() + "; unset it or use auto, on or off", e);
        }
    }

    /** The connection file contents. */
    public ClusterInfo info() {
        return info;
    }

    public Profile profile() {
        return profile;
    }

    ClusterState state() {
        return state;
    }

    String detail() {
        return detail;
    }

    LaunchedEngines processes() {
        return processes;
    }

    long launchedNanos() {
        return launchedNanos;
    }

    Controller controller() {
        return controller;
    }

    /** Calls the listener (on the thread that changes the state) with each new state. */
    public void onState(java.util.function.Consumer<ClusterState> listener) {
        stateListeners.add(listener);
    }

    /** Whether all engines were running at some point. */
    public boolean everRan() {
        return everRan;
    }

    /** Changes the state and tells the clients. */
    void setState(ClusterState s, String why) {
        state = s;
        detail = why == null ? "" : why;
        if (s == ClusterState.RUNNING) {
            everRan = true;
            cds.ifPresent(CdsArchive::trainInBackground); // for the next start, once these engines are up
        }
        stateListeners.forEach(l -> l.accept(s));
        LOG.fine(() -> "cluster " + profile.name() + ": " + s + (detail.isEmpty() ? "" : " (" + detail + ")"));
        JsonObject ev = new JsonObject();
        ev.addProperty("event", "state");
        controller.broadcast(ev);
    }

    @Override
    public String admit(int engineId, int engineCount, JsonObject registration) {
        return state == ClusterState.STARTING || state == ClusterState.RUNNING ? null
                : "the cluster is " + state + " and takes no new engines";
    }

    @Override
    public void engineRegistered(EngineStatus engine, JsonObject registration) {
        long running = controller.engines().values().stream().filter(EngineStatus::running).count();
        LOG.fine(() -> "engine " + engine.id() + " registered (pid " + engine.pid() + ", "
                + registration.get("startup_ms") + " ms after its JVM started)");
        if (registration.has("mpi") && registration.get("mpi").isJsonObject()) {
            JsonObject mpi = registration.getAsJsonObject("mpi");
            String w = mpi.has("warning") ? mpi.get("warning").getAsString() : "";
            if (!w.isEmpty() && warning.isEmpty()) {
                warning = "engine " + engine.id() + ": " + w; // the same on every rank: say it once
            }
        }
        if (state == ClusterState.STARTING && running >= profile.engines()) {
            setState(ClusterState.RUNNING, "");
        }
    }

    @Override
    public JsonObject statusContent() {
        JsonObject c = new JsonObject();
        c.addProperty("profile", profile.name());
        c.addProperty("state", state.wireName());
        c.addProperty("detail", detail);
        c.addProperty("warning", warning);
        c.addProperty("launcher", profile.launcher());
        c.addProperty("expected", profile.engines());
        c.addProperty("owner", owner);
        c.addProperty("pid", info.pid());
        c.addProperty("hostname", info.hostname());
        c.addProperty("started", started);
        LaunchedEngines p = processes;
        c.addProperty("launcher_process", p == null ? "" : p.describe());
        if (p != null) {
            c.add("launch", p.toJson());
            p.waiting().ifPresent(w -> c.addProperty("waiting", w));
            c.addProperty("queued", p.queued());
        }
        c.addProperty("dropped_messages", controller.dropped());
        JsonArray engines = new JsonArray();
        for (EngineStatus e : controller.engines().values()) {
            JsonObject o = new JsonObject();
            o.addProperty("id", e.id());
            o.addProperty("state", e.state());
            o.addProperty("pid", e.pid());
            o.addProperty("host", e.host());
            o.addProperty("busy", e.busy());
            o.addProperty("detail", e.detail());
            engines.add(o);
        }
        c.add("engines", engines);
        return c;
    }

    @Override
    public void clientCall(Controller.ClientCall call) {
        switch (call.type()) {
            case ClientProtocol.STATUS_REQUEST -> call.reply(statusContent());
            case ClientProtocol.STOP_REQUEST -> Threads.startDaemon("jparallel-stop-" + profile.name(), () -> {
                String by = call.content().has("by") ? call.content().get("by").getAsString() : "a client";
                stopEngines("stopped by " + by);
                JsonObject r = new JsonObject();
                r.addProperty("status", "ok");
                r.addProperty("detail", detail);
                call.reply(r);
                close();
            });
            case ClientProtocol.RESTART_REQUEST -> Threads.startDaemon("jparallel-restart-" + profile.name(), () -> {
                JsonObject r = new JsonObject();
                try {
                    restart();
                    r.addProperty("status", "ok");
                } catch (ClusterException e) {
                    r.addProperty("status", "error");
                    r.addProperty("detail", e.getMessage());
                }
                call.reply(r);
            });
            default -> LOG.warning("unexpected client call " + call.type());
        }
    }

    /** Stops the engines (shutdown request, then signals), keeping the controller for a restart. */
    synchronized void stopEngines(String why) {
        LaunchedEngines p = processes;
        if (p == null || state == ClusterState.STOPPED) {
            return;
        }
        setState(ClusterState.STOPPING, why);
        controller.shutdownEngines();
        try {
            // engines finalize MPI (bounded by 5 s in each engine) and exit; mpirun follows
            if (!p.awaitExit(Duration.ofSeconds(7))) {
                LOG.warning("the engines did not exit after a shutdown request; terminating " + p.describe());
                p.terminate(Duration.ofSeconds(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.terminate(Duration.ofMillis(500));
        }
        controller.enginesGone(controller.engines().keySet(), EngineStatus.STOPPED, "the cluster was stopped (" + why + ")");
        setState(ClusterState.STOPPED, why);
    }

    /** Stops the engines and starts new ones with the same key and ports (clients stay connected). */
    synchronized void restart() {
        if (closed) {
            throw new ClusterException("the cluster '" + profile.name() + "' was stopped; start a new one");
        }
        stopEngines("restarting");
        controller.reset(profile.engines());
        try {
            launch();
            setState(ClusterState.STARTING, "restarting");
        } catch (ClusterException e) {
            setState(ClusterState.FAILED, e.getMessage());
            throw e;
        }
    }

    /** Blocks until the host is closed (the jpcluster daemon's main thread waits here). */
    public void awaitTerminated() throws InterruptedException {
        terminated.await();
    }

    /** Stops the engines, closes the controller and removes the connection file. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        stopEngines("the host is closing");
        watch.stop();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove the cluster file " + file, e);
        }
        controller.close(); // sends what is queued (last events, replies) first
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this is the hook running
        }
        terminated.countDown();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stopping the cluster at exit failed", e);
        }
    }

    boolean isClosed() {
        return closed;
    }

    Path logFile() {
        return log;
    }
}
