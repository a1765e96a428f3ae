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
    private final String endpoint;
    private final WireCodec codec;
    private final ReplayGuard replays = new ReplayGuard(16384);
    private final Dispatcher dispatcher;
    private final CompletableFuture<Void> bound = new CompletableFuture<>();
    private final Deque<Message> backlog = new ArrayDeque<>();
    private volatile boolean stopping;
    private ZMQ.Socket socket;

    RouterChannel(String name, ZContext zmq, String endpoint, WireCodec codec, Dispatcher dispatcher) {
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
            socket = zmq.createSocket(SocketType.ROUTER);
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
        // A signed message seen before is a replay (someone re-sending captured frames), as jupyter_client checks.
        if (codec.signs() && !m.id().isEmpty() && !replays.firstTime(m.id())) {
            LOG.log(Level.WARNING, "dropped a replayed {0} on {1} (msg_id ''{2}'')", new Object[]{m.type(), name, m.id()});
            return;
        }
        try {
            dispatcher.dispatch(m, this);
        } catch (RuntimeException | LinkageError e) {
            // A bug in one handler must not take the channel down; the frontend sees the reply missing.
            LOG.log(Level.SEVERE, name + ": handling " + m.type() + " failed", e);
        }
    }
}
