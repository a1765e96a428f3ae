package org.jparallel.cluster.launch;

import com.google.gson.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Engines started as processes on this machine (mpirun, or one process per engine): the common part of their handles. */
public abstract class ProcessEngines implements LaunchedEngines {
    protected final OutputRing stdout = new OutputRing(200, 64 * 1024);
    protected final OutputRing stderr = new OutputRing(200, 64 * 1024);

    /** The processes started (mpirun, or one per engine). */
    public abstract List<Process> processes();

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("launcher", launcher());
        o.addProperty("description", describe());
        o.addProperty("pid", mainPid());
        return o;
    }


    /** The main process id to record (mpirun's, or the first engine's). */
    @Override
    public long mainPid() {
        return processes().isEmpty() ? -1 : processes().get(0).pid();
    }

    @Override
    public boolean anyExited() {
        return processes().stream().anyMatch(p -> !p.isAlive());
    }

    @Override
    public boolean allExited() {
        return processes().stream().noneMatch(Process::isAlive);
    }

    /** Runs the action (on a JDK thread) whenever one of the processes exits. */
    @Override
    public void onAnyExit(Runnable action) {
        for (Process p : processes()) {
            p.onExit().thenRun(action);
        }
    }

    /** Waits up to the time for every process to exit; true when they have. */
    @Override
    public boolean awaitExit(Duration limit) throws InterruptedException {
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
    @Override
    public void terminate(Duration grace) {
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
    public OutputRing stderr() {
        return stderr;
    }

    /** What mpirun or the engines wrote to stdout lately (outside requests). */
    public OutputRing stdout() {
        return stdout;
    }




}
