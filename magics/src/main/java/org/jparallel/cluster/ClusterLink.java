package org.jparallel.cluster;

import com.google.gson.JsonObject;
import org.jparallel.wire.Message;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A cluster as the magics and views use it: its engines, and requests to them. */
public interface ClusterLink {
    /** The ids of the engines that can serve requests now, ascending. */
    List<Integer> ids();

    /**
     * Runs code on the targets (null or empty: all running engines). Each engine's output, result,
     * failure and end go to events as they arrive; the future completes with every engine's result.
     */
    CompletableFuture<ExecuteResults> execute(Collection<Integer> targets, String code, Consumer<? super EngineEvent> events);

    /**
     * Sends a request to one engine; onMessage sees each message the engine sends for it (stream
     * output among them). The future completes with the final message: the reply (status "ok" or
     * "error" with ename, evalue, traceback), or a failure message when the engine died.
     */
    CompletableFuture<Message> request(int engine, String msgType, JsonObject content, List<byte[]> buffers,
                                       Consumer<Message> onMessage);

    /** Interrupts whatever these engines run; the future tells, per engine, whether it was busy. */
    CompletableFuture<Map<Integer, Boolean>> interrupt(Collection<Integer> engines);

    /** Where each engine is now: its running request and the frames of its thread (of all threads when asked). */
    CompletableFuture<Map<Integer, EngineStack>> stacks(Collection<Integer> engines, boolean allThreads);
}
