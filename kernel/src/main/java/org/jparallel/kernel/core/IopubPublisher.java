package org.jparallel.kernel.core;

import com.google.gson.JsonObject;
import org.jparallel.protocol.JupyterMessages;
import org.jparallel.wire.Message;
import org.jparallel.wire.MessageLimit;
import org.jparallel.wire.Sockets;
import org.jparallel.wire.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The iopub channel. One thread owns the PUB socket; any thread publishes by handing a message to
 * it through a queue, so messages go out in the order they were published.
 */
final class IopubPublisher implements Runnable {
    private static final Logger LOG = Logger.getLogger(IopubPublisher.class.getName());
    private static final Object STOP = new Object();

    private final ZContext zmq;
    private final org.jparallel.wire.MessageLimit limit;
    private final String endpoint;
    private final WireCodec codec;
    // Bounded: a cell printing faster than the socket drains waits here instead of growing memory.
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(10_000);
    private final CompletableFuture<Void> bound = new CompletableFuture<>();
    private final String topicPrefix;

    IopubPublisher(ZContext zmq, String endpoint, WireCodec codec, org.jparallel.wire.MessageLimit limit) {
        this.limit = limit;
        this.zmq = zmq;
        this.endpoint = endpoint;
        this.codec = codec;
        this.topicPrefix = "kernel." + codec.session() + ".";
    }

    /** Completes when the socket is bound, or exceptionally when binding failed. */
    CompletableFuture<Void> bound() {
        return bound;
    }

    /** Publishes a message of the given type, as a child of parent (null for none). */
    void publish(String msgType, Message parent, JsonObject content) {
        byte[] topic = (topicPrefix + msgType).getBytes(StandardCharsets.UTF_8);
        enqueue(codec.create(msgType, parent, content, List.of(topic)));
    }

    /**
     * Publishes a message with metadata and buffers (comm messages) when it fits the message
     * limit; otherwise publishes nothing and returns why, as a sentence.
     */
    String publish(String msgType, Message parent, JsonObject content, JsonObject metadata, List<byte[]> buffers) {
        byte[] topic = (topicPrefix + msgType).getBytes(StandardCharsets.UTF_8);
        Message m = new Message(List.of(topic), codec.header(msgType), parent == null ? new JsonObject() : parent.header(),
                metadata, content, buffers);
        String refusal = limit.refusal(codec.encodedSize(m), "this " + msgType + " message", MessageLimit.ENV);
        if (refusal == null) {
            enqueue(m);
        }
        return refusal;
    }

    private void enqueue(Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!queue.offer(item)) {
                LOG.log(Level.WARNING, "iopub is full and the publishing thread was interrupted: a message was dropped");
            }
        }
    }

    /** Publishes a status message: busy, idle or starting. */
    void status(JupyterMessages.ExecutionState state, Message parent) {
        publish(JupyterMessages.STATUS, parent, Json.obj("execution_state", state.wireName()));
    }

    /** Waits (bounded) until everything published before this call has been handed to the socket. */
    void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        enqueue(done);
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "iopub did not drain within 10 s");
        }
    }

    /** Asks the thread to send what is queued and close the socket. */
    void stop() {
        enqueue(STOP);
    }

    @Override
    public void run() {
        ZMQ.Socket pub;
        try {
            // a PUB reads subscriptions and handshakes: a stranger's frame header must not size its memory either
            pub = limit.apply(zmq.createSocket(SocketType.PUB));
            pub.setLinger(1000);
            pub.setSndHWM(10_000);
            pub.bind(endpoint);
        } catch (RuntimeException e) {
            bound.completeExceptionally(e);
            return;
        }
        bound.complete(null);
        try {
            while (true) {
                Object item = queue.take();
                if (item == STOP) {
                    break;
                }
                if (item instanceof Message m) {
                    Sockets.send(pub, codec, m);
                } else if (item instanceof CompletableFuture<?> f) {
                    f.complete(null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Object rest : queue) {
                if (rest instanceof CompletableFuture<?> f) {
                    f.complete(null);
                }
            }
            pub.close();
        }
    }
}
