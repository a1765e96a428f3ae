package org.jparallel.engine;

import org.jparallel.protocol.EngineProtocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jparallel.jshell.OutputSink;
import org.jparallel.wire.Message;
import org.jparallel.wire.WireCodec;

import java.util.List;

/**
 * One request an engine is serving: the message, the engine, and the ways to answer. Side
 * messages and output go out in the order they are sent, all before the reply.
 */
public final class EngineRequest {
    private final Message message;
    private final Engine engine;
    private final Outbox outbox;
    private final String started = WireCodec.now();
    private final OutputCap cap = OutputCap.configured();
    private volatile boolean replied;

    EngineRequest(Message message, Engine engine, Outbox outbox) {
        this.message = message;
        this.engine = engine;
        this.outbox = outbox;
    }

    /** The request message (header, content, buffers). */
    public Message message() {
        return message;
    }

    /** The request's content. */
    public JsonObject content() {
        return message.content();
    }

    /** The request's raw buffers (for example serialised objects or class bytes). */
    public List<byte[]> buffers() {
        return message.buffers();
    }

    /** The request's msg_type. */
    public String msgType() {
        return message.type();
    }

    /** The engine serving it. */
    public Engine engine() {
        return engine;
    }

    /** Sends a side message (its parent is this request; engine_id is added to the content). */
    public void send(String msgType, JsonObject content) {
        send(msgType, content, List.of());
    }

    /** Sends a side message with buffers. */
    public void send(String msgType, JsonObject content, List<byte[]> buffers) {
        outbox.send(message, msgType, content.deepCopy(), buffers);
    }

    /**
     * Output of this request, sent as {@code stream} messages tagged with the engine id; beyond
     * the engine's output limit it is dropped, and the reply is preceded by a notice saying how much.
     */
    public OutputSink output() {
        return (stream, text) -> outbox.stream(message, stream, cap.admit(stream, text));
    }

    /**
     * Sends the reply ({@code NAME_reply} for {@code NAME_request}); "status": "ok" is added when
     * the content has no status. A request is replied to once.
     */
    public void reply(JsonObject content, List<byte[]> buffers) {
        synchronized (this) {
            if (replied) {
                throw new IllegalStateException("the " + msgType() + " was already replied to");
            }
            replied = true;
        }
        cap.notices(engine.id()).forEach((stream, notice) -> outbox.stream(message, stream, notice));
        JsonObject c = content.deepCopy();
        if (!c.has("status")) {
            c.addProperty("status", "ok");
        }
        Message m = outbox.build(message, EngineProtocol.replyType(msgType()), c, buffers);
        m.metadata().addProperty("started", started);
        m.metadata().addProperty("completed", WireCodec.now());
        m.metadata().addProperty("status", c.get("status").getAsString());
        outbox.send(m);
    }

    /** Sends the reply without buffers. */
    public void reply(JsonObject content) {
        reply(content, List.of());
    }

    /** Whether the reply was sent. */
    public boolean replied() {
        return replied;
    }

    void replyIfNeeded() {
        if (!replied) {
            reply(new JsonObject());
        }
    }

    /** Replies with status "error" describing the exception (unless a reply went out already). */
    void replyError(Throwable t) {
        if (replied) {
            return;
        }
        JsonObject c = errorContent(t.getClass().getName(), String.valueOf(t.getMessage()), traceback(t));
        reply(c);
    }

    /** A content with status "error" and ename, evalue, traceback. */
    static JsonObject errorContent(String ename, String evalue, List<String> traceback) {
        JsonObject c = new JsonObject();
        c.addProperty("status", "error");
        c.addProperty("ename", ename);
        c.addProperty("evalue", evalue);
        JsonArray tb = new JsonArray();
        traceback.forEach(tb::add);
        c.add("traceback", tb);
        return c;
    }

    private static List<String> traceback(Throwable t) {
        List<String> lines = new java.util.ArrayList<>();
        lines.add(t.toString());
        for (StackTraceElement e : t.getStackTrace()) {
            lines.add("    at " + e);
        }
        return lines;
    }
}
