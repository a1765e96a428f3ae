package org.jparallel.cluster.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jparallel.cluster.client.ClusterClient;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.ClusterStatus;
import org.jparallel.cluster.model.Profiles;
import org.jparallel.cluster.model.RuntimeDir;
import org.jparallel.protocol.ClusterState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code jpcluster watch --json}: the profiles and the clusters, however they were started, as
 * one JSON line, and a new line after each change, until stdin closes. For tools that show live
 * state (the JupyterLab panel's server extension runs one per server): it watches the runtime and
 * profile directories (inotify through {@link WatchService}) and stays attached to each running
 * cluster's controller, whose events report engines registering, dying and state changes. A
 * cluster that failed and went away stays listed as failed, with its reason, until the profile
 * starts again.
 */
@Command(name = "watch", description = "Print the profiles and the clusters as a JSON line, and again after each change, until stdin closes.")
final class WatchCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger(WatchCommand.class.getName());
    /** How often the connection files are read again when nothing woke the loop (liveness of hosts). */
    private static final long TICK_MS = 1000;
    /** Changes closer than this are reported together. */
    private static final long SETTLE_MS = 60;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final String EOF = "eof";
    private static final String PROFILES = "profiles";
    private static final String CHANGED = "changed";

    @Option(names = "--json", description = "JSON output (the only output of watch; accepted as the other commands take it)")
    boolean json;

    /** A running cluster this watch follows: its file, and the client attached to its controller (null until connected). */
    private static final class Tracked {
        final ClusterInfo info;
        volatile ClusterClient client;
        volatile String problem = "";
        /** The controller's status when the cluster last failed; cleared when it starts again. */
        volatile JsonObject failed;

        void reported(JsonObject s) {
            ClusterState state = ClusterState.fromWire(ClusterStatus.from(s).state());
            if (state == ClusterState.FAILED) {
                failed = s;
            } else if (state == ClusterState.STARTING || state == ClusterState.RUNNING) {
                failed = null;
            }
        }
        volatile boolean connecting;
        long lastTry;

        Tracked(ClusterInfo info) {
            this.info = info;
        }
    }

    private final LinkedBlockingQueue<String> wake = new LinkedBlockingQueue<>();
    private final Map<String, Tracked> tracked = new HashMap<>();
    private final Map<String, JsonObject> ended = new LinkedHashMap<>();
    private final ExecutorService connector = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jpcluster-watch-connect");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Integer call() throws Exception {
        RuntimeDir runtime = RuntimeDir.user();
        Profiles profiles = Profiles.user();
        Files.createDirectories(profiles.dir());
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            WatchKey runtimeKey = runtime.dir().register(ws, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
            profiles.dir().register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            org.jparallel.support.Threads.startDaemon("jpcluster-watch-files", () -> forwardFileEvents(ws, runtimeKey));
            org.jparallel.support.Threads.startDaemon("jpcluster-watch-stdin", this::awaitStdinEnd);
            JsonArray profileList = CliJson.profiles(profiles);
            String last = "";
            while (true) {
                reconcile(runtime);
                String now = snapshot(profileList);
                if (!now.equals(last)) {
                    JpClusterCli.OUT.println(now);
                    last = now;
                }
                String why = wake.poll(TICK_MS, TimeUnit.MILLISECONDS);
                boolean profilesChanged = false;
                while (why != null) {
                    if (why.equals(EOF)) {
                        return 0;
                    }
                    profilesChanged |= why.equals(PROFILES);
                    why = wake.poll(SETTLE_MS, TimeUnit.MILLISECONDS);
                }
                if (profilesChanged) {
                    profileList = CliJson.profiles(profiles);
                }
            }
        } finally {
            connector.shutdownNow();
            tracked.values().forEach(WatchCommand::detach);
        }
    }

    private void forwardFileEvents(WatchService ws, WatchKey runtimeKey) {
        try {
            while (true) {
                WatchKey k = ws.take();
                k.pollEvents();
                wake.add(k == runtimeKey ? CHANGED : PROFILES);
                if (!k.reset()) {
                    LOG.warning("a watched directory went away: " + k.watchable());
                    wake.add(EOF);
                    return;
                }
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
            // the watch ends
        }
    }

    private void awaitStdinEnd() {
        try {
            while (System.in.read(new byte[256]) >= 0) {
                // tools keep stdin open while they want lines; what they send is ignored
            }
        } catch (IOException e) {
            // a broken stdin ends the watch as its end does
        }
        wake.add(EOF);
    }

    /** Follows the connection files: attaches to new clusters, lets go of those whose file went away. */
    private void reconcile(RuntimeDir runtime) {
        List<String> present = runtime.profiles();
        for (String p : present) {
            Optional<ClusterInfo> info;
            try {
                info = ClusterInfo.read(runtime.clusterFile(p));
            } catch (IOException e) {
                continue; // being written, or broken: `jpcluster list` names the problem
            }
            if (info.isEmpty()) {
                continue;
            }
            Tracked t = tracked.get(p);
            if (t != null && (t.info.pid() != info.get().pid() || !t.info.clientEndpoint().equals(info.get().clientEndpoint()))) {
                detach(t);
                t = null;
            }
            if (t == null) {
                t = new Tracked(info.get());
                tracked.put(p, t);
                ended.remove(p);
            }
            attach(t);
        }
        for (var it = tracked.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!present.contains(e.getKey())) {
                JsonObject failed = e.getValue().failed;
                if (failed != null) {
                    JsonObject last = CliJson.cluster(e.getValue().info, failed);
                    last.addProperty("ended", Instant.now().toString());
                    ended.put(e.getKey(), last);
                }
                detach(e.getValue());
                it.remove();
            }
        }
    }

    /** Connects to the cluster's controller in the background (a connect waits up to 3 s); again after a lost link. */
    private void attach(Tracked t) {
        ClusterClient c = t.client;
        if (c != null && c.lost() == null || t.connecting || !t.info.hostAlive()
                || System.nanoTime() - t.lastTry < RETRY_NANOS && t.lastTry != 0) {
            return;
        }
        t.connecting = true;
        t.lastTry = System.nanoTime();
        connector.execute(() -> {
            try {
                ClusterClient client = ClusterClient.connect(t.info, Duration.ofSeconds(3));
                t.reported(client.status());
                client.onStatus(s -> {
                    if (client.lost() == null) {
                        t.reported(s);
                    }
                    wake.add(CHANGED);
                });
                ClusterClient old = t.client;
                t.client = client;
                t.problem = "";
                if (old != null) {
                    old.close();
                }
            } catch (ClusterException e) {
                t.problem = e.getMessage();
            } finally {
                t.connecting = false;
                wake.add(CHANGED);
            }
        });
    }

    private static void detach(Tracked t) {
        ClusterClient c = t.client;
        if (c != null) {
            c.close();
        }
    }

    private static JsonObject describe(Tracked t) {
        ClusterClient c = t.client;
        if (!t.info.hostAlive()) {
            return CliJson.unreachable(t.info, "gone", "its " + t.info.owner() + " pid " + t.info.pid() + " is gone");
        }
        if (c != null && c.lost() == null) {
            return CliJson.cluster(t.info, c.status());
        }
        if (c != null && c.status().has("state")) {
            return CliJson.cluster(t.info, c.status()); // lost, or stopped as it went
        }
        return CliJson.unreachable(t.info, t.problem.isEmpty() ? "connecting" : "no-answer", t.problem);
    }

    private String snapshot(JsonArray profileList) {
        JsonArray clusters = new JsonArray();
        tracked.keySet().stream().sorted().forEach(p -> clusters.add(describe(tracked.get(p))));
        ended.values().forEach(clusters::add);
        JsonObject o = new JsonObject();
        o.add("profiles", profileList);
        o.add("clusters", clusters);
        return CliJson.line(o);
    }
}
