package org.jparallel.cluster;

/** Starts the engine processes of a cluster. */
interface Launcher {
    /** Starts the engines; throws a {@link ClusterException} naming the problem when it cannot. */
    EngineProcesses launch(LaunchSpec spec);

    /** Throws a {@link ClusterException} when the launcher cannot work here at all (e.g. no mpirun). */
    default void check(Profile profile) {
    }

    /** The launcher of the given name (mpi or local). */
    static Launcher forName(String name) {
        return switch (name) {
            case "mpi" -> new MpiLauncher();
            case "local" -> new LocalLauncher();
            default -> throw new ClusterException("unknown launcher '" + name + "'; use mpi or local");
        };
    }
}
