package org.jparallel.cluster.model;

/**
 * One engine as the controller sees it.
 *
 * @param id       engine id (MPI rank)
 * @param state    "running", "dead" or "stopped"
 * @param pid      the engine JVM's process id
 * @param host     the machine it runs on
 * @param busy     whether it was serving a request at its last heartbeat
 * @param detail   for a dead engine, what happened; for a running one, an MPI warning or ""
 */
public record EngineStatus(int id, String state, long pid, String host, boolean busy, String detail) {
    public static final String RUNNING = "running";
    public static final String DEAD = "dead";
    public static final String STOPPED = "stopped";

    /** Whether the engine can serve requests. */
    public boolean running() {
        return RUNNING.equals(state);
    }
}
