package org.jparallel.cluster.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.jparallel.wire.ConnectionInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A running cluster's connection file (mode 0600, in {@link RuntimeDir}): who hosts the
 * controller, where its client port is, and the cluster's key. jpcluster and notebooks find
 * clusters through these files.
 *
 * @param profile        profile name
 * @param owner          "jpcluster" (a daemon started by jpcluster) or "kernel" (a notebook's kernel)
 * @param pid            process id of the host (daemon or kernel JVM)
 * @param hostname       machine the host runs on
 * @param started        ISO 8601 start time
 * @param engines        number of engines asked for
 * @param launcher       the launcher's name (mpi, local, ...)
 * @param clientEndpoint the controller's client port (tcp://127.0.0.1:PORT)
 * @param engineEndpoint the controller's engine port
 * @param key            the cluster's signing key
 * @param log            the daemon's log file, or "" for a kernel
 * @param messageLimitMb the largest message (MB) the cluster's links carry; 0 in files written before limits
 *                       existed (read as the default)
 * @param curveServerKey the controller's CURVE public key (Z85) when its ports are encrypted, else "" (or
 *                       null in files written before encryption existed)
 */
public record ClusterInfo(String profile, String owner, long pid, String hostname, String started, int engines,
                          String launcher, String clientEndpoint, String engineEndpoint, String key, String log,
                          String curveServerKey, long messageLimitMb) {
    public static final String OWNER_JPCLUSTER = "jpcluster";
    public static final String OWNER_KERNEL = "kernel";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Writes the file with mode 0600. */
    public void write(Path file) throws IOException {
        ConnectionInfo.writePrivate(file, GSON.toJson(this));
    }

    /** Reads a connection file; empty when it does not exist; throws naming the file when it is broken. */
    public static Optional<ClusterInfo> read(Path file) throws IOException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        String problem = PrivateFiles.problem(file, false);
        if (problem != null) {
            throw new IOException("the cluster file " + file + " " + problem + ": a cluster's file holds its key and "
                    + "must be yours alone (mode 600); refusing it");
        }
        try {
            String text;
            // read without following a link that may have replaced the file since the check
            try (var ch = Files.newByteChannel(file, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
                 var in = java.nio.channels.Channels.newInputStream(ch)) {
                text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            }
            ClusterInfo i = GSON.fromJson(text, ClusterInfo.class);
            if (i == null || i.profile() == null || i.clientEndpoint() == null || i.key() == null) {
                throw new IOException("the cluster file " + file + " lacks profile, client endpoint or key");
            }
            if (i.key().isEmpty()) {
                // an empty key turns signing off: nobody writes such a file but someone meddling
                throw new IOException("the cluster file " + file + " has an empty key, which would turn message "
                        + "signing off; refusing it (stop the cluster with its host process, or delete the file)");
            }
            return Optional.of(i);
        } catch (JsonParseException e) {
            throw new IOException("the cluster file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The largest message the cluster's links carry (the default for files written before limits). */
    public org.jparallel.wire.MessageLimit messageLimit() {
        return messageLimitMb <= 0
                ? org.jparallel.wire.MessageLimit.megabytes(org.jparallel.wire.MessageLimit.CLUSTER_DEFAULT_MB, "the limit")
                : org.jparallel.wire.MessageLimit.megabytes(messageLimitMb, "the cluster file's messageLimitMb");
    }

    /** Whether the host process is alive (only meaningful on the host's machine); see {@link #host}. */
    public boolean hostAlive() {
        return host().isPresent();
    }

    /**
     * The host process, when it is still the one that wrote this file: alive, and started before
     * the file's start time. A file left by a host that died names a pid the system may have given
     * to another process since: that one is never taken for the host (nor signalled).
     */
    public Optional<ProcessHandle> host() {
        Optional<ProcessHandle> h = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (h.isEmpty()) {
            return h;
        }
        java.time.Instant wrote;
        try {
            wrote = java.time.OffsetDateTime.parse(started).toInstant();
        } catch (RuntimeException e) {
            return Optional.empty(); // no start time to check against: do not trust the pid
        }
        Optional<java.time.Instant> began = h.get().info().startInstant();
        // the host's JVM starts before it writes the file; the slack covers clock rounding
        return began.isPresent() && !began.get().isAfter(wrote.plusSeconds(2)) ? h : Optional.empty();
    }
}
