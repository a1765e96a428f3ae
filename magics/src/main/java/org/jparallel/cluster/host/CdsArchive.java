package org.jparallel.cluster.host;

import org.jparallel.support.Threads;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A class-data-sharing archive of the classes an engine loads at start (JShell, javac, ours),
 * which saves about an eighth of an engine's start-up CPU and is shared in memory by the engines
 * of a machine. One archive per java executable and class path, in
 * {@code $XDG_CACHE_HOME/jparallel/cds}; made once, in the background, by a short training run
 * ({@link org.jparallel.engine.EngineTraining}) after a cluster without one is up.
 * JPARALLEL_CDS=0 turns it off. Class paths with directories cannot be archived and are left alone.
 */
public final class CdsArchive {
    private static final Logger LOG = Logger.getLogger(CdsArchive.class.getName());
    private static final Object TRAINING = new Object();
    /** Archives kept in the cache (each about 17 MB); the least recently used beyond these go when one is made. */
    static final int KEEP = 8;

    private final Path file;
    private final List<String> javaAndOptions;
    private final String classPath;

    private CdsArchive(Path file, List<String> javaAndOptions, String classPath) {
        this.file = file;
        this.javaAndOptions = javaAndOptions;
        this.classPath = classPath;
    }

    /** The archive for an engine command (java, options..., -cp, CP, main), if archiving applies to it. */
    static Optional<CdsArchive> forCommand(List<String> engineCommand) {
        if ("0".equals(System.getenv("JPARALLEL_CDS"))) {
            return Optional.empty();
        }
        int cp = engineCommand.indexOf("-cp");
        if (cp < 1 || cp + 1 >= engineCommand.size()) {
            return Optional.empty();
        }
        String classPath = engineCommand.get(cp + 1);
        List<String> entries = List.of(classPath.split(File.pathSeparator));
        if (entries.stream().anyMatch(e -> !e.endsWith(".jar") || !Files.isRegularFile(Path.of(e)))) {
            return Optional.empty(); // CDS takes jars only
        }
        List<String> javaAndOptions = new ArrayList<>(engineCommand.subList(0, cp));
        javaAndOptions.removeIf(o -> o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-XX:ArchiveClassesAtExit"));
        // where crash logs go does not change what is archived: one archive for every runtime dir
        List<String> keyed = javaAndOptions.stream().filter(o -> !o.startsWith("-XX:ErrorFile=")).toList();
        return Optional.of(new CdsArchive(cacheDir().resolve("engine-" + key(keyed, entries) + ".jsa"),
                javaAndOptions, classPath));
    }

    /** Where the archive is (or will be). */
    Path file() {
        return file;
    }

    /** The JVM options that use the archive, or none while it does not exist yet; marks the archive as used now. */
    List<String> options() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot mark " + file + " as used", e);
        }
        return List.of("-XX:SharedArchiveFile=" + file);
    }

    /** Makes the archive in the background if it is missing (one training at a time per JVM). */
    void trainInBackground() {
        if (Files.isRegularFile(file)) {
            return;
        }
        Threads.startDaemon("jparallel-cds-training", () -> {
            synchronized (TRAINING) {
                if (!Files.isRegularFile(file)) {
                    train();
                }
            }
        });
    }

    /**
     * Runs the training JVM through sh, which also moves the finished archive into place, so an
     * archive is completed even when this JVM exits first (a short-lived jpcluster or benchmark).
     */
    private void train() {
        Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            removeStaleTemporaries();
            List<String> cmd = new ArrayList<>(List.of("sh", "-c",
                    "if command -v nice >/dev/null; then nice -n 10 \"$@\"; else \"$@\"; fi && mv -f \"$JP_TMP\" \"$JP_FILE\"",
                    "sh"));
            cmd.addAll(javaAndOptions);
            cmd.add("-XX:ArchiveClassesAtExit=" + tmp);
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add("org.jparallel.engine.EngineTraining");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("JP_TMP", tmp.toString());
            pb.environment().put("JP_FILE", file.toString());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                LOG.warning("the class-data-sharing training run took over 120 s; engines start without an archive");
            } else if (p.exitValue() != 0) {
                LOG.warning("the class-data-sharing training run exited with status " + p.exitValue());
            } else {
                LOG.fine(() -> "made the class-data-sharing archive " + file);
                prune(file.getParent(), file, KEEP);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot make the class-data-sharing archive " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void removeStaleTemporaries() throws IOException {
        long cutoff = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(10);
        try (var s = Files.list(file.getParent())) {
            for (Path p : s.filter(x -> x.getFileName().toString().endsWith(".tmp")).toList()) {
                if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Removes the least recently used engine archives of {@code dir} beyond {@code keep}, never
     * {@code current}. Each jar set (every build, every profile class path) has an archive of its
     * own; without this the cache grows by 17 MB each time. An engine that has an archive mapped
     * keeps it; one starting with a removed archive starts without one.
     */
    static void prune(Path dir, Path current, int keep) {
        List<Path> archives;
        try (var s = Files.list(dir)) {
            archives = s.filter(p -> p.getFileName().toString().matches("engine-[0-9a-z]+\\.jsa")).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot list " + dir, e);
            return;
        }
        archives.remove(current);
        archives.sort(java.util.Comparator.comparingLong(CdsArchive::lastModified).reversed());
        for (Path old : archives.subList(Math.min(archives.size(), Math.max(0, keep - 1)), archives.size())) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                LOG.log(Level.FINE, "cannot remove the old archive " + old, e);
            }
        }
    }

    private static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path cacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jparallel").resolve("cds");
    }

    /** A digest of what the archive depends on: java, its options, every jar (path, size, time). */
    private static String key(List<String> javaAndOptions, List<String> jars) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Path java = Path.of(javaAndOptions.get(0));
            md.update((java.toRealPath() + "|" + Files.getLastModifiedTime(java.toRealPath()) + "|"
                    + String.join(" ", javaAndOptions.subList(1, javaAndOptions.size()))).getBytes(StandardCharsets.UTF_8));
            for (String j : jars) {
                Path p = Path.of(j);
                md.update(("|" + p.toAbsolutePath() + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p))
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 24);
        } catch (NoSuchAlgorithmException | IOException e) {
            return "unkeyed";
        }
    }
}
