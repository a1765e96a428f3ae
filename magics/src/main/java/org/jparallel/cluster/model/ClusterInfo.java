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
 * @param curveServerKey the controller's CURVE public key (Z85) when its ports are encrypted, else "" (or
 *                       null in files written before encryption existed)
 */
public record ClusterInfo(String profile, String owner, long pid, String hostname, String started, int engines,
                          String launcher, String clientEndpoint, String engineEndpoint, String key, String log,
                          String curveServerKey) {
    public static final String OWNER_JPCLUSTER = "jpcluster";
    public static final String OWNER_KERNEL = "kernel";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Writes the file with mode 0600. */
    public void write(Path file) throws IOException {
        ConnectionInfo.writePrivate(file, GSON.toJson(this));
    }

    /** Reads a connection file; empty when it does not exist; throws naming the file when it is broken. */
    public static Optional<ClusterInfo> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            ClusterInfo i = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ClusterInfo.class);
            if (i == null || i.profile() == null || i.clientEndpoint() == null || i.key() == null) {
                throw new IOException("the cluster file " + file + " lacks profile, client endpoint or key");
            }
            return Optional.of(i);
        } catch (JsonParseException e) {
            throw new IOException("the cluster file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Whether the host process is alive (only meaningful on the host's machine). */
    public boolean hostAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
