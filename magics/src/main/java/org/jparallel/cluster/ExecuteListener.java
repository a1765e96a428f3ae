package org.jparallel.cluster;

import com.google.gson.JsonObject;
import org.jparallel.wire.Message;

/**
 * Receives an execute request's output as the engines produce it. All calls come from one
 * delivery thread; for one engine they come in the order the engine sent them (streams, then
 * result or error, then {@link #onDone}); different engines interleave in arrival order.
 * Methods must return quickly (hand heavy work elsewhere): they hold up later deliveries.
 */
public interface ExecuteListener {
    /** A batch of output: name is "stdout" or "stderr"; text may hold several lines or part of one. */
    default void onStream(int engineId, String name, String text) {
    }

    /** The value of the last expression: data is a MIME bundle, at least {"text/plain": "..."}. */
    default void onResult(int engineId, int executionCount, JsonObject data, JsonObject metadata) {
    }

    /** The code failed, was interrupted, or the engine died. */
    default void onError(int engineId, EngineError error) {
    }

    /** Any other message the engine sent for the request (e.g. display_data), raw. */
    default void onOther(int engineId, Message message) {
    }

    /** The engine finished the request (its result is complete). */
    default void onDone(EngineResult result) {
    }

    /** A listener that ignores everything. */
    ExecuteListener NONE = new ExecuteListener() {
    };
}
