package org.jparallel.cluster;

import java.util.List;

/** A wait for engines ran out of time; they keep running (interrupt them with {@link AsyncResult#interrupt()}). */
public final class ParallelTimeoutException extends ParallelException {
    private static final long serialVersionUID = 1L;
    private final List<Integer> running;

    public ParallelTimeoutException(List<Integer> running, int engineCount, String waited) {
        super(TargetSpec.engines(running) + (running.size() == 1 ? " was" : " were") + " still running after " + waited, List.of(), engineCount);
        this.running = List.copyOf(running);
    }

    /** The engines that had not finished. */
    public List<Integer> running() {
        return running;
    }
}
