package org.jparallel.engine;

import org.jparallel.link.Silence;
import org.jparallel.link.Mailbox;
import org.jparallel.link.Dealers;
import org.jparallel.link.ReplayGuard;
import org.jparallel.protocol.EngineProtocol;

import com.google.gson.JsonObject;
import org.jparallel.support.Threads;
import org.jparallel.wire.BufferMismatchException;
import org.jparallel.wire.Message;
import org.jparallel.wire.MessageLimit;
import org.jparallel.wire.Sockets;
import org.jparallel.wire.WireCodec;
import org.jparallel.wire.WireException;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's side of the engine link: one I/O thread owns the DEALER socket, registers,
 * sends heartbeats, serves CONTROL requests at once and queues EXECUTION requests for the
 * execution thread; everything other threads send reaches the socket through the {@link Outbox}.
 */
final class EngineServer {
    private static final Logger LOG = Logger.getLogger(EngineServer.class.getName());
    private static final int OUTPUT_BUDGET_BYTES = 4 << 20;
    private static final String REFUSED = "ChangedMessage";

    /** How the engine's link ended. */
    enum EndKind { SHUTDOWN, CONTROLLER_LOST, REFUSED, FAILED }

    /** How and why the link ended. */
    record End(EndKind kind, String reason) {
    }

    private final EngineEnvironment env;
    private final Engine engine;
    private final EngineHandlers handlers;
    private final WireCodec codec;
    private final Mailbox<Outbox.Outgoing> mailbox = new Mailbox<>();
    private final Outbox outbox;
    private final ReplayGuard replays = new ReplayGuard(16384);
    private final MessageLimit limit;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile End end;
    private boolean registered;

    EngineServer(EngineEnvironment env, Engine engine, EngineHandlers handlers) {
        this.env = env;
        this.engine = engine;
        this.handlers = handlers;
        this.codec = WireCodec.engineLink(env.key(), UUID.randomUUID().toString(), "engine-" + engine.id());
        this.outbox = new Outbox(codec, engine.id(), mailbox, OUTPUT_BUDGET_BYTES);
        this.limit = MessageLimit.fromEnvironment(System.getenv(), MessageLimit.CLUSTER_DEFAULT_MB);
    }

