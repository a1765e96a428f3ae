package org.jparallel.cluster;

import org.jparallel.protocol.ClientProtocol;

import com.google.gson.JsonObject;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.wire.Message;

/** Turns one engine's messages for an execute request into listener calls and an {@link EngineResult}. */
final class ExecuteCollector {
    private final int engineId;
    private final ExecuteListener listener;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private int executionCount = -1;
    private JsonObject data;
    private EngineError error;
    private EngineResult result;

    ExecuteCollector(int engineId, ExecuteListener listener) {
        this.engineId = engineId;
        this.listener = listener;
    }

    /** Called on the delivery thread with each message, the final one last. */
    void accept(Message m) {
        JsonObject c = m.content();
        switch (m.type()) {
            case EngineProtocol.STREAM -> {
                String name = m.contentString("name", "stdout");
                String text = m.contentString("text", "");
                capture(name.equals("stderr") ? stderr : stdout, text);
                listener.onStream(engineId, name, text);
            }
            case EngineProtocol.EXECUTE_RESULT -> {
                executionCount = intOf(c, "execution_count", executionCount);
                data = c.has("data") && c.get("data").isJsonObject() ? c.getAsJsonObject("data") : new JsonObject();
                JsonObject md = c.has("metadata") && c.get("metadata").isJsonObject() ? c.getAsJsonObject("metadata") : new JsonObject();
                listener.onResult(engineId, executionCount, data, md);
            }
            case EngineProtocol.ERROR -> {
                error = EngineError.from(engineId, c);
                listener.onError(engineId, error);
            }
            case EngineProtocol.EXECUTE_REPLY -> {
                executionCount = intOf(c, "execution_count", executionCount);
                if (!"ok".equals(m.contentString("status", "")) && error == null) {
                    error = EngineError.from(engineId, c);
                    listener.onError(engineId, error);
                }
                finish(error == null ? EngineResult.Status.OK : EngineResult.Status.ERROR, m);
            }
            case ClientProtocol.ENGINE_FAILURE -> {
                error = EngineError.from(engineId, c);
                listener.onError(engineId, error);
                finish(EngineResult.Status.DIED, m);
            }
            default -> listener.onOther(engineId, m);
        }
    }

    /** The result, once the final message has arrived. */
    EngineResult result() {
        return result;
    }

    private void finish(EngineResult.Status status, Message m) {
        result = new EngineResult(engineId, status, executionCount, data, error, stdout.toString(), stderr.toString(),
                m.metadata().has("started") ? m.metadata().get("started").getAsString() : "",
                m.metadata().has("completed") ? m.metadata().get("completed").getAsString() : "");
        listener.onDone(result);
    }

    private static void capture(StringBuilder sb, String text) {
        int room = EngineResult.MAX_CAPTURE - sb.length();
        if (room <= 0) {
            return;
        }
        if (text.length() <= room) {
            sb.append(text);
        } else {
            sb.append(text, 0, room).append("\n[output cut at ").append(EngineResult.MAX_CAPTURE).append(" characters]\n");
        }
    }

    private static int intOf(JsonObject c, String k, int d) {
        return c.has(k) && c.get(k).isJsonPrimitive() ? c.get(k).getAsInt() : d;
    }
}
