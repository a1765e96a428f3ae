package org.jparallel.kernel.core;

import org.jparallel.protocol.JupyterMessages;
import org.jparallel.wire.Message;
import org.jparallel.wire.Sockets;
import org.jparallel.wire.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stdin channel: one thread owns the ROUTER socket. A cell that reads System.in asks it for a
 * line; it sends input_request to the frontend that sent the execute_request and waits for the
 * matching input_reply. Only one request is outstanding at a time, as the protocol expects.
 */
final class StdinChannel implements Runnable {
    private static final Logger LOG = Logger.getLogger(StdinChannel.class.getName());

    private record Request(Message parent, String prompt, boolean password, CompletableFuture<String> answer) {
    }

    private static final Request STOP = new Request(null, "", false, new CompletableFuture<>());

    private final ZContext zmq;
    private final org.jparallel.wire.MessageLimit limit;
    private final String endpoint;
    private final WireCodec codec;
    private final org.jparallel.link.ReplayGuard replays = new org.jparallel.link.ReplayGuard(4096);
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> bound = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile Request current;

    StdinChannel(ZContext zmq, String endpoint, WireCodec codec, org.jparallel.wire.MessageLimit limit) {
        this.limit = limit;
        this.zmq = zmq;
        this.endpoint = endpoint;
        this.codec = codec;
    }

    CompletableFuture<Void> bound() {
        return bound;
    }

    void stop() {
        stopping = true;
        requests.add(STOP);
    }

    /**
     * Asks the frontend for a line of input, on behalf of the given execute_request; blocks until
     * the user answers. Throws InterruptedIOException when the cell is interrupted meanwhile.
     */
    String readLine(Message parent, String prompt, boolean password) throws IOException {
        CompletableFuture<String> answer = new CompletableFuture<>();
        requests.add(new Request(parent, prompt == null ? "" : prompt, password, answer));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            answer.cancel(false);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("reading input was interrupted");
        } catch (CancellationException e) {
            throw new InterruptedIOException("reading input was interrupted");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Gives up on the input being waited for, if any (the cell was interrupted). */
    void cancelPending() {
        Request r = current;
        if (r != null) {
            r.answer().cancel(false);
        }
        requests.forEach(q -> q.answer().cancel(false));
    }

    @Override
    public void run() {
        ZMQ.Socket socket;
        try {
            socket = limit.apply(zmq.createSocket(SocketType.ROUTER));
            socket.setLinger(0);
            socket.bind(endpoint);
        } catch (RuntimeException e) {
            bound.completeExceptionally(e);
            return;
        }
        bound.complete(null);
        ZMQ.Poller poller = zmq.createPoller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        try {
            while (!stopping) {
                Request r = requests.take();
                if (r == STOP) {
                    break;
                }
                if (r.answer().isDone()) {
                    continue;
                }
                current = r;
                try {
                    serve(r, socket, poller);
                } finally {
                    current = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            poller.close();
            socket.close();
        }
    }

    private void serve(Request r, ZMQ.Socket socket, ZMQ.Poller poller) {
        // Replies to earlier, abandoned requests may still sit in the socket: drop them.
        while (Sockets.recvFrames(socket, ZMQ.DONTWAIT) != null) {
            LOG.fine("dropped a stale message on stdin");
        }
        Message request = codec.create(JupyterMessages.INPUT_REQUEST, r.parent(),
                Json.obj("prompt", r.prompt(), "password", r.password()));
        Sockets.send(socket, codec, request);
        while (!stopping && !r.answer().isDone()) {
            // The timeout only bounds how long a cancelled request waits to be noticed.
            if (poller.poll(200) <= 0) {
                continue;
            }
            Message m;
            while ((m = Sockets.recv(socket, codec, "stdin")) != null) {
                // jupyter_client's input() sends replies without a parent header: accept those too.
                String parentId = m.parentHeader().has("msg_id") ? m.parentHeader().get("msg_id").getAsString() : "";
                if (!m.type().equals(JupyterMessages.INPUT_REPLY) || !(parentId.isEmpty() || parentId.equals(request.id()))) {
                    LOG.log(Level.FINE, "stdin: ignored {0} not answering the current input_request", m.type());
                    continue;
                }
                // a captured input_reply sent again must not answer a later prompt
                String replay = codec.signs() ? replays.refusal(m) : null;
                if (replay != null) {
                    LOG.log(Level.WARNING, "dropped an input_reply on stdin: {0}", replay);
                    continue;
                }
                r.answer().complete(m.contentString("value", ""));
                return;
            }
        }
        if (stopping) {
            r.answer().completeExceptionally(new IOException("the kernel is shutting down"));
        }
    }
}
