package org.jparallel.kernel;

import com.google.gson.JsonObject;
import org.jparallel.kernel.core.Json;
import org.jparallel.wire.ConnectionInfo;
import org.jparallel.wire.Message;
import org.jparallel.wire.Sockets;
import org.jparallel.wire.WireCodec;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A Jupyter frontend for tests, on our wire layer: DEALER sockets for shell, control and stdin,
 * SUB for iopub, REQ for heartbeat. All sockets belong to the thread that created the client.
 */
final class KernelClient implements AutoCloseable {
    /** A finished execution: the reply and the iopub messages between busy and idle. */
    record Execution(Message request, Message reply, List<Message> outputs) {
        String status() {
            return reply.contentString("status", "");
        }

        /** All text of the stream messages with that name, concatenated in arrival order. */
        String stream(String name) {
            StringBuilder sb = new StringBuilder();
            for (Message m : outputs) {
                if (m.type().equals("stream") && m.contentString("name", "").equals(name)) {
                    sb.append(m.contentString("text", ""));
                }
            }
            return sb.toString();
        }

        List<Message> ofType(String type) {
            return outputs.stream().filter(m -> m.type().equals(type)).toList();
        }

        /** text/plain of the execute_result, or null. */
        String result() {
            return ofType("execute_result").stream().findFirst()
                    .map(m -> m.content().getAsJsonObject("data").get("text/plain").getAsString()).orElse(null);
        }
    }

    final ZContext zmq = new ZContext(1);
    final WireCodec codec;
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    final ZMQ.Socket stdin;
    final ZMQ.Socket iopub;
    final ZMQ.Socket hb;
    private final List<Message> iopubBacklog = new ArrayList<>();
    private final List<Message> shellBacklog = new ArrayList<>();
    private final java.util.Map<ZMQ.Socket, ZMQ.Poller> pollers = new java.util.HashMap<>();

    KernelClient(ConnectionInfo info) {
        codec = new WireCodec(info.key(), UUID.randomUUID().toString(), "test");
        byte[] identity = codec.session().getBytes(StandardCharsets.UTF_8);
        shell = connect(SocketType.DEALER, info.endpoint(info.shellPort()), identity);
        control = connect(SocketType.DEALER, info.endpoint(info.controlPort()), identity);
        stdin = connect(SocketType.DEALER, info.endpoint(info.stdinPort()), identity);
        iopub = zmq.createSocket(SocketType.SUB);
        iopub.subscribe(new byte[0]);
        iopub.connect(info.endpoint(info.iopubPort()));
        hb = connect(SocketType.REQ, info.endpoint(info.hbPort()), null);
    }

    private ZMQ.Socket connect(SocketType type, String endpoint, byte[] identity) {
        ZMQ.Socket s = zmq.createSocket(type);
        s.setLinger(0);
        if (identity != null) {
            s.setIdentity(identity);
        }
        s.connect(endpoint);
        return s;
    }

