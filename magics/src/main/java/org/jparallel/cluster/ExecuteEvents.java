package org.jparallel.cluster;

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
                sink.accept(new EngineEvent.Result(engineId, count, text));
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
            default -> {
                // other messages of the request (display data, ...) have no event yet
            }
        }
    }

    private void fail(Message m) {
        failed = true;
        EngineError e = EngineError.from(engineId, m.content());
        sink.accept(new EngineEvent.Failure(engineId, e.ename(), e.evalue(), e.traceback()));
    }
}
