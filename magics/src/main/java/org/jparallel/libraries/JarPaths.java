package org.jparallel.libraries;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files %jars names: paths and globs ({@code lib/*.jar}, {@code ~/jars/**.jar}), relative to the kernel's directory. */
final class JarPaths {
    private static final int MAX_MATCHES = 10_000;

    private JarPaths() {
    }

    static List<Path> expand(String arg, Path cwd) throws LibraryException {
        String text = arg.startsWith("~/") ? System.getProperty("user.home") + arg.substring(1) : arg;
        if (!hasGlob(text)) {
            Path p = cwd.resolve(text).normalize();
            if (!Files.exists(p)) {
                throw new LibraryException("There is no file " + p + " (from '" + arg + "').");
            }
            if (!Files.isDirectory(p) && !isJar(p)) {
                throw new LibraryException(p + " is neither a jar nor a directory of classes.");
            }
            return List.of(p);
        }
        Path pattern = cwd.resolve(text).normalize();
        Path base = pattern.getRoot();
        for (Path part : pattern) {
            if (hasGlob(part.toString())) {
                break;
            }
            base = base.resolve(part);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern.toString().replace("\\", "\\\\"));
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(base)) {
            try (Stream<Path> files = Files.walk(base)) {
                files.filter(matcher::matches).filter(p -> isJar(p) || Files.isDirectory(p)).sorted()
                        .limit(MAX_MATCHES).forEach(out::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new LibraryException("Listing " + base + " for '" + arg + "' failed: " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new LibraryException("No jar matches '" + arg + "' (looked in " + base + ").");
        }
        return out;
    }

    private static boolean hasGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static boolean isJar(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jar") || n.endsWith(".zip"));
    }
}
