package org.jparallel.engine;

import org.jparallel.jshell.Evaluator;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** One engine's state as its request handlers see it: identity, JShell, MPI, the request running now. */
public final class Engine {
    private final int id;
    private final int count;
    private final Evaluator evaluator;
    private final MpiRuntime.Status mpi;
    private final AtomicInteger executionCount = new AtomicInteger();
    private final ExecutionThread execution;

    Engine(int id, int count, Evaluator evaluator, MpiRuntime.Status mpi) {
        this.id = id;
        this.count = count;
        this.evaluator = evaluator;
        this.mpi = mpi;
        this.execution = new ExecutionThread("engine-" + id + "-execution");
    }

    /** This engine's id: its MPI rank. */
    public int id() {
        return id;
    }

    /** How many engines the cluster has: the MPI size. */
    public int count() {
        return count;
    }

    /** The engine's JShell (state kept across requests). */
    public Evaluator evaluator() {
        return evaluator;
    }

    /** What became of MPI in this engine. */
    public MpiRuntime.Status mpi() {
        return mpi;
    }

    /** The count of the last non-silent execute request. */
    public int executionCount() {
        return executionCount.get();
    }

    /** Counts one more non-silent execute request and returns its number. */
    public int nextExecutionCount() {
        return executionCount.incrementAndGet();
    }

    /** The request running on the execution thread now, if any. */
    public Optional<EngineRequest> currentRequest() {
        return Optional.ofNullable(execution.current());
    }

    /** Milliseconds the current request has been running, or 0. */
    public long busyMillis() {
        return execution.busyMillis();
    }

    /** Interrupts the running request: a JShell cell through the evaluator, a handler by thread interrupt. */
    public boolean interruptCurrent() {
        if (execution.current() == null) {
            return false;
        }
        if (evaluator.isRunning()) {
            evaluator.interrupt();
        } else {
            execution.interruptThread();
        }
        return true;
    }

    /** The stack of the thread serving the current request (the cell's thread while a cell runs). */
    public StackTraceElement[] runningStack() {
        if (evaluator.isRunning()) {
            StackTraceElement[] s = evaluator.runningStack();
            if (s.length > 0) {
                return s;
            }
        }
        return execution.current() == null ? new StackTraceElement[0] : execution.threadStack();
    }

    ExecutionThread execution() {
        return execution;
    }
}
