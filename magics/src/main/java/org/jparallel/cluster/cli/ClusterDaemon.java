package org.jparallel.cluster.cli;

import org.jparallel.protocol.ClusterState;
import org.jparallel.cluster.host.ClusterHost;
import org.jparallel.cluster.host.EngineCommand;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.RuntimeDir;

import org.jparallel.support.Logging;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The background JVM of {@code jpcluster start}: hosts a cluster's controller and engines until
 * {@code jpcluster stop} (or a notebook's {@code cluster.stop()}) ends it. Started detached
 * (setsid), with its output in the runtime directory's log file.
 */
public final class ClusterDaemon {
    private static final Logger LOG = Logger.getLogger(ClusterDaemon.class.getName());

    private ClusterDaemon() {
    }

    /** Runs a cluster in this JVM until it is stopped; returns the exit code. */
    static int run(Profile profile) throws InterruptedException {
        Logging.configure("jpcluster " + profile.name());
        RuntimeDir runtime = RuntimeDir.user();
        ClusterHost host;
        try {
            host = ClusterHost.start(profile, ClusterInfo.OWNER_JPCLUSTER, runtime, runtime.logFile(profile.name()));
        } catch (ClusterException e) {
            LOG.severe(e.getMessage());
            return 1;
        }
        // A cluster that never got all its engines has nothing to serve: leave once the waiting
        // client has had time to read why.
        host.onState(state -> {
            if (state == ClusterState.FAILED && !host.everRan()) {
                org.jparallel.support.Threads.startDaemon("jpcluster-exit", () -> {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    host.close();
                });
            }
        });
        host.awaitTerminated();
        LOG.fine("the cluster " + profile.name() + " has stopped");
        return 0;
    }

    /**
     * Starts a daemon JVM for the profile (detached from the terminal) and returns its process.
     * It runs this JVM's java with this JVM's class path.
     */
    static Process spawn(Profile profile, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        setsid().ifPresent(s -> cmd.add(s.toString()));
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, EngineCommand.hostClassPath()));
        cmd.add(JpClusterCli.class.getName());
        cmd.add("daemon");
        cmd.add("--profile");
        cmd.add(profile.name());
        cmd.add("-n");
        cmd.add(Integer.toString(profile.engines()));
        cmd.add("--launcher");
        cmd.add(profile.launcher());
        cmd.add("--timeout");
        cmd.add(Long.toString(profile.startTimeout().toSeconds()));
        Files.deleteIfExists(log);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** Waits until the daemon has written the cluster's connection file; empty when it exited first. */
    static Optional<ClusterInfo> awaitFile(Process daemon, Path file, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            try {
                Optional<ClusterInfo> i = ClusterInfo.read(file);
                if (i.isPresent() && (i.get().pid() == daemon.pid() || ProcessHandle.of(i.get().pid())
                        .flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L) == daemon.pid())) {
                    return i;
                }
            } catch (IOException e) {
                // being written: read again
            }
            if (daemon.waitFor(50, TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> setsid() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, "setsid")).filter(Files::isExecutable).findFirst();
    }
}
