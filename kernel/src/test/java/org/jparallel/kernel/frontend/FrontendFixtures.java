package org.jparallel.kernel.frontend;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Working directories of the frontend tests and the notebooks they serve. */
final class FrontendFixtures {
    /** The notebook of Java cells (no cluster) that the browser tests run, under the served root. */
    static final String JAVA_CELLS = "java-cells.ipynb";
    /** The notebook whose 2 engines display HTML and images, under the served root. */
    static final String ENGINE_DISPLAY = "engine-display.ipynb";

    private FrontendFixtures() {
    }

    /** A new, empty directory kernel/target/frontend-it/NAME (an earlier run's is removed). */
    static Path freshWorkDir(String name) throws IOException {
        Path dir = Toolchain.repo().resolve("kernel/target/frontend-it").resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** Where screenshots go: kernel/target/screenshots/NAME. */
    static Path screenshot(String name) {
        return Toolchain.repo().resolve("kernel/target/screenshots").resolve(name);
    }

    /**
     * A copy of the repository's notebooks/ (so runs never write into the sources) plus the
     * test notebooks of kernel/src/test/browser, in {@code <workDir>/notebooks}.
     */
    static Path notebookRoot(Path workDir) throws IOException {
        Path root = Files.createDirectories(workDir.resolve("notebooks"));
        copyNotebooks(Toolchain.repo().resolve("notebooks"), root);
        copyNotebooks(Toolchain.repo().resolve("kernel/src/test/browser"), root);
        return root;
    }

    private static void copyNotebooks(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".ipynb")).collect(Collectors.toList())) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Cluster profiles and runtime files of the test's own (inherited by its kernels), so a
     * notebook's cluster never attaches to one of the user's or another test's.
     */
    static void isolateClusters(Map<String, String> env, Path workDir) throws IOException {
        env.put("JPARALLEL_CONFIG_DIR", Files.createDirectories(workDir.resolve("jparallel-config")).toString());
        // the runtime dir holds cluster keys: the kernel refuses one that others can read
        Path runtime = Files.createDirectories(workDir.resolve("jparallel-runtime"));
        Files.setPosixFilePermissions(runtime, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        env.put("JPARALLEL_RUNTIME_DIR", runtime.toString());
    }
}
