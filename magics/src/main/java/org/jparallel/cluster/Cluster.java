package org.jparallel.cluster;

import org.jparallel.cluster.client.ClusterClient;
import org.jparallel.cluster.client.ReadyWait;
import org.jparallel.cluster.host.ClusterHost;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.ClusterStatus;
import org.jparallel.cluster.model.EngineStatus;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.Profiles;
import org.jparallel.cluster.model.RuntimeDir;
import org.jparallel.notebook.Progress;

import org.jparallel.protocol.ClientProtocol;

import com.google.gson.JsonObject;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.wire.Message;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A cluster of engine JVMs (one per MPI rank) as a notebook uses it.
 *
 * <pre>{@code
 * Cluster cluster = Cluster.start("default", 4);       // this kernel starts 4 engines under mpirun
 * Cluster cluster = Cluster.connect("example-shas");   // or attach to one started by `jpcluster start`
 * cluster.ids();                                        // [0, 1, 2, 3]
 * cluster.execute(null, "engineId * 10", listener).get().get(2).textPlain();   // "20"
 * cluster.stop();
 * }</pre>
 *
 * <p>Whoever starts a cluster (this kernel, or a jpcluster daemon) hosts its controller and owns
 * its engines; every user, the starter included, talks to the controller over its signed client
 * port. A cluster this kernel started stops with the kernel; one started by jpcluster outlives it.
 */
public final class Cluster implements ClusterLink, AutoCloseable {
    /** How long {@link #connect(String)} waits for the engines when the profile gives no start timeout. */
    static final Duration CONNECT_REACH = Duration.ofSeconds(5);

    private final String profile;
    private final ClusterClient client;
    private final ClusterHost host; // non-null when this JVM started the cluster
    private final org.jparallel.cluster.ship.LibraryShipper libraries = new org.jparallel.cluster.ship.LibraryShipper();

    private Cluster(String profile, ClusterClient client, ClusterHost host) {
        this.profile = profile;
        this.client = client;
        this.host = host;
    }

    /** Starts the profile's engines with its launcher; waits until all have registered. */
    public static Cluster start(String profile) {
        Profile p = Profiles.user().loadOrDefaults(profile);
        return start(p, LocalClusters.progress());
    }

    /** Starts n engines for the profile with its launcher (mpi by default); waits until all have registered. */
    public static Cluster start(String profile, int n) {
        return start(Profiles.user().loadOrDefaults(profile).withEngines(n), LocalClusters.progress());
    }

    /** Starts n engines for the profile with the given launcher ("mpi" or "local"); waits until all have registered. */
    public static Cluster start(String profile, int n, String launcher) {
        return start(Profiles.user().loadOrDefaults(profile).withEngines(n).withLauncher(launcher), LocalClusters.progress());
    }