    /** Waits until shell answers kernel_info and iopub delivers its status (so no output is missed). */
    void waitForReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Message req = send(shell, "kernel_info_request", new JsonObject());
            Message reply = shellReply(req, Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (reply == null) {
                break;
            }
            if (nextIopub(req, "status", Duration.ofMillis(500)) != null) {
                drainIopub(Duration.ofMillis(100));
                return;
            }
        }
        throw new AssertionError("the kernel did not become ready within " + timeout);
    }

    Message send(ZMQ.Socket socket, String type, JsonObject content) {
        Message m = codec.create(type, null, content);
        Sockets.send(socket, codec, m);
        return m;
    }

    /** Sends an execute_request with the given extra fields (silent, stop_on_error, ...). */
    Message executeAsync(String code, Object... fields) {
        JsonObject c = Json.obj("code", code, "silent", false, "store_history", true,
                "user_expressions", new JsonObject(), "allow_stdin", false, "stop_on_error", true);
        JsonObject extra = Json.obj(fields);
        extra.entrySet().forEach(e -> c.add(e.getKey(), e.getValue()));
        return send(shell, "execute_request", c);
    }

    /** Runs a cell and collects everything it produced. */
    Execution execute(String code, Duration timeout, Object... fields) {
        Message req = executeAsync(code, fields);
        return collect(req, timeout);
    }

    /** The reply and the iopub messages of a request sent earlier. */
    Execution collect(Message req, Duration timeout) {
        Message reply = shellReply(req, timeout);
        if (reply == null) {
            throw new AssertionError("no reply to " + req.type() + " within " + timeout);
        }
        return new Execution(req, reply, outputsUntilIdle(req, timeout));
    }

    /** The iopub messages of a request, from after busy up to idle (excluded). */
    List<Message> outputsUntilIdle(Message req, Duration timeout) {
        List<Message> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = nextIopub(req, null, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m == null) {
                throw new AssertionError("no idle status for " + req.type() + " within " + timeout + "; got " + types(out));
            }
            if (m.type().equals("status")) {
                String state = m.contentString("execution_state", "");
                if (state.equals("idle")) {
                    return out;
                }
                continue;
            }
            out.add(m);
        }
    }

    private static List<String> types(List<Message> ms) {
        return ms.stream().map(Message::type).toList();
    }

    /** The reply on shell to the given request, or null after the timeout. */
    Message shellReply(Message req, Duration timeout) {
        return reply(shell, shellBacklog, req, timeout);
    }

    /** The reply on control to the given request, or null after the timeout. */
    Message controlReply(Message req, Duration timeout) {
        return reply(control, new ArrayList<>(), req, timeout);
    }

    private Message reply(ZMQ.Socket socket, List<Message> backlog, Message req, Duration timeout) {
        for (int i = 0; i < backlog.size(); i++) {
            if (isChildOf(backlog.get(i), req)) {
                return backlog.remove(i);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = receive(socket, deadline);
            if (m == null) {
                return null;
            }
            if (isChildOf(m, req)) {
                return m;
            }
            backlog.add(m);
        }
    }

    /** The next iopub message that is a child of req (of the given type, if not null), or null after the timeout. */
    Message nextIopub(Message req, String type, Duration timeout) {
        for (int i = 0; i < iopubBacklog.size(); i++) {
            Message m = iopubBacklog.get(i);
            if ((req == null || isChildOf(m, req)) && (type == null || m.type().equals(type))) {
                return iopubBacklog.remove(i);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message m = receive(iopub, deadline);
            if (m == null) {
                return null;
            }
            if ((req == null || isChildOf(m, req)) && (type == null || m.type().equals(type))) {
                return m;
            }
            iopubBacklog.add(m);
        }
    }

    /** Reads and forgets iopub messages until none arrives for the given time. */
    void drainIopub(Duration quiet) {
        iopubBacklog.clear();
        while (receive(iopub, System.nanoTime() + quiet.toNanos()) != null) {
            // discard
        }
    }

    /** The next message on a socket before the deadline (System.nanoTime), or null. */
    Message receive(ZMQ.Socket socket, long deadlineNanos) {
        ZMQ.Poller poller = pollers.computeIfAbsent(socket, s -> {
            ZMQ.Poller p = zmq.createPoller(1);
            p.register(s, ZMQ.Poller.POLLIN);
            return p;
        });
        while (true) {
            Message m = Sockets.recv(socket, codec, "test");
            if (m != null) {
                return m;
            }
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return null;
            }
            poller.poll(left);
        }
    }

    static boolean isChildOf(Message m, Message req) {
        return m.parentHeader().has("msg_id") && m.parentHeader().get("msg_id").getAsString().equals(req.id());
    }

    /** Sends raw frames on shell, for malformed-message tests. */
    void sendRaw(List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            shell.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** One heartbeat round trip; true when the echo came back within the timeout. */
    boolean heartbeat(Duration timeout) {
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        hb.send(ping);
        ZMQ.Poller poller = zmq.createPoller(1);
        try {
            poller.register(hb, ZMQ.Poller.POLLIN);
            if (poller.poll(timeout.toMillis()) <= 0) {
                return false;
            }
            return java.util.Arrays.equals(hb.recv(), ping);
        } finally {
            poller.close();
        }
    }

    @Override
    public void close() {
        pollers.values().forEach(ZMQ.Poller::close);
        zmq.close();
    }
}
