package org.jparallel.cluster;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jparallel.protocol.ClientProtocol;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.wire.Message;

import java.util.function.Consumer;

/** Turns one engine's messages for an execute request into {@link EngineEvent}s, the one model of what engines report. */
final class ExecuteEvents implements Consumer<Message> {
    private final int engineId;
    private final Consumer<? super EngineEvent> sink;
    private boolean failed;

    ExecuteEvents(int engineId, Consumer<? super EngineEvent> sink) {
        this.engineId = engineId;
        this.sink = sink;
    }

    /** Called on the delivery thread with each message, the final one last. */
    @Override
    public void accept(Message m) {
        switch (m.type()) {
            case EngineProtocol.STREAM -> sink.accept(new EngineEvent.Stream(engineId, m.contentString("name", "stdout"),
                    m.contentString("text", "")));
            case EngineProtocol.EXECUTE_RESULT -> {
                var c = m.content();
                int count = c.has("execution_count") && c.get("execution_count").isJsonPrimitive()
                        ? c.get("execution_count").getAsInt() : -1;
                var data = c.has("data") && c.get("data").isJsonObject() ? c.getAsJsonObject("data") : null;
                String text = data != null && data.has("text/plain") ? data.get("text/plain").getAsString() : "";
                Map<String, Object> rich = map(c, "data");
                rich.remove("text/plain");
                sink.accept(new EngineEvent.Result(engineId, count, text, rich, map(c, "metadata")));
            }
            case EngineProtocol.ERROR -> fail(m);
            case EngineProtocol.EXECUTE_REPLY -> {
                boolean ok = "ok".equals(m.contentString("status", ""));
                if (!ok && !failed) {
                    fail(m);
                }
                sink.accept(new EngineEvent.Done(engineId, ok && !failed));
            }
            case ClientProtocol.ENGINE_FAILURE -> {
                fail(m);
                sink.accept(new EngineEvent.Done(engineId, false));
            }
            case EngineProtocol.DISPLAY_DATA -> sink.accept(new EngineEvent.Display(engineId, map(m.content(), "data"),
                    map(m.content(), "metadata")));
            default -> {
                // other messages of the request have no event
            }
        }
    }

    /** A JSON object of the content as a map (strings as strings, other values as Gson reads them). */
    private static Map<String, Object> map(JsonObject c, String key) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (c.has(key) && c.get(key).isJsonObject()) {
            c.getAsJsonObject(key).entrySet().forEach(e -> out.put(e.getKey(), e.getValue().isJsonPrimitive()
                    ? e.getValue().getAsString() : GSON.fromJson(e.getValue(), Object.class)));
        }
        return out;
    }

    private static final Gson GSON = new Gson();

    private void fail(Message m) {
        failed = true;
        EngineError e = EngineError.from(engineId, m.content());
        sink.accept(new EngineEvent.Failure(engineId, e.ename(), e.evalue(), e.traceback()));
    }
}