    /** Starts a cluster for a complete profile, showing progress; waits until all engines have registered. */
    public static Cluster start(Profile profile, Progress progress) {
        long t0 = System.nanoTime();
        ClusterHost host = ClusterHost.start(profile, ClusterInfo.OWNER_KERNEL, RuntimeDir.user(), null);
        Cluster c = null;
        try {
            c = new Cluster(profile.name(), ClusterClient.connect(host.info(), CONNECT_REACH), host);
            LocalClusters.opened(c);
            c.awaitReady(profile.startTimeout().plusSeconds(10), progress, t0);
            c.shareLibrariesQuietly();
        } catch (RuntimeException | Error e) {
            // also when the cell is stopped while it waits: no engines may be left behind
            boolean interrupted = Thread.interrupted(); // let the stop wait for the engines
            host.close();
            if (c != null) { // a cluster that never ran is not the active one
                c.client.close();
                LocalClusters.closed(c);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        return c;
    }

    /**
     * Attaches to the profile's running cluster when there is one (started by jpcluster or another
     * kernel), otherwise starts one here with n engines (with the profile's settings, or the defaults
     * when the profile has no file yet): the first cell of a notebook that works on a shared cluster
     * and alone.
     */
    public static Cluster connectOrStart(String profile, int n) {
        Profile.checkName(profile);
        Optional<ClusterInfo> info;
        try {
            info = ClusterInfo.read(RuntimeDir.user().clusterFile(profile));
        } catch (IOException e) {
            info = Optional.empty();
        }
        boolean running = info.isPresent()
                && (!info.get().hostname().equals(org.jparallel.link.HostName.local()) || info.get().hostAlive());
        if (running) {
            return connect(profile);
        }
        // A profile nobody has written yet starts with the defaults, as ipcluster creates a profile on first use.
        Profiles profiles = Profiles.user();
        Profile p = profiles.exists(profile) ? profiles.load(profile) : Profile.defaults(profile);
        return start(p.withEngines(n), LocalClusters.progress());
    }

    /** Attaches to the running cluster of a profile (started by jpcluster or by a kernel); waits for its engines. */
    public static Cluster connect(String profile) {
        return connect(profile, Duration.ofSeconds(60), LocalClusters.progress());
    }

    /** Attaches to the running cluster of a profile, waiting at most the timeout for its engines. */
    public static Cluster connect(String profile, Duration timeout) {
        return connect(profile, timeout, LocalClusters.progress());
    }

    /** Attaches to the running cluster of a profile, showing progress while its engines register. */
    public static Cluster connect(String profile, Duration timeout, Progress progress) {
        Profile.checkName(profile);
        long t0 = System.nanoTime();
        RuntimeDir dir = RuntimeDir.user();
        ClusterInfo info;
        try {
            info = ClusterInfo.read(dir.clusterFile(profile)).orElseThrow(() -> new ClusterException(
                    "no cluster is running for profile '" + profile + "' (no " + dir.clusterFile(profile) + "): start one with "
                            + "`jpcluster start --profile " + profile + " -n 4` or Cluster.start(\"" + profile + "\", 4)"));
        } catch (IOException e) {
            throw new ClusterException(e.getMessage(), e);
        }
        if (info.hostname().equals(org.jparallel.link.HostName.local()) && !info.hostAlive()) {
            throw new ClusterException("the cluster for profile '" + profile + "' is gone: its " + info.owner()
                    + " process (pid " + info.pid() + ") has exited" + (info.log().isEmpty() ? "" : "; see " + info.log())
                    + ". Start a new one with `jpcluster start --profile " + profile + "`");
        }
        Cluster c = new Cluster(profile, ClusterClient.connect(info, CONNECT_REACH), null);
        LocalClusters.opened(c);
        try {
            c.awaitReady(timeout, progress, t0);
            c.shareLibrariesQuietly();
        } catch (RuntimeException | Error e) {
            c.client.close();
            LocalClusters.closed(c);
            throw e;
        }
        return c;
    }

    /** The cluster most recently started or connected in this JVM and not closed since. */
    public static Optional<Cluster> active() {
        return LocalClusters.active();
    }

    /** Stops the clusters this JVM started and disconnects from the others (the kernel calls this at shutdown). */
    public static void closeAll() {
        LocalClusters.closeAll();
    }

    /** Sets what shows start-up progress when none is given (the kernel shows it in the running cell). */
    public static void setDefaultProgress(java.util.function.Supplier<Progress> factory) {
        LocalClusters.setProgress(factory);
    }

    /** The profile's name. */
    public String profile() {
        return profile;
    }

    /** The ids of the engines that can serve requests (MPI ranks), ascending. */
    @Override
    public List<Integer> ids() {
        return cachedStatus().runningIds();
    }

    /** Whether this JVM started the cluster (then it stops with this JVM). */
    public boolean owned() {
        return host != null;
    }

    /** The cluster's status, asked from the controller (or the last known one when it cannot be reached). */
    public ClusterStatus status() {
        if (client.lost() != null) {
            return cachedStatus();
        }
        try {
            return ClusterStatus.from(client.call(ClientProtocol.STATUS_REQUEST, new JsonObject())
                    .get(5, TimeUnit.SECONDS).content());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cachedStatus();
        } catch (ExecutionException | TimeoutException e) {
            return cachedStatus();
        }
    }

    private ClusterStatus cachedStatus() {
        return ClusterStatus.from(client.status());
    }

    /**
     * Runs code on engines. The future completes when every target has answered (or died); it
     * never completes exceptionally for an engine's error: each {@link EngineResult} tells
     * (status OK, ERROR with the user's exception or compile error, or DIED with a sentence
     * naming the engine, how it ended and what became of the others).
     *
     * @param targets engine ids; null or empty for every running engine
     * @param code    Java code for each engine's JShell (state persists across requests; the
     *                variables {@code engineId} and {@code engineCount} are predefined)
     * @param events  receives each engine's output, result, failure and end as they arrive, on one
     *                delivery thread (return quickly: later deliveries wait); null for none
     * @throws ClusterException when a target is not an engine of this cluster
     */
    @Override
    public CompletableFuture<ExecuteResults> execute(Collection<Integer> targets, String code,
                                                     Consumer<? super EngineEvent> events) {
        List<Integer> ids = targets(targets);
        RunOutputs outputs = new RunOutputs(ids);
        if (events != null) {
            outputs.listen(events);
        }
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("silent", false);
        for (int id : ids) {
            client.request(id, EngineProtocol.EXECUTE_REQUEST, content, List.of(), new ExecuteEvents(id, outputs));
        }
        return outputs.results(code);
    }

    /** Runs code on engines (null or empty: all running) and gives their results; see the three-argument form. */
    public CompletableFuture<ExecuteResults> execute(Collection<Integer> targets, String code) {
        return execute(targets, code, null);
    }

    /**
     * Sends a request of any registered type to one engine (the engine side is an
     * {@link org.jparallel.engine.EngineHandler}). onMessage gets every message the engine sends
     * for it, the final one included, on the delivery thread. The future completes with the final
     * message: the reply (NAME_reply), or an engine_failure (ename "EngineDied") when the engine
     * died, was stopped or the cluster could not be reached. Wrap it in {@link EngineReply} to read it.
     */
    @Override
    public CompletableFuture<Message> request(int engineId, String msgType, JsonObject content, List<byte[]> buffers,
                                              Consumer<Message> onMessage) {
        targets(List.of(engineId));
        return client.request(engineId, msgType, content, buffers, onMessage == null ? m -> { } : onMessage);
    }

    /** Sends the same request to several engines (null or empty: all running); completes when all have answered. */
    public CompletableFuture<Map<Integer, EngineReply>> requestAll(Collection<Integer> targets, String msgType,
                                                                   JsonObject content, List<byte[]> buffers,
                                                                   Consumer<Message> onMessage) {
        Map<Integer, CompletableFuture<EngineReply>> parts = new LinkedHashMap<>();
        for (int id : targets(targets)) {
            parts.put(id, request(id, msgType, content, buffers, onMessage).thenApply(m -> new EngineReply(id, m)));
        }
        return CompletableFuture.allOf(parts.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<Integer, EngineReply> out = new LinkedHashMap<>();
            parts.forEach((id, f) -> out.put(id, f.join()));
            return out;
        });
    }

    /** Interrupts what the engines run now (served even while a request runs); true per engine that was busy. */
    @Override
    public CompletableFuture<Map<Integer, Boolean>> interrupt(Collection<Integer> targets) {
        return requestAll(targets, EngineProtocol.INTERRUPT_REQUEST, new JsonObject(), List.of(), null).thenApply(m -> {
            Map<Integer, Boolean> out = new LinkedHashMap<>();
            m.forEach((id, r) -> out.put(id, r.ok() && r.content().has("interrupted") && r.content().get("interrupted").getAsBoolean()));
            return out;
        });
    }

    /** Where each engine is now: the running request and its thread's frames (all threads when asked). */
    @Override
    public CompletableFuture<Map<Integer, EngineStack>> stacks(Collection<Integer> targets, boolean allThreads) {
        JsonObject c = new JsonObject();
        c.addProperty("all_threads", allThreads);
        return requestAll(targets, EngineProtocol.STACK_REQUEST, c, List.of(), null).thenApply(m -> {
            Map<Integer, EngineStack> out = new LinkedHashMap<>();
            m.forEach((id, r) -> out.put(id, EngineStack.from(r)));
            return out;
        });
    }

    /** Every engine, as a {@link View} to run functions and move data (push, pull, scatter, gather, apply, map). */
    public View view() {
        return View.of(this, TargetSpec.all());
    }

    /** Some engines, as a {@link View}: "all", "3", "0,2", "1:3", "::2" (Python slices over the ids). */
    public View view(String targets) {
        return View.of(this, TargetSpec.parse(targets));
    }

    /** These engines, as a {@link View}. */
    public View view(List<Integer> targets) {
        return View.of(this, TargetSpec.of(targets));
    }

    /** Stops the engines and new ones start (same profile and count); waits until they have registered. */
    public void restart() {
        long t0 = System.nanoTime();
        Message reply = await(client.call(ClientProtocol.RESTART_REQUEST, new JsonObject()), Duration.ofSeconds(30), "restart");
        if (!"ok".equals(reply.contentString("status", ""))) {
            throw new ClusterException("the cluster '" + profile + "' could not restart: " + reply.contentString("detail", ""));
        }
        Profile p = host != null ? host.profile() : null;
        awaitReady(p != null ? p.startTimeout().plusSeconds(10) : Duration.ofSeconds(70), LocalClusters.progress(), t0);
        shareLibrariesQuietly();
    }

    /** How long sharing the notebook's libraries waits for the engines' answers. */
    static final Duration LIBRARY_WAIT = Duration.ofSeconds(120);

    /**
     * Gives every running engine the notebook's libraries (the jars added with %maven, %jars or
     * %%loadFromPOM, ahead of the engines' own libraries, as in the kernel), so that %px code and
     * shipped lambdas can use them. {@link #start}, {@link #connect} and {@link #restart} do this, and
     * %maven does it for every open cluster. A jar the engine's machine has at the same path with the
     * same content (a shared file system) is used in place; others travel over the cluster's link
     * once and are cached on the engines' machines. Returns the engines that have them all.
     *
     * @throws ClusterException naming the engines that do not have them, and why
     */
    public List<Integer> shareLibraries() {
        List<java.nio.file.Path> jars = notebookJars();
        List<Integer> ids = ids();
        if (jars.isEmpty() || ids.isEmpty()) {
            return ids;
        }
        org.jparallel.cluster.ship.LibraryShipper.Report r;
        try {
            r = libraries.share((id, type, content, buffers) -> client.request(id, type, content, buffers, m -> { }),
                    ids, jars, LIBRARY_WAIT);
        } catch (IOException e) {
            throw new ClusterException("the notebook's libraries could not be given to the engines: " + e.getMessage(), e);
        }
        if (!r.failures().isEmpty()) {
            StringBuilder why = new StringBuilder();
            r.failures().forEach((id, w) -> why.append(why.length() == 0 ? "" : "; ").append("engine ").append(id).append(": ").append(w));
            throw new ClusterException("the notebook's libraries did not reach every engine of '" + profile + "': " + why);
        }
        return r.ready();
    }

    /** Public jars of the kernel's notebook (directories of classes stay in the kernel). */
    private static List<java.nio.file.Path> notebookJars() {
        if (!org.jparallel.notebook.CellContext.isSet()) {
            return List.of();
        }
        return org.jparallel.notebook.CellContext.current().evaluator().libraries().stream()
                .filter(java.nio.file.Files::isRegularFile).toList();
    }

    /** After start, connect and restart: a failure to share is shown in the cell, the cluster stays. */
    private void shareLibrariesQuietly() {
        try {
            shareLibraries();
        } catch (ClusterException e) {
            if (org.jparallel.notebook.CellContext.isSet()) {
                org.jparallel.notebook.CellContext.current().stream("stderr", "Warning: " + e.getMessage() + "\n");
            }
        }
    }

    /** The clusters this kernel has open, oldest first. */
    public static List<Cluster> openClusters() {
        return LocalClusters.all();
    }

    /** Stops the engines (whoever started them) and disconnects. */
    public void stop() {
        try {
            if (host != null) {
                host.close();
            } else if (client.lost() == null) {
                JsonObject c = new JsonObject();
                c.addProperty("by", "a kernel (pid " + ProcessHandle.current().pid() + ")");
                await(client.call(ClientProtocol.STOP_REQUEST, c), Duration.ofSeconds(20), "stop");
            }
        } finally {
            client.close();
            LocalClusters.closed(this);
        }
    }

    /** Disconnects; a cluster this JVM started is stopped, one started by jpcluster keeps running. */
    @Override
    public void close() {
        if (host != null) {
            stop();
        } else {
            client.close();
            LocalClusters.closed(this);
        }
    }

    @Override
    public String toString() {
        return "Cluster[" + profile + ": " + cachedStatus().summary() + "]";
    }

    private List<Integer> targets(Collection<Integer> targets) {
        ClusterStatus s = cachedStatus();
        if (targets == null || targets.isEmpty()) {
            List<Integer> all = s.runningIds();
            if (all.isEmpty()) {
                throw new ClusterException("the cluster '" + profile + "' has no running engines (" + s.summary() + ")");
            }
            return all;
        }
        List<Integer> known = s.engines().stream().map(EngineStatus::id).toList();
        for (Integer t : targets) {
            if (t == null || (!known.contains(t) && (t < 0 || t >= s.expected()))) {
                throw new ClusterException("there is no engine " + t + " in the cluster '" + profile + "': its engines are "
                        + (s.expected() == 0 ? "none" : "0-" + (s.expected() - 1)));
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(targets));
    }

    private Message await(CompletableFuture<Message> f, Duration limit, String what) {
        try {
            return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while waiting for the cluster '" + profile + "' to " + what);
        } catch (ExecutionException e) {
            throw new ClusterException("the cluster '" + profile + "' could not " + what + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new ClusterException("the cluster '" + profile + "' did not " + what + " within " + limit.toSeconds()
                    + " s; its controller is " + client.info().owner() + " pid " + client.info().pid());
        }
    }

    private void awaitReady(Duration timeout, Progress progress, long t0) {
        ReadyWait.await(client, profile, timeout, progress, t0);
    }

    ClusterClient client() {
        return client;
    }

    ClusterHost host() {
        return host;
    }
}
