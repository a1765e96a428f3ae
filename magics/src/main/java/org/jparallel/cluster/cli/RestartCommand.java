package org.jparallel.cluster.cli;

import com.google.gson.JsonObject;
import org.jparallel.cluster.Cluster;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.ClusterStatus;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.RuntimeDir;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code jpcluster restart}: new engines for a running cluster. With the same engine count the
 * host restarts its engines in place (same controller, owner and key: attached notebooks stay
 * attached); with another count, or when nothing runs, it stops the cluster and starts a new one
 * as {@code jpcluster start} does.
 */
@Command(name = "restart", description = "Restart a cluster's engines (with -n, stop it and start that many).")
final class RestartCommand implements Callable<Integer> {
    @Option(names = "--profile", defaultValue = "default", description = "profile name (default: ${DEFAULT-VALUE})")
    String profile;
    @Option(names = {"-n", "--engines"}, description = "number of engines (default: as many as now)")
    Integer engines;
    @Option(names = "--timeout", description = "seconds to wait for the engines (default: the profile's start.timeout)")
    Integer timeout;
    @Option(names = "--json", description = "print the restarted cluster (or the error) as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Profile p = JpClusterCli.configured(profile, engines, null, timeout);
        RuntimeDir runtime = RuntimeDir.user();
        Optional<ClusterInfo> live = JpClusterCli.liveCluster(runtime, p.name());
        if (live.isPresent() && (engines == null || engines == live.get().engines())) {
            long t0 = System.nanoTime();
            Duration wait = p.startTimeout().plusSeconds(15);
            try (Cluster c = Cluster.connect(p.name(), wait)) {
                c.restart();
                ClusterStatus s = c.status();
                if (json) {
                    JsonObject o = CliJson.cluster(live.get(), s);
                    o.addProperty("seconds", (System.nanoTime() - t0) / 1e9);
                    JpClusterCli.OUT.println(CliJson.line(o));
                } else {
                    JpClusterCli.OUT.printf("cluster '%s' restarted: %d engines in %.1f s%n", p.name(), s.running(),
                            (System.nanoTime() - t0) / 1e9);
                }
                return 0;
            } catch (ClusterException e) {
                return JpClusterCli.fail(json, p.name(), e.getMessage());
            }
        }
        if (live.isPresent()) {
            try {
                JpClusterCli.Stop.stopLive(live.get());
                awaitGone(runtime.clusterFile(p.name()), Duration.ofSeconds(20));
            } catch (ClusterException e) {
                return JpClusterCli.fail(json, p.name(), e.getMessage());
            }
        }
        JpClusterCli.Start start = new JpClusterCli.Start();
        start.profile = p.name();
        start.engines = engines;
        start.timeout = timeout;
        start.json = json;
        return start.call();
    }

    /** Waits until the stopped host has removed the cluster's connection file (a kernel removes it after replying). */
    private static void awaitGone(Path file, Duration wait) throws IOException, InterruptedException {
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            file.getParent().register(ws, StandardWatchEventKinds.ENTRY_DELETE);
            long end = System.nanoTime() + wait.toNanos();
            while (Files.exists(file)) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new ClusterException("the cluster '" + file.getFileName() + "' was asked to stop but its connection file "
                            + file + " is still there after " + wait.toSeconds() + " s");
                }
                WatchKey k = ws.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
            }
        }
    }
}
