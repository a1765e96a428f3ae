package org.jparallel.cluster;

import org.jparallel.protocol.ClientProtocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * An error from an engine: an exception or compile error in the user's code, an interrupt, or
 * the engine's death (ename {@value ClientProtocol#ENGINE_DIED}).
 *
 * @param engineId  the engine
 * @param ename     exception class name, "CompilationError", "Interrupted" or "EngineDied"
 * @param evalue    the message
 * @param traceback the lines to show (first line "Name: message", then "    at ..." lines)
 */
public record EngineError(int engineId, String ename, String evalue, List<String> traceback) {
    public EngineError {
        traceback = List.copyOf(traceback);
    }

    /** Whether the engine died (rather than the code failing). */
    public boolean engineDied() {
        return ClientProtocol.ENGINE_DIED.equals(ename);
    }

    /** Reads ename, evalue and traceback from an error, reply or engine_failure content. */
    static EngineError from(int engineId, JsonObject c) {
        List<String> tb = new ArrayList<>();
        if (c.has("traceback") && c.get("traceback").isJsonArray()) {
            for (JsonElement e : c.getAsJsonArray("traceback")) {
                tb.add(e.isJsonPrimitive() ? e.getAsString() : e.toString());
            }
        }
        return new EngineError(engineId, str(c, "ename", "Error"), str(c, "evalue", ""), tb);
    }

    private static String str(JsonObject c, String k, String d) {
        return c.has(k) && c.get(k).isJsonPrimitive() ? c.get(k).getAsString() : d;
    }
}
