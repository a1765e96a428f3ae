package org.jparallel.cluster;

import org.jparallel.engine.EngineProtocol;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds Open MPI's Java bindings (mpi.jar): the MPI_JAR environment variable, else the system
 * property {@code jparallel.mpi.jar}, else {@code build/mpi/mpi.jar} of the installation this code
 * runs from (where install.sh builds it).
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
        return installRoot().map(r -> r.resolve("build/mpi/mpi.jar")).filter(Files::isRegularFile);
    }

    /** The installation's root: the nearest ancestor of this code's location that has build/mpi or a pom.xml with modules. */
    public static Optional<Path> installRoot() {
        Path here;
        try {
            here = Path.of(MpiJar.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("build/mpi")) || Files.isRegularFile(p.resolve("bin/jpcluster"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The sentence explaining a missing mpi.jar (shown as a warning when engines start under mpirun without it). */
    public static String missingMessage() {
        return "Open MPI's Java bindings (mpi.jar) were not found: set MPI_JAR to its path (install.sh builds it in "
                + "build/mpi/mpi.jar); the engines run, but `import mpi.*;` will not compile on them";
    }
}
