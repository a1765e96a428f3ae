package org.jparallel.engine.libs;

import org.jparallel.support.FileDigests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an engine keeps jars the kernel sent: {@code DIR/SHA256/NAME}, written to a part file
 * of this process first and moved into place only when complete and checked, so engines sharing
 * the directory (one machine, or a shared home) never read half a jar.
 */
final class LibraryCache {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    LibraryCache(Path dir) {
        this.dir = dir;
    }

    /** System property naming the cache directory instead (for tests and unusual machines). */
    static final String DIR_PROPERTY = "jparallel.libraries.cache";

    /** $XDG_CACHE_HOME/jparallel/libraries, else ~/.cache/jparallel/libraries (or the jparallel.libraries.cache property). */
    static LibraryCache user() {
        String own = System.getProperty(DIR_PROPERTY);
        if (own != null && !own.isBlank()) {
            return new LibraryCache(Path.of(own));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new LibraryCache(base.resolve("jparallel").resolve("libraries"));
    }

    /** A bad name or hash: the reason, else empty. */
    static Optional<String> checkNames(String name, String sha256) {
        if (sha256 == null || !SHA.matcher(sha256).matches()) {
            return Optional.of("a library's sha256 must be 64 hex digits");
        }
        if (name == null || name.isEmpty() || name.length() > 255 || name.contains("/") || name.contains("\\")
                || name.equals(".") || name.equals("..") || name.startsWith(".")) {
            return Optional.of("a library's name must be a plain file name, not '" + name + "'");
        }
        return Optional.empty();
    }

    /** The cached jar, when there. */
    Optional<Path> find(String name, String sha256, long size) {
        Path p = dir.resolve(sha256).resolve(name);
        try {
            return Files.isRegularFile(p) && Files.size(p) == size ? Optional.of(p) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes a chunk; returns the jar's path once its last byte is in and its SHA-256 matches, else empty. */
    Optional<Path> write(String name, String sha256, long size, long offset, byte[] chunk) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(sha256));
        Path part = folder.resolve("." + name + ".part-" + ProcessHandle.current().pid());
        if (offset == 0) {
            Files.deleteIfExists(part);
        } else if (!Files.exists(part) || Files.size(part) != offset) {
            throw new IOException("the chunk at offset " + offset + " of " + name + " does not follow what arrived before");
        }
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            out.write(chunk);
        }
        if (offset + chunk.length < size) {
            return Optional.empty();
        }
        String actual = FileDigests.sha256(part);
        if (!actual.equals(sha256)) {
            Files.deleteIfExists(part);
            throw new IOException(name + " arrived with SHA-256 " + actual + ", not " + sha256);
        }
        Path target = folder.resolve(name);
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return Optional.of(target);
    }

}
