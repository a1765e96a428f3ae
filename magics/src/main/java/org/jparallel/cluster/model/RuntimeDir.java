package org.jparallel.cluster.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The per-user directory of running clusters' connection files and daemon logs:
 * {@code $XDG_RUNTIME_DIR/jparallel}, else {@code ~/.local/share/jparallel/runtime}
 * ({@code JPARALLEL_RUNTIME_DIR} or the system property {@code jparallel.runtime.dir} replace it).
 * Created with mode 0700.
 */
public final class RuntimeDir {
    private final Path dir;

    public RuntimeDir(Path dir) {
        this.dir = dir;
    }

    /** The current user's runtime directory. */
    public static RuntimeDir user() {
        String prop = System.getProperty("jparallel.runtime.dir");
        if (prop != null && !prop.isBlank()) {
            return new RuntimeDir(Path.of(prop));
        }
        String env = System.getenv("JPARALLEL_RUNTIME_DIR");
        if (env != null && !env.isBlank()) {
            return new RuntimeDir(Path.of(env));
        }
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Files.isDirectory(Path.of(xdg)) && Files.isWritable(Path.of(xdg))) {
            return new RuntimeDir(Path.of(xdg, "jparallel"));
        }
        return new RuntimeDir(Path.of(System.getProperty("user.home"), ".local", "share", "jparallel", "runtime"));
    }

    /** The directory (created, 0700, when missing). */
    public Path dir() {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // created meanwhile by another process
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the runtime directory " + dir, e);
        }
        return dir;
    }

    /** The connection file of a profile's cluster. */
    public Path clusterFile(String profile) {
        return dir().resolve("cluster-" + Profile.checkName(profile) + ".json");
    }

    /** The log file of a profile's jpcluster daemon. */
    public Path logFile(String profile) {
        return dir().resolve("cluster-" + Profile.checkName(profile) + ".log");
    }

    /** Profiles that have a connection file here. */
    public java.util.List<String> profiles() {
        try (var s = Files.list(dir())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("cluster-") && n.endsWith(".json"))
                    .map(n -> n.substring("cluster-".length(), n.length() - ".json".length()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
