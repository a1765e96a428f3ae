package org.jparallel.engine;

import org.jparallel.link.Mailbox;
import org.jparallel.protocol.EngineProtocol;

import com.google.gson.JsonObject;
import org.jparallel.wire.Message;
import org.jparallel.wire.WireCodec;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Messages an engine sends, queued for the I/O thread that owns the socket. Output streams hold
 * a share of a byte budget until the I/O thread has sent them, so a cell printing faster than
 * the link carries is slowed down instead of filling the memory.
 */
final class Outbox {
    /** A message waiting for the I/O thread, with the output budget it holds. */
    record Outgoing(Message message, int permits) {
    }

    private final WireCodec codec;
    private final int engineId;
    private final Mailbox<Outgoing> mailbox;
    private final int budgetBytes;
    private final Semaphore budget;

    Outbox(WireCodec codec, int engineId, Mailbox<Outgoing> mailbox, int budgetBytes) {
        this.codec = codec;
        this.engineId = engineId;
        this.mailbox = mailbox;
        this.budgetBytes = budgetBytes;
        this.budget = new Semaphore(budgetBytes, true);
    }

    /** Queues a message with the given parent; adds engine_id to content and metadata. */
    void send(Message parent, String type, JsonObject content, List<byte[]> buffers) {
        mailbox.post(new Outgoing(build(parent, type, content, buffers), 0));
    }

    /** Queues a message built with {@link #build}. */
    void send(Message built) {
        mailbox.post(new Outgoing(built, 0));
    }

    /** Queues one batch of output, waiting while the budget is spent. */
    void stream(Message parent, String name, String text) {
        if (text.isEmpty()) {
            return;
        }
        int bytes = Math.min(budgetBytes, Math.max(1, text.length() * 2));
        budget.acquireUninterruptibly(bytes);
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        c.addProperty("text", text);
        mailbox.post(new Outgoing(build(parent, EngineProtocol.STREAM, c, List.of()), bytes));
    }

    /** Called by the I/O thread once a message is on the socket. */
    void sent(Outgoing o) {
        if (o.permits() > 0) {
            budget.release(o.permits());
        }
    }

    Message build(Message parent, String type, JsonObject content, List<byte[]> buffers) {
        content.addProperty("engine_id", engineId);
        Message m = codec.create(type, parent, content);
        m.metadata().addProperty("engine_id", engineId);
        return buffers.isEmpty() ? m
                : new Message(m.identities(), m.header(), m.parentHeader(), m.metadata(), m.content(), buffers);
    }
}
