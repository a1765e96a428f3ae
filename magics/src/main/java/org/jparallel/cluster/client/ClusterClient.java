package org.jparallel.cluster.client;

import org.jparallel.protocol.ClusterState;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.EngineStatus;

import org.jparallel.protocol.ClientProtocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jparallel.link.Dealers;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.link.HostName;
import org.jparallel.link.Mailbox;
import org.jparallel.link.Silence;
import org.jparallel.link.ReplayGuard;
import org.jparallel.support.Threads;
import org.jparallel.wire.BufferMismatchException;
import org.jparallel.wire.Message;
import org.jparallel.wire.MessageLimit;
import org.jparallel.wire.Sockets;
import org.jparallel.wire.WireCodec;
import org.jparallel.wire.WireException;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection to a cluster's controller over its client port. One thread owns the DEALER
 * socket; requests from any thread reach it through a mailbox. A cluster hosted by this JVM is
 * reached in-process instead ({@link InProcessLinks}): requests go straight to the controller's
 * thread, and what it sends comes back on that thread. Everything that arrives for a
 * request is handed, in order, to the request's consumer on one delivery thread. Notices within
 * about two seconds when the controller's process exits, and within {@value #LOST_MS} ms when it
 * stops answering.
 */
public final class ClusterClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterClient.class.getName());
    static final int HEARTBEAT_MS = 1000;
    static final int LOST_MS = 6000;
    private static final int CHECK_MS = 250;

    private record Pending(Message request, Consumer<Message> onMessage, CompletableFuture<Message> done) {
    }

    private final ClusterInfo info;
    private final MessageLimit limit;
    private final WireCodec codec;
    // requests for the client thread (TCP only; null when the link is in-process)
    private final Mailbox<Message> outbound;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonObject>> statusListeners = new CopyOnWriteArrayList<>();
    private final ReplayGuard replays = new ReplayGuard(16384);
    private final ExecutorService delivery;
    private final boolean sameMachine;
    // the in-process link to a controller of this JVM, or null (TCP, through the client thread)
    private final InProcessLinks.Link local;
    private volatile JsonObject status = new JsonObject();
    private volatile String lost;
    private volatile boolean closing;

    private ClusterClient(ClusterInfo info) {
        this.info = info;
        this.codec = WireCodec.engineLink(info.key(), UUID.randomUUID().toString(), "client");
        this.limit = info.messageLimit();
        this.sameMachine = info.hostname().equals(HostName.local());
        this.delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(Threads.group(), r, "jparallel-delivery-" + info.profile());
            t.setDaemon(true);
            return t;
        });
        this.local = InProcessLinks.attach(info.clientEndpoint(), info.key(), this::dispatch, this::markLost);
        this.outbound = local == null ? new Mailbox<>() : null;
        if (local == null) {
            Threads.startDaemon("jparallel-client-" + info.profile(), this::loop);
        }
    }

    /** Whether this client reaches its controller in-process (a cluster this JVM hosts) rather than over TCP. */
    public boolean inProcess() {
        return local != null;
    }

    /** Connects and subscribes to the cluster's events; throws naming the controller when it does not answer. */
    public static ClusterClient connect(ClusterInfo info, Duration timeout) {
        ClusterClient c = new ClusterClient(info);
        try {
            c.call(ClientProtocol.CONNECT_REQUEST, new JsonObject()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return c;
        } catch (TimeoutException | ExecutionException e) {
            c.close();
            String why = e instanceof ExecutionException ee ? ee.getCause().getMessage()
                    : "no answer within " + timeout.toSeconds() + " s";
            throw new ClusterException("cannot reach the controller of cluster '" + info.profile() + "' at "
                    + info.clientEndpoint() + " (hosted by " + info.owner() + " pid " + info.pid() + "): " + why);
        } catch (InterruptedException e) {
            c.close();
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while connecting to the cluster '" + info.profile() + "'");
        }
    }

    public ClusterInfo info() {
        return info;
    }

    /** The latest status the controller sent (connect reply, events, status replies). */
    public JsonObject status() {
        return status;
    }

    /** Why the connection is lost, or null while it works. */
    public String lost() {
        return lost;
    }

    /** Called (on the delivery thread) with each new status. */
    public void onStatus(Consumer<JsonObject> listener) {
        statusListeners.add(listener);
    }

    void removeStatusListener(Consumer<JsonObject> listener) {
        statusListeners.remove(listener);
    }

    /**
     * Sends a request to one engine. onMessage gets, in order, everything the engine sends for
     * it, the final message included (NAME_reply, or engine_failure when the engine died or
     * the connection was lost); the future completes with that final message after onMessage.
     */
    public CompletableFuture<Message> request(int engineId, String msgType, JsonObject content, List<byte[]> buffers,
                                       Consumer<Message> onMessage) {
        Message m = codec.create(msgType, null, content);
        m.metadata().addProperty("engine_id", engineId);
        if (!buffers.isEmpty()) {
            m = new Message(m.identities(), m.header(), m.parentHeader(), m.metadata(), m.content(), buffers);
        }
        // the controller would drop the connection on a message over the limit: refuse it here, with a sentence
        String refusal = limit.refusal(codec.encodedSize(m), "the " + msgType + " to engine " + engineId,
                "the profile's " + MessageLimit.PROFILE_KEY + " (restart the cluster after changing it)");
        if (refusal != null) {
            throw new ClusterException(refusal);
        }
        return send(m, onMessage);
    }

    /** Sends a cluster-level request (status, stop, restart, connect); completes with the reply. */
    public CompletableFuture<Message> call(String msgType, JsonObject content) {
        return send(codec.create(msgType, null, content), x -> { });
    }

    private CompletableFuture<Message> send(Message m, Consumer<Message> onMessage) {
        CompletableFuture<Message> done = new CompletableFuture<>();
        String why = lost;
        if (why != null) {
            Message f = failure(m, why);
            Pending p = new Pending(m, onMessage, done);
            if (!onDelivery(() -> finish(p, f))) {
                finish(p, f); // closed: no delivery thread any more
            }
            return done;
        }
        pending.put(m.id(), new Pending(m, onMessage, done));
        if (local != null) {
            local.send(m);
        } else {
            outbound.post(m);
        }
        return done;
    }

    private void loop() {
        try (ZContext ctx = new ZContext(1)) {
            // an identity of its own: after a reconnect the controller still knows this client
            byte[] identity = ("client-" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ZMQ.Socket socket = Dealers.connect(ctx, info.clientEndpoint(), identity, info.curveServerKey(), limit);
            ZMQ.Poller poller = ctx.createPoller(2);
            poller.register(socket, ZMQ.Poller.POLLIN);
            poller.register(outbound.channel(), ZMQ.Poller.POLLIN);
            // a notebook whose machine slept is not deserted by its controller: its pauses do not count
            Silence silence = new Silence(HEARTBEAT_MS);
            long nextBeat = System.nanoTime();
            long nextCheck = nextBeat;
            while (!closing) {
                long began = System.nanoTime();
                poller.poll(CHECK_MS);
                silence.waited(began, CHECK_MS);
                for (int i = 0; i < 10_000; i++) {
                    List<byte[]> frames = Sockets.recvFrames(socket, ZMQ.DONTWAIT);
                    if (frames == null) {
                        break;
                    }
                    Message in = accept(frames);
                    if (in != null) {
                        silence.heard();
                        dispatch(in);
                    }
                }
                Message out;
                while ((out = outbound.poll()) != null) {
                    Sockets.send(socket, codec, out);
                }
                long now = System.nanoTime();
                if (lost == null && now - nextBeat >= 0) {
                    nextBeat = now + HEARTBEAT_MS * 1_000_000L;
                    Sockets.send(socket, codec, codec.create(ClientProtocol.HEARTBEAT, null, new JsonObject()));
                }
                if (lost == null && now - nextCheck >= 0) {
                    nextCheck = now + CHECK_MS * 1_000_000L;
                    if (sameMachine && !info.hostAlive()) {
                        markLost("the process hosting the cluster (" + info.owner() + ", pid " + info.pid() + ") has exited");
                    } else if (silence.silentMillis() > LOST_MS) {
                        markLost("the controller (" + info.owner() + " pid " + info.pid() + " at " + info.clientEndpoint()
                                + ") stopped answering for " + silence.silentMillis() / 1000 + " s");
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "the cluster client thread failed", e);
            markLost("the connection to the controller failed: " + e);
        } finally {
            outbound.close();
        }
    }

    private Message accept(List<byte[]> frames) {
        try {
            Message m = codec.decode(frames);
            String replay = replays.refusal(m);
            if (replay != null) {
                LOG.warning("dropped a message (" + m.type() + ") from the controller: " + replay);
                return null;
            }
            return m;
        } catch (BufferMismatchException e) {
            // a reply whose buffers were swapped on the way is never used; its request ends with why
            Message m = e.message();
            String why = "the " + m.type() + " from the controller was refused: " + e.getMessage()
                    + ", so it was changed on the way and was not used";
            LOG.warning(why);
            String parent = m.parentHeader().has("msg_id") ? m.parentHeader().get("msg_id").getAsString() : "";
            Pending p = EngineProtocol.isReply(m.type()) && replays.refusal(m) == null ? pending.remove(parent) : null;
            if (p != null) {
                Message f = failure(p.request(), "ChangedMessage", why);
                onDelivery(() -> finish(p, f));
            }
            return null;
        } catch (WireException e) {
            LOG.warning("dropped a message from the controller: " + e.getMessage());
            return null;
        }
    }

    private void dispatch(Message m) {
        switch (m.type()) {
            case ClientProtocol.HEARTBEAT_REPLY -> {
                // proof of life is all it carries
            }
            case ClientProtocol.CLUSTER_EVENT -> newStatus(m.content());
            default -> {
                if (m.type().equals(ClientProtocol.CONNECT_REPLY) || m.type().equals(ClientProtocol.STATUS_REPLY)) {
                    newStatus(m.content());
                }
                String parent = m.parentHeader().has("msg_id") ? m.parentHeader().get("msg_id").getAsString() : "";
                Pending p = EngineProtocol.isReply(m.type()) || m.type().equals(ClientProtocol.ENGINE_FAILURE)
                        ? pending.remove(parent) : pending.get(parent);
                if (p == null) {
                    LOG.fine(() -> "no one waits for a " + m.type() + " (parent '" + parent + "')");
                    return;
                }
                boolean last = EngineProtocol.isReply(m.type()) || m.type().equals(ClientProtocol.ENGINE_FAILURE);
                onDelivery(() -> {
                    if (last) {
                        finish(p, m);
                    } else {
                        deliver(p, m);
                    }
                });
            }
        }
    }

    /** Runs the action on the delivery thread; false when the client is closed and it will not run. */
    private boolean onDelivery(Runnable action) {
        try {
            delivery.execute(action);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    private void newStatus(JsonObject s) {
        status = s;
        onDelivery(() -> statusListeners.forEach(l -> {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a status listener failed", e);
            }
        }));
    }

    private static void deliver(Pending p, Message m) {
        try {
            p.onMessage().accept(m);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a listener failed on a " + m.type(), e);
        }
    }

    private static void finish(Pending p, Message m) {
        deliver(p, m);
        p.done().complete(m);
    }

    private void markLost(String why) {
        if (lost != null) {
            return;
        }
        lost = why;
        JsonObject s = status.deepCopy();
        boolean stopped = s.has("state") && s.get("state").getAsString().equals(ClusterState.STOPPED.wireName());
        if (closing || stopped) {
            LOG.fine(() -> "cluster '" + info.profile() + "': " + why);
        } else {
            LOG.warning("cluster '" + info.profile() + "': " + why);
        }
        if (!stopped) { // a stopped cluster's controller goes away: "stopped" says more than "lost"
            s.addProperty("state", ClusterState.LOST.wireName());
            s.addProperty("detail", why);
        }
        JsonArray engines = s.has("engines") ? s.getAsJsonArray("engines") : new JsonArray();
        engines.forEach(e -> e.getAsJsonObject().addProperty("state", EngineStatus.DEAD));
        newStatus(s);
        for (String id : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(id);
            if (p != null) {
                Message f = failure(p.request(), why);
                onDelivery(() -> finish(p, f));
            }
        }
    }

    private Message failure(Message request, String why) {
        return failure(request, ClientProtocol.ENGINE_DIED, why);
    }

    private Message failure(Message request, String ename, String why) {
        int engineId = request.metadata().has("engine_id") ? request.metadata().get("engine_id").getAsInt() : -1;
        JsonObject c = new JsonObject();
        c.addProperty("engine_id", engineId);
        c.addProperty("status", "error");
        c.addProperty("ename", ename);
        c.addProperty("evalue", why);
        JsonArray tb = new JsonArray();
        tb.add(ename + ": " + why);
        c.add("traceback", tb);
        Message f = codec.create(ClientProtocol.ENGINE_FAILURE, request, c);
        f.metadata().addProperty("engine_id", engineId);
        return f;
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        markLost("the connection to the cluster was closed");
        if (local != null) {
            local.close();
        } else {
            outbound.post(codec.create(ClientProtocol.HEARTBEAT, null, new JsonObject())); // wakes the loop
        }
        delivery.shutdown();
    }
}
