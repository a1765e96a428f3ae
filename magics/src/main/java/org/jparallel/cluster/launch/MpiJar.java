package org.jparallel.cluster.launch;

import org.jparallel.support.ShellWords;

import org.jparallel.protocol.EngineProtocol;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds Open MPI's Java bindings (mpi.jar): the MPI_JAR environment variable (the kernelspec
 * sets it), else the system property {@code jparallel.mpi.jar}, else the MPI_JAR that install.sh
 * recorded in {@code build/install.env} of the installation this code runs from, else a jar
 * install.sh built in {@code $XDG_DATA_HOME/jparallel/openmpi-VERSION/mpi.jar}.
 */
public final class MpiJar {
    private MpiJar() {
    }

    /** The mpi.jar to give the engines, if one is found. */
    public static Optional<Path> locate() {
        String env = System.getenv(EngineProtocol.ENV_MPI_JAR);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        String prop = System.getProperty("jparallel.mpi.jar");
        if (prop != null && !prop.isBlank()) {
            return Optional.of(Path.of(prop));
        }
        Optional<Path> recorded = installRoot().flatMap(r -> recorded(r.resolve("build/install.env")));
        if (recorded.isPresent()) {
            return recorded;
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share"))
                .resolve("jparallel");
        try (var s = Files.list(data)) {
            return s.filter(d -> d.getFileName().toString().startsWith("openmpi-")).map(d -> d.resolve("mpi.jar"))
                    .filter(Files::isRegularFile).sorted(java.util.Comparator.reverseOrder()).findFirst();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** MPI_JAR=... from install.sh's settings file (values quoted the way bash's printf %q does). */
    public static Optional<Path> recorded(Path installEnv) {
        try {
            for (String line : Files.readAllLines(installEnv)) {
                if (line.startsWith("MPI_JAR=")) {
                    List<String> words = ShellWords.split(line.substring("MPI_JAR=".length()));
                    return words.isEmpty() ? Optional.empty() : Optional.of(Path.of(words.get(0))).filter(Files::isRegularFile);
                }
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            // no settings file, or not readable: nothing recorded
        }
        return Optional.empty();
    }

    /** The installation's root: the nearest ancestor of this code's location with build/install.env or bin/jpcluster. */
    public static Optional<Path> installRoot() {
        Path here;
        try {
            here = Path.of(MpiJar.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("build/install.env")) || Files.isRegularFile(p.resolve("bin/jpcluster"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The sentence explaining a missing mpi.jar (shown as a warning when engines start under mpirun without it). */
    public static String missingMessage() {
        return "Open MPI's Java bindings (mpi.jar) were not found: set MPI_JAR to its path (./install.sh finds or builds "
                + "one and prints where); the engines run, but `import mpi.*;` will not compile on them";
    }
}
