package org.jparallel.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The processes a launcher started for a cluster's engines, as the host watches, explains and stops them. */
abstract class EngineProcesses {
    /** What became of the engines when some died. */
    record DeathReport(int firstDead, String message) {
    }

    protected final OutputRing stdout = new OutputRing(200, 64 * 1024);
    protected final OutputRing stderr = new OutputRing(200, 64 * 1024);

    /** The processes started (mpirun, or one per engine). */
    abstract List<Process> processes();

    /** The launcher's name. */
    abstract String launcherName();

    /** Short description for status lines: "mpirun (pid 123)", "4 engine processes". */
    abstract String describe();

    /** The main process id to record (mpirun's, or the first engine's). */
    long mainPid() {
        return processes().isEmpty() ? -1 : processes().get(0).pid();
    }

    boolean anyExited() {
        return processes().stream().anyMatch(p -> !p.isAlive());
    }

    boolean allExited() {
        return processes().stream().noneMatch(Process::isAlive);
    }

    /** Runs the action (on a JDK thread) whenever one of the processes exits. */
    void onAnyExit(Runnable action) {
        for (Process p : processes()) {
            p.onExit().thenRun(action);
        }
    }

    /** Waits up to the time for every process to exit; true when they have. */
    boolean awaitExit(Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        for (Process p : processes()) {
            long left = end - System.nanoTime();
            if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** Ends the processes: SIGTERM, then SIGKILL (with their descendants) after the grace. */
    void terminate(Duration grace) {
        for (Process p : processes()) {
            p.destroy();
        }
        try {
            if (awaitExit(grace)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ProcessHandle> killed = new ArrayList<>();
        for (Process p : processes()) {
            p.descendants().forEach(killed::add);
            killed.add(p.toHandle());
        }
        killed.forEach(ProcessHandle::destroyForcibly);
        // a restart must not launch the next mpirun while the old one or its engines still hold
        // their ports and MPI session directories: wait (bounded) until SIGKILL has taken effect
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle h : killed) {
            long left = end - System.nanoTime();
            try {
                if (left <= 0) {
                    break;
                }
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                break;
            }
        }
    }

    /** What mpirun or the engines wrote to stderr lately. */
    OutputRing stderr() {
        return stderr;
    }

    /** What mpirun or the engines wrote to stdout lately (outside requests). */
    OutputRing stdout() {
        return stdout;
    }

    /** Waits a little, after an engine died, for the launcher to report it (at most the given time). */
    abstract void settle(long millis) throws InterruptedException;

    /**
     * Explains the death of engines: which engine died first, how, and what became of the others.
     *
     * @param dead       engines known to be gone, with their pids
     * @param registered every registered engine id with its pid
     */
    abstract DeathReport deathReport(Map<Integer, Long> dead, Map<Integer, Long> registered);

    /** Explains why engines did not all register: the launcher exited, or the time ran out. */
    abstract String startFailure(Set<Integer> registered, int expected, boolean timedOut, Duration waited);

    static String idList(java.util.Collection<Integer> ids) {
        return String.join(", ", ids.stream().sorted().map(String::valueOf).toList());
    }
}
