package org.jparallel.cluster;

import com.google.gson.JsonObject;
import org.jparallel.wire.Message;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A cluster as the magics and views use it: its engines, and requests to them. */
public interface ClusterLink {
    /** The ids of the engines that can serve requests now, ascending. */
    List<Integer> engineIds();

    /** Sends code to the targets; each engine's output, result, failure and end go to outputs as they arrive. */
    void execute(List<Integer> targets, String code, RunOutputs outputs);

    /**
     * Sends a request to one engine; onMessage sees each message the engine sends for it (stream
     * output among them). The future completes with the final message: the reply (status "ok" or
     * "error" with ename, evalue, traceback), or a failure message when the engine died.
     */
    CompletableFuture<Message> request(int engine, String msgType, JsonObject content, List<byte[]> buffers,
                                       Consumer<Message> onMessage);

    /** Interrupts whatever these engines are running. */
    void interrupt(List<Integer> engines);

    /**
     * Where each engine is now: the frames ("at Class.method(File:line)") of the thread running its
     * request; engines that do not answer within wait are left out.
     */
    Map<Integer, List<String>> stacks(List<Integer> engines, Duration wait);
}