    /** Connects, sends the registration (content as given) and serves until the link ends. */
    void start(JsonObject registration) {
        engine.execution().start();
        Threads.startDaemon("engine-" + engine.id() + "-io", () -> {
            try {
                loop(registration);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "the engine link failed", e);
                finish(EndKind.FAILED, "the engine link failed: " + e);
            } finally {
                ended.countDown();
            }
        });
    }

    /** Blocks until the link has ended and the socket is closed. */
    End awaitEnd() throws InterruptedException {
        ended.await();
        return end;
    }

    private void finish(EndKind kind, String reason) {
        if (end == null) {
            end = new End(kind, reason);
        }
    }

    private void loop(JsonObject registration) {
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket socket = Dealers.connect(ctx, env.controller(),
                    ("engine-" + engine.id() + "-" + UUID.randomUUID().toString().substring(0, 8)).getBytes(StandardCharsets.UTF_8),
                    env.curveServerKey(), limit);
            ZMQ.Poller poller = ctx.createPoller(2);
            poller.register(socket, ZMQ.Poller.POLLIN);
            poller.register(mailbox.channel(), ZMQ.Poller.POLLIN);

            Sockets.send(socket, codec, outbox.build(null, EngineProtocol.REGISTRATION_REQUEST, registration, List.of()));
            LOG.fine(() -> "sent the registration to " + env.controller());
            // a stopped or suspended engine is not deserted by its controller: its pauses do not count
            Silence silence = new Silence(Math.max(env.heartbeatMillis(), 500));
            long nextBeat = System.nanoTime() + env.heartbeatMillis() * 1_000_000L;
            while (end == null) {
                long waitMs = Math.min(Math.max(0, (nextBeat - System.nanoTime()) / 1_000_000L), env.heartbeatMillis());
                long began = System.nanoTime();
                poller.poll(waitMs);
                silence.waited(began, waitMs);
                while (end == null) {
                    List<byte[]> frames = Sockets.recvFrames(socket, ZMQ.DONTWAIT);
                    if (frames == null) {
                        break;
                    }
                    Message m = accept(frames);
                    if (m != null) {
                        silence.heard();
                        dispatch(m);
                    }
                }
                flush(socket);
                long now = System.nanoTime();
                if (now - nextBeat >= 0) {
                    nextBeat = now + env.heartbeatMillis() * 1_000_000L;
                    if (registered) {
                        JsonObject hb = new JsonObject();
                        hb.addProperty("busy", engine.currentRequest().isPresent());
                        Sockets.send(socket, codec, outbox.build(null, EngineProtocol.HEARTBEAT, hb, List.of()));
                    }
                }
                long silentMs = silence.silentMillis();
                if (silentMs > env.heartbeatTimeoutMillis()) {
                    finish(EndKind.CONTROLLER_LOST, (registered ? "the controller at " + env.controller()
                            + " stopped answering" : "no controller answered at " + env.controller())
                            + " for " + silentMs + " ms");
                }
            }
            engine.execution().stop();
            flush(socket);
            if (end.kind() != EndKind.SHUTDOWN) {
                socket.setLinger(0); // nobody is listening: do not wait to deliver
            }
        } finally {
            mailbox.close();
        }
    }

    private void flush(ZMQ.Socket socket) {
        Outbox.Outgoing o;
        while ((o = mailbox.poll()) != null) {
            send(socket, o.message());
            outbox.sent(o);
        }
    }

    /**
     * Sends a message within the link's limit. A reply over the limit becomes an error reply
     * saying so (the client's request ends with that sentence instead of waiting); anything else
     * over it is logged and dropped (output never is: it is capped far below the limit).
     */
    private void send(ZMQ.Socket socket, Message m) {
        List<byte[]> frames = codec.encode(m);
        String refusal = limit.refusal(frames, "the " + m.type() + " of engine " + engine.id(),
                "the profile's " + MessageLimit.PROFILE_KEY);
        if (refusal == null) {
            Sockets.sendFrames(socket, frames);
            return;
        }
        LOG.warning("not sent: " + refusal);
        if (EngineProtocol.isReply(m.type())) {
            JsonObject c = EngineRequest.errorContent("MessageTooLarge", refusal, List.of("MessageTooLarge: " + refusal));
            c.addProperty("engine_id", engine.id());
            Message error = new Message(m.identities(), codec.header(m.type()), m.parentHeader(), m.metadata(), c, List.of());
            Sockets.send(socket, codec, error);
        }
    }

    private Message accept(List<byte[]> frames) {
        Message m;
        try {
            m = codec.decode(frames);
        } catch (BufferMismatchException e) {
            refuseChanged(e);
            return null;
        } catch (WireException e) {
            LOG.log(Level.WARNING, "dropped a message from the controller: {0}", e.getMessage());
            return null;
        }
        String replay = replays.refusal(m);
        if (replay != null) {
            LOG.log(Level.WARNING, "dropped a message ({0}) from the controller: {1}", new Object[]{m.type(), replay});
            return null;
        }
        return m;
    }

    /**
     * A signed request whose buffers were swapped on the way: nothing of it runs, and its sender
     * hears why (its JSON parts, the parent included, are genuine).
     */
    private void refuseChanged(BufferMismatchException e) {
        Message m = e.message();
        String why = "engine " + engine.id() + " refused the " + m.type() + ": " + e.getMessage()
                + ", so it was changed on the way and nothing of it ran";
        LOG.warning(why);
        if (m.type().endsWith("_request") && replays.refusal(m) == null) {
            new EngineRequest(m, engine, outbox).reply(
                    EngineRequest.errorContent(REFUSED, why, List.of(REFUSED + ": " + why)));
        }
    }

    private void dispatch(Message m) {
        switch (m.type()) {
            case EngineProtocol.REGISTRATION_REPLY -> {
                if ("ok".equals(m.contentString("status", ""))) {
                    registered = true;
                    LOG.fine("registered with the controller");
                } else {
                    finish(EndKind.REFUSED, "the controller refused this engine: " + m.contentString("evalue", "no reason given"));
                }
            }
            case EngineProtocol.HEARTBEAT_REPLY -> {
                // hearing from the controller is all a heartbeat reply is for
            }
            case EngineProtocol.SHUTDOWN_REQUEST -> {
                new EngineRequest(m, engine, outbox).reply(new JsonObject());
                engine.interruptCurrent();
                finish(EndKind.SHUTDOWN, "the controller asked this engine to shut down");
            }
            default -> serve(m);
        }
    }

    private void serve(Message m) {
        EngineRequest request = new EngineRequest(m, engine, outbox);
        var registration = handlers.lookup(m.type());
        if (registration.isEmpty()) {
            String what = "this engine does not handle " + m.type() + " messages (it handles "
                    + String.join(", ", new java.util.TreeSet<>(handlers.types())) + ")";
            LOG.warning(what);
            request.reply(EngineRequest.errorContent("UnknownRequest", what, List.of("UnknownRequest: " + what)));
            return;
        }
        if (registration.get().mode() == HandlerMode.EXECUTION) {
            engine.execution().submit(request, registration.get().handler());
            return;
        }
        try {
            registration.get().handler().handle(request);
            request.replyIfNeeded();
        } catch (Exception | LinkageError | AssertionError e) {
            request.replyError(e);
        }
    }
}
