package org.jparallel.cluster.launch.mpi;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * How an engine JVM that starts from a class-data-sharing archive is put under mpirun.
 *
 * <p>Open MPI's mpirun rewrites the command line of an application named {@code java}: it adds
 * {@code -Djava.library.path=<Open MPI's libdir>} (for libmpi_java.so) and puts mpirun's working
 * directory first on the class path. A class path that no longer starts with the archive's makes
 * the JVM refuse the archive ("shared class paths mismatch"), so engines started from an archive
 * are handed to mpirun as {@code sh -c 'exec "$@"' jparallel-engine java ...}: mpirun leaves
 * that alone, the engine gets the same library path from us, and the working directory goes last
 * on the class path instead of first (the engine's own jars win over stray classes in a notebook
 * folder). Without an archive, or when Open MPI's libdir cannot be learnt from ompi_info, the
 * command is mpirun's to rewrite, as before.
 */
final class JavaUnderMpirun {
    private static final Logger LOG = Logger.getLogger(JavaUnderMpirun.class.getName());
    /** What the engine's process is called while sh hands it to java ($0 of sh -c). */
    static final String NAME = "jparallel-engine";
    private static final Map<Path, Optional<String>> LIBDIRS = new ConcurrentHashMap<>();

    private JavaUnderMpirun() {
    }

    /**
     * The engine command as mpirun should run it: wrapped as described above when it is a java
     * command with a class-data archive and the libdir is known, else unchanged.
     */
    static List<String> command(List<String> engineCommand, Supplier<Optional<String>> libdirs, Path workingDir) {
        int cp = engineCommand.indexOf("-cp");
        if (cp < 1 || cp + 2 >= engineCommand.size() || !Path.of(engineCommand.get(0)).getFileName().toString().equals("java")
                || engineCommand.stream().noneMatch(a -> a.startsWith("-XX:SharedArchiveFile="))) {
            return engineCommand;
        }
        Optional<String> libdir = libdirs.get(); // asked only for a command that needs it
        if (libdir.isEmpty()) {
            return engineCommand;
        }
        List<String> out = new ArrayList<>(List.of("sh", "-c", "exec \"$@\"", NAME, engineCommand.get(0)));
        if (engineCommand.stream().noneMatch(a -> a.startsWith("-Djava.library.path="))) {
            out.add("-Djava.library.path=" + libdir.get());
        }
        out.addAll(engineCommand.subList(1, cp + 1));
        out.add(engineCommand.get(cp + 1) + File.pathSeparator + workingDir.toAbsolutePath().normalize());
        out.addAll(engineCommand.subList(cp + 2, engineCommand.size()));
        return out;
    }

    /** The working directory mpirun gives the engines: its -wdir when the arguments name one, else this JVM's. */
    static Path workingDir(List<String> mpirunArgs) {
        for (int i = 0; i < mpirunArgs.size(); i++) {
            String a = mpirunArgs.get(i);
            if ((a.equals("-wdir") || a.equals("--wdir") || a.equals("-wd") || a.equals("--wd")) && i + 1 < mpirunArgs.size()) {
                return Path.of(mpirunArgs.get(i + 1));
            }
            if (a.startsWith("--wdir=") || a.startsWith("-wdir=")) {
                return Path.of(a.substring(a.indexOf('=') + 1));
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** Open MPI's libdir, from the ompi_info next to mpirun (once per mpirun), or empty when it cannot say. */
    static Optional<String> libdir(Path mpirun) {
        return LIBDIRS.computeIfAbsent(mpirun.toAbsolutePath(), JavaUnderMpirun::askOmpiInfo);
    }

    private static Optional<String> askOmpiInfo(Path mpirun) {
        Path ompiInfo = mpirun.resolveSibling("ompi_info");
        if (!Files.isExecutable(ompiInfo)) {
            return Optional.empty();
        }
        Path out = null;
        try {
            // output to a file: a hung ompi_info must not hold the cluster's start beyond the wait
            out = Files.createTempFile("jparallel-ompi-info", ".txt");
            Process p = new ProcessBuilder(ompiInfo.toString(), "--path", "libdir", "--parsable")
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return parseLibdir(Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.fine(() -> "ompi_info did not run: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    LOG.fine(() -> "could not remove " + e.getMessage());
                }
            }
        }
    }

    /** The directory in ompi_info's "path:libdir:DIR" line, when it is one. */
    static Optional<String> parseLibdir(String ompiInfoOutput) {
        for (String line : ompiInfoOutput.split("\n")) {
            if (line.startsWith("path:libdir:")) {
                String dir = line.substring("path:libdir:".length()).strip();
                return dir.isEmpty() || !Files.isDirectory(Path.of(dir)) ? Optional.empty() : Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
