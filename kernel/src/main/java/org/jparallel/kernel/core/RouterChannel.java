package org.jparallel.kernel.core;

import com.google.gson.JsonObject;
import org.jparallel.link.ReplayGuard;
import org.jparallel.wire.Message;
import org.jparallel.wire.Sockets;
import org.jparallel.wire.WireCodec;
import org.jparallel.wire.WireException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A request channel (shell or control): one thread owns a ROUTER socket, reads requests in
 * arrival order and hands each to the dispatcher, which replies through {@link #send} on the
 * same thread. Messages that fail to decode are logged and dropped by the wire layer.
 */
final class RouterChannel implements Runnable {
    private static final Logger LOG = Logger.getLogger(RouterChannel.class.getName());

    /** Handles one request on the channel's thread. */
    interface Dispatcher {
        void dispatch(Message request, RouterChannel channel);
    }

    private final String name;
    private final ZContext zmq;
    private final org.jparallel.wire.MessageLimit limit;
    private final String endpoint;
    private final WireCodec codec;
    private final ReplayGuard replays = new ReplayGuard(16384);
    private final Dispatcher dispatcher;
    private final CompletableFuture<Void> bound = new CompletableFuture<>();
    private final Deque<Message> backlog = new ArrayDeque<>();
    private volatile boolean stopping;
    private String lastReplied = "";
    private ZMQ.Socket socket;

    RouterChannel(String name, ZContext zmq, String endpoint, WireCodec codec, org.jparallel.wire.MessageLimit limit,
                  Dispatcher dispatcher) {
        this.limit = limit;
        this.name = name;
        this.zmq = zmq;
        this.endpoint = endpoint;
        this.codec = codec;
        this.dispatcher = dispatcher;
    }

    String name() {
        return name;
    }

    CompletableFuture<Void> bound() {
        return bound;
    }

    void stop() {
        stopping = true;
    }

    /** Sends a message on this channel's socket; only from the channel's own thread. */
    void send(Message m) {
        if (m.parentHeader().has("msg_id") && m.type().endsWith("_reply")) {
            lastReplied = m.parentHeader().get("msg_id").getAsString();
        }
        if (!Sockets.send(socket, codec, m)) {
            LOG.log(Level.WARNING, "{0}: could not send {1}", new Object[]{name, m.type()});
        }
    }

    /** A reply of the given type to a request on this channel. */
    void reply(Message request, String replyType, JsonObject content) {
        send(codec.create(replyType, request, content));
    }

    /**
     * Reads every request that has already arrived but not been handled yet, keeps them to be
     * handled next in order, and returns them; for aborting requests queued behind an error.
     */
    List<Message> pending() {
        Message m;
        while (true) {
            List<byte[]> frames = Sockets.recvFrames(socket, ZMQ.DONTWAIT);
            if (frames == null) {
                break;
            }
            m = decode(frames);
            if (m != null) {
                backlog.addLast(m);
            }
        }
        return new ArrayList<>(backlog);
    }

    private Message decode(List<byte[]> frames) {
        try {
            return codec.decode(frames);
        } catch (WireException e) {
            LOG.log(Level.WARNING, "dropped a message on {0}: {1}", new Object[]{name, e.getMessage()});
            return null;
        }
    }

    @Override
    public void run() {
        try {
            socket = limit.apply(zmq.createSocket(SocketType.ROUTER));
            socket.setLinger(1000);
            socket.setRouterMandatory(false);
            socket.bind(endpoint);
        } catch (RuntimeException e) {
            bound.completeExceptionally(e);
            return;
        }
        bound.complete(null);
        ZMQ.Poller poller = zmq.createPoller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        try {
            while (!stopping && !Thread.currentThread().isInterrupted()) {
                Message next = backlog.pollFirst();
                if (next == null) {
                    // The timeout only bounds how long a stop request waits to be seen.
                    if (poller.poll(200) <= 0) {
                        continue;
                    }
                    next = Sockets.recv(socket, codec, name);
                    if (next == null) {
                        continue;
                    }
                }
                handle(next);
            }
        } finally {
            poller.close();
            socket.close();
        }
    }

    private void handle(Message m) {
        // A signed message must be fresh and new: no id, a date outside the window or an id seen
        // before is a replay (someone re-sending captured frames).
        String replay = codec.signs() ? replays.refusal(m) : null;
        if (replay != null) {
            LOG.log(Level.WARNING, "dropped a message ({0}) on {1}: {2}", new Object[]{m.type(), name, replay});
            return;
        }
        try {
            dispatcher.dispatch(m, this);
        } catch (Throwable e) {
            // Nothing a handler throws may end the loop (an OutOfMemoryError or StackOverflowError
            // would leave a kernel whose heartbeat answers but that never replies again): log it,
            // answer the request if it is still waiting, and go on serving.
            LOG.log(Level.SEVERE, name + ": handling " + m.type() + " failed", e);
            if (m.type().endsWith("_request") && !m.id().equals(lastReplied)) {
                try {
                    reply(m, m.type().substring(0, m.type().length() - "_request".length()) + "_reply", failure(m, e));
                } catch (Throwable again) {
                    LOG.log(Level.SEVERE, name + ": could not answer the failed " + m.type(), again);
                }
            }
        }
    }

    private static com.google.gson.JsonObject failure(Message m, Throwable e) {
        String what = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        String evalue = "the kernel failed while handling this " + m.type() + ": " + what
                + "; it goes on serving, but restart it if this happens again";
        com.google.gson.JsonObject c = new com.google.gson.JsonObject();
        c.addProperty("status", "error");
        c.addProperty("ename", "KernelError");
        c.addProperty("evalue", evalue);
        com.google.gson.JsonArray tb = new com.google.gson.JsonArray();
        tb.add("KernelError: " + evalue);
        c.add("traceback", tb);
        return c;
    }
}
