package org.jparallel.magics;

import org.jparallel.cluster.RunOutputs;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The cluster as the parallel magics use it. */
public interface PxBackend {
    /** The ids of the engines registered now, sorted. */
    List<Integer> engineIds();

    /** Sends the code to the targets; each engine's output, result, failure and end go to outputs as they arrive. */
    void execute(List<Integer> targets, String code, RunOutputs outputs);

    /** Interrupts whatever these engines are running. */
    void interrupt(List<Integer> engines);

    /**
     * Where each engine is now: the frames ("at Class.method(File:line)") of the thread running its
     * request; engines that do not answer within wait are left out.
     */
    Map<Integer, List<String>> stacks(List<Integer> engines, Duration wait);
}
