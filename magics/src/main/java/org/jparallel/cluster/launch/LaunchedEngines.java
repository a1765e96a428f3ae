package org.jparallel.cluster.launch;

import com.google.gson.JsonObject;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a launcher started for a cluster (processes on this machine, a batch job, engines on other
 * hosts), as the host watches, explains and stops it, whatever the launcher.
 */
public interface LaunchedEngines {
    /** What became of the engines when some died: the first to die and a sentence for the user. */
    record DeathReport(int firstDead, String message) {
    }

    /** The name of the launcher that started them. */
    String launcher();

    /** Short description for status lines: "mpirun (pid 123)", "4 engine processes". */
    public String describe();

    /** The launch as JSON for status and tools: at least "launcher" and "description". */
    JsonObject toJson();

    /** The main process id to record (mpirun's, the first engine's), or -1. */
    long mainPid();

    /** Whether something the launcher started has ended (an engine, mpirun, the job). */
    boolean anyExited();

    /** Whether everything the launcher started has ended. */
    boolean allExited();

    /** Runs the action (on any thread) whenever something the launcher started ends. */
    void onAnyExit(Runnable action);

    /** Waits up to the time for everything to end; true when it has. */
    boolean awaitExit(Duration limit) throws InterruptedException;

    /** Ends everything the launcher started, gently and then by force after the grace; leaves nothing running. */
    void terminate(Duration grace);

    /** Waits a little, after an engine died, for the launcher to report it (at most the given time). */
    public void settle(long millis) throws InterruptedException;

    /**
     * Explains the death of engines: which engine died first, how, and what became of the others.
     *
     * @param dead       engines known to be gone, with their pids
     * @param registered every registered engine id with its pid
     */
    public DeathReport deathReport(Map<Integer, Long> dead, Map<Integer, Long> registered);

    /** Explains why engines did not all register: the launcher ended, or the time ran out. */
    public String startFailure(Set<Integer> registered, int expected, boolean timedOut, Duration waited);

    /**
     * While the engines wait for resources (a queued batch job), a line saying so, e.g.
     * "job 4242 PENDING (Resources) 0:12"; empty when nothing waits.
     */
    default Optional<String> waiting() {
        return Optional.empty();
    }

    /** Whether the engines are still queued: the start timeout does not run while they are. */
    default boolean queued() {
        return false;
    }

    /** "0, 2, 3": engine ids in order, for messages. */
    static String idList(Collection<Integer> ids) {
        return String.join(", ", ids.stream().sorted().map(String::valueOf).toList());
    }
}
