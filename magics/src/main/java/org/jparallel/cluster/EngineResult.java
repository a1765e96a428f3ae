package org.jparallel.cluster;

import com.google.gson.JsonObject;

/**
 * What one engine made of an execute request.
 *
 * @param engineId       the engine
 * @param status         OK, ERROR (the code failed or was interrupted) or DIED (the engine died or the
 *                       connection to the cluster was lost)
 * @param executionCount the engine's execution count for this request (for "Out[3:7]"), -1 if unknown
 * @param data           the value's MIME bundle ({"text/plain": "42"}), or null when the code had no value
 * @param error          the error when status is not OK, else null
 * @param stdout         everything the request printed to System.out (kept up to {@value #MAX_CAPTURE} chars)
 * @param stderr         everything the request printed to System.err (same bound)
 */
public record EngineResult(int engineId, Status status, int executionCount, JsonObject data, EngineError error,
                           String stdout, String stderr) {
    public static final int MAX_CAPTURE = 1 << 20;

    /** How an engine's part of a request ended. */
    public enum Status { OK, ERROR, DIED }

    public boolean ok() {
        return status == Status.OK;
    }

    /** The value's text/plain rendering (JShell's, e.g. "42" or "\"abc\""), or null when there is no value. */
    public String textPlain() {
        return data != null && data.has("text/plain") ? data.get("text/plain").getAsString() : null;
    }
}
