package org.jparallel.kernel.frontend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code java-parallel} kernelspec for the build under test (kernel/target/lib), written into a
 * Jupyter data directory that the tests put first on JUPYTER_PATH, so a stale kernelspec
 * installed for the user is never the one that runs.
 */
final class BuildKernelspec {
    static final String NAME = "java-parallel";

    private BuildKernelspec() {
    }

    /** Writes {@code <dataDir>/kernels/java-parallel/} and returns dataDir (for JUPYTER_PATH). */
    static Path writeInto(Path dataDir) throws IOException, InterruptedException {
        Path repo = Toolchain.repo();
        Path lib = repo.resolve("kernel/target/lib");
        if (!hasKernelJar(lib)) {
            throw new IllegalStateException(lib + " has no jparallel-kernel jar: run the tests through Maven's verify phase (it packages first)");
        }
        Path spec = dataDir.resolve("kernels").resolve(NAME);
        Files.createDirectories(spec);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(repo.resolve("kernelspec"), "{logo-*,kernel.js,kernel.css}")) {
            for (Path f : files) {
                Files.copy(f, spec.resolve(f.getFileName().toString()));
            }
        }
        List<String> cmd = new ArrayList<>(List.of(Toolchain.venvTool("python").toString(),
                repo.resolve("setup/fill_kernelspec.py").toString(), repo.resolve("kernelspec/kernel.json.in").toString(),
                spec.resolve("kernel.json").toString(), Toolchain.java().toString(), lib + "/*"));
        String mpiJar = System.getenv("MPI_JAR");
        if (mpiJar != null && !mpiJar.isBlank()) {
            cmd.add("MPI_JAR=" + mpiJar);
        }
        Path log = dataDir.resolve("fill_kernelspec.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("fill_kernelspec.py failed: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        return dataDir;
    }

    private static boolean hasKernelJar(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "jparallel-kernel-*.jar")) {
            return jars.iterator().hasNext();
        }
    }
}
