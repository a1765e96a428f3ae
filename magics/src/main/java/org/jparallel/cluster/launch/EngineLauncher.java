package org.jparallel.cluster.launch;

import org.jparallel.cluster.model.Profile;

import java.util.Map;
import java.util.Set;

/**
 * A way to start a cluster's engines: one MPI job under mpirun, plain processes, a batch job, ...
 * Implementations are found by {@link #name()} through {@link java.util.ServiceLoader} (see
 * {@link Launchers}); a new launcher is a new package with one class implementing this interface,
 * listed in {@code META-INF/services/org.jparallel.cluster.launch.EngineLauncher}.
 */
public interface EngineLauncher {
    /** The name profiles and {@code --launcher} use: "mpi", "local", ... */
    String name();

    /** One line for help texts: what this launcher starts and where. */
    String summary();

    /**
     * The profile keys this launcher owns, each {@code NAME.something} (e.g. {@code mpi.args}). A
     * profile file may hold them; {@link Profile#settings()} keeps their values as written.
     */
    default Set<String> profileKeys() {
        return Set.of();
    }

    /**
     * The options this launcher adds to {@code jpcluster profile create}, each mapped to the
     * profile key its value goes to (e.g. {@code --partition} to {@code slurm.partition}).
     */
    default Map<String, String> cliOptions() {
        return Map.of();
    }

    /** Whether the engines run under MPI (then they get mpi.jar on their class path). */
    default boolean usesMpi() {
        return false;
    }

    /**
     * Throws a {@link org.jparallel.cluster.model.ClusterException} naming the problem when the
     * launcher cannot work here with this profile (a tool missing, a bad setting).
     */
    default void check(Profile profile) {
    }

    /**
     * The address the controller binds for these engines: the profile's controller.bind (127.0.0.1
     * unless set), or, for engines on other hosts, this machine's address on their network.
     */
    default String controllerBind(Profile profile) {
        return profile.controllerBind();
    }

    /** Starts the engines; throws a ClusterException naming the problem when it cannot. */
    LaunchedEngines launch(LaunchSpec spec);
}
