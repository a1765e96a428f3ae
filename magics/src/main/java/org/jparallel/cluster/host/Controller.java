package org.jparallel.cluster.host;

import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.EngineStatus;

import org.jparallel.protocol.ClientProtocol;

import com.google.gson.JsonObject;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.link.Mailbox;
import org.jparallel.link.ReplayGuard;
import org.jparallel.support.Threads;
import org.jparallel.wire.BufferMismatchException;
import org.jparallel.wire.Message;
import org.jparallel.wire.MessageLimit;
import org.jparallel.wire.Sockets;
import org.jparallel.wire.WireCodec;
import org.jparallel.wire.WireException;
import org.zeromq.SocketType;
import org.jparallel.cluster.client.InProcessLinks;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller: one thread owns two signed ROUTER sockets, the engine port (engines register,
 * heartbeat and answer there) and the client port (kernels and jpcluster send requests there).
 * A client request for engine N is forwarded to it, and everything the engine sends with that
 * request as parent goes back to that client. Unsigned, wrongly signed, malformed and replayed
 * messages are logged and dropped. Other threads act through {@link #post}.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Controller.class.getName());
    private static final String TOO_LARGE = "MessageTooLarge";
    private static final String CHANGED = "ChangedMessage";

    /** What the controller asks of the process hosting it; called on the controller thread, must be quick. */
    interface Host {
        /** Null to admit the engine, else why it is refused. */
        String admit(int engineId, int engineCount, JsonObject registration);

        /** An engine registered. */
        void engineRegistered(EngineStatus engine, JsonObject registration);

        /** The cluster's status content (status_reply, connect_reply, events). */
        JsonObject statusContent();

        /** A client asked for status, stop or restart: answer with {@link ClientCall#reply} from any thread. */
        void clientCall(ClientCall call);
    }

    /** A client's status, stop or restart request, answered later from any thread. */
    final class ClientCall {
        private final Message request;

        ClientCall(Message request) {
            this.request = request;
        }

        /** The request type. */
        String type() {
            return request.type();
        }

        /** The request's content. */
        JsonObject content() {
            return request.content();
        }

        /** Sends the reply (NAME_reply) to the client. */
        void reply(JsonObject content) {
            post(() -> sendToClient(codec.create(EngineProtocol.replyType(request.type()), request, content)));
        }
    }

    private record Pending(int engineId, byte[] client, Message request) {
    }

    private static final class Slot {
        final byte[] identity;
        volatile EngineStatus status;
        volatile long lastSeenNanos = System.nanoTime();

        Slot(byte[] identity, EngineStatus status) {
            this.identity = identity;
            this.status = status;
        }
    }

    private final WireCodec codec;
    private final Host host;
    private final Mailbox<Runnable> mailbox = new Mailbox<>();
    private final ReplayGuard engineReplays = new ReplayGuard(16384);
    private final ReplayGuard clientReplays = new ReplayGuard(16384);
    private final AtomicLong dropped = new AtomicLong();
    private final CountDownLatch bound = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    // engine id -> slot; read by other threads for snapshots
    private final Map<Integer, Slot> slots = new ConcurrentHashMap<>();
    // controller-thread state
    private final Map<String, Integer> engineByIdentity = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, byte[]> subscribers = new LinkedHashMap<>();
    // clients in this JVM attached through InProcessLinks, by identity
    private final Map<String, LocalClient> locals = new HashMap<>();
    private ZMQ.Socket engines;
    private ZMQ.Socket clients;
    private volatile boolean closing;
    private volatile String engineEndpoint;
    private volatile String clientEndpoint;
    private volatile RuntimeException bindFailure;
    private int expected;
    private final ZMQ.Curve.KeyPair curve;
    private final MessageLimit limit;
    // the one client public key (Z85) the CURVE servers admit (ZAP); null: any client with the server key
    private final String clientKey;

    /** Binds both ports on the given interface (random ports) and starts the controller thread. */
    Controller(String key, String bindHost, String advertisedHost, int expected, Host host, String name) {
        this(key, bindHost, advertisedHost, expected, host, name, null);
    }

    /** Like the plain controller; with a key pair both ports are CURVE servers (encrypted links). */
    Controller(String key, String bindHost, String advertisedHost, int expected, Host host, String name,
               ZMQ.Curve.KeyPair curve) {
        this(key, bindHost, advertisedHost, expected, host, name, curve,
                MessageLimit.megabytes(MessageLimit.CLUSTER_DEFAULT_MB, MessageLimit.PROFILE_KEY), bindHost, null);
    }

    /**
     * Like the CURVE controller, carrying messages up to the limit (larger ones are refused with a
     * sentence), its client port bound to its own interface (clients need not face other hosts).
     */
    Controller(String key, String bindHost, String advertisedHost, int expected, Host host, String name,
               ZMQ.Curve.KeyPair curve, MessageLimit limit, String clientBindHost, String clientKey) {
        this.clientKey = clientKey;
        this.curve = curve;
        this.limit = limit;
        this.codec = WireCodec.engineLink(key, UUID.randomUUID().toString(), "controller");
        this.host = host;
        this.expected = expected;
        Threads.startDaemon("jparallel-controller-" + name, () -> run(bindHost, advertisedHost, clientBindHost));
        try {
            if (!bound.await(10, TimeUnit.SECONDS)) {
                throw new ClusterException("the controller could not bind its ports on " + bindHost + " within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while the controller was starting");
        }
        if (bindFailure != null) {
            throw bindFailure;
        }
        InProcessLinks.register(clientEndpoint, key, this::attachLocal);
    }

    /** A client in this JVM: what the controller sends it is handed to deliver on the controller's thread. */
    private record LocalClient(byte[] identity, Consumer<Message> deliver, Consumer<String> closed) {
    }

    /**
     * Attaches a client of this JVM (see {@link InProcessLinks}): its messages skip the socket,
     * the encoding and the signature (they never left the JVM), then take the same way as a
     * client's, on the controller's thread.
     */
    private InProcessLinks.Link attachLocal(Consumer<Message> deliver, Consumer<String> closed) {
        LocalClient local = new LocalClient(("local-" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                deliver, closed);
        post(() -> locals.put(key(local.identity()), local));
        return new InProcessLinks.Link() {
            @Override
            public void send(Message m) {
                post(() -> {
                    if (locals.containsKey(key(local.identity()))) {
                        fromLocal(local, m);
                    }
                });
            }

            @Override
            public void close() {
                post(() -> {
                    String k = key(local.identity());
                    locals.remove(k);
                    subscribers.remove(k);
                    pending.values().removeIf(p -> key(p.client()).equals(k));
                });
            }
        };
    }

    private void fromLocal(LocalClient local, Message m) {
        try {
            fromClient(new Message(List.of(local.identity()), m.header(), m.parentHeader(), m.metadata(), m.content(), m.buffers()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "failed to handle a " + m.type(), e);
        }
    }

    /** Where engines connect (given to them as JPARALLEL_CONTROLLER). */
    String engineEndpoint() {
        return engineEndpoint;
    }

    /** Where clients connect. */
    String clientEndpoint() {
        return clientEndpoint;
    }

    /** How many messages were dropped (bad signature, malformed, replayed, unknown sender). */
    long dropped() {
        return dropped.get();
    }

    /** Runs the action on the controller thread (which owns the sockets). */
    void post(Runnable action) {
        if (!closing) {
            mailbox.post(action);
        }
    }

    /** The engines registered since the last reset, by id. */
    Map<Integer, EngineStatus> engines() {
        Map<Integer, EngineStatus> m = new java.util.TreeMap<>();
        slots.forEach((id, s) -> m.put(id, s.status));
        return m;
    }

    /** Milliseconds since the engine was last heard from, or -1 when it is unknown. */
    long silenceMillis(int engineId) {
        Slot s = slots.get(engineId);
        return s == null ? -1 : (System.nanoTime() - s.lastSeenNanos) / 1_000_000L;
    }

    /** Marks engines dead or stopped: their pending requests fail with the reason; clients get an event. */
    void enginesGone(Collection<Integer> ids, String state, String reason) {
        List<Integer> list = List.copyOf(ids);
        post(() -> {
            for (int id : list) {
                Slot s = slots.get(id);
                if (s != null && s.status.running()) {
                    EngineStatus old = s.status;
                    s.status = new EngineStatus(id, state, old.pid(), old.host(), false, reason);
                    engineByIdentity.remove(key(s.identity));
                }
                // The event goes out before the failures: a client that sees its request fail
                // with "engine died" must already see the engine gone from ids() and status.
                JsonObject ev = new JsonObject();
                ev.addProperty("event", "engine_died");
                ev.addProperty("engine_id", id);
                broadcastNow(ev);
                failPending(id, reason);
            }
        });
    }

    /** Asks every running engine to shut down (they finalize MPI and exit). */
    void shutdownEngines() {
        post(() -> {
            for (Slot s : slots.values()) {
                if (s.status.running()) {
                    sendToEngine(s.identity, codec.create(EngineProtocol.SHUTDOWN_REQUEST, null, new JsonObject(), List.of()));
                }
            }
        });
    }

    /** Forgets all engines (before a restart), expecting the given number of new ones. */
    void reset(int newExpected) {
        post(() -> {
            expected = newExpected;
            slots.clear();
            engineByIdentity.clear();
        });
    }

    /** Sends a cluster_event (event name plus the host's status) to every subscribed client. */
    void broadcast(JsonObject event) {
        post(() -> broadcastNow(event));
    }

    /** Sends a cluster_event now (on the controller thread). */
    private void broadcastNow(JsonObject event) {
        JsonObject c = host.statusContent();
        event.entrySet().forEach(e -> c.add(e.getKey(), e.getValue()));
        for (byte[] client : List.copyOf(subscribers.values())) {
            sendToClient(codec.create(ClientProtocol.CLUSTER_EVENT, null, c.deepCopy(), List.of(client)));
        }
    }

    private void run(String bindHost, String advertisedHost, String clientBindHost) {
        ZapHandler zap = null;
        try (ZContext ctx = new ZContext(1)) {
            try {
                if (curve != null && clientKey != null) {
                    zap = new ZapHandler(ctx, clientKey, () -> closing);
                    Threads.startDaemon("jparallel-zap", zap);
                    zap.awaitBound(); // before the ports open: no connection may skip the check
                }
                engines = router(ctx, false, curve, limit);
                clients = router(ctx, true, curve, limit);
                int ep = engines.bindToRandomPort("tcp://" + bindHost);
                int cp = clients.bindToRandomPort("tcp://" + clientBindHost);
                engineEndpoint = "tcp://" + advertisedHost + ":" + ep;
                clientEndpoint = "tcp://" + (clientBindHost.equals(bindHost) || clientBindHost.equals("0.0.0.0")
                        ? advertisedHost : clientBindHost) + ":" + cp;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                bindFailure = new ClusterException("interrupted while the controller was starting");
                return;
            } catch (ZMQException e) {
                bindFailure = new ClusterException("the controller cannot bind to " + bindHost + ": " + e.getMessage()
                        + " (check controller.bind in the profile)", e);
                return;
            } finally {
                bound.countDown();
            }
            ZMQ.Poller poller = ctx.createPoller(3);
            poller.register(engines, ZMQ.Poller.POLLIN);
            poller.register(clients, ZMQ.Poller.POLLIN);
            poller.register(mailbox.channel(), ZMQ.Poller.POLLIN);
            while (!closing) {
                poller.poll(1000);
                drain(engines, true);
                drain(clients, false);
                Runnable r;
                while ((r = mailbox.poll()) != null) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.SEVERE, "a controller action failed", e);
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "the controller thread failed", e);
        } finally {
            if (zap != null) {
                try {
                    zap.awaitDone(); // its socket closes on its own thread, before the context
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            InProcessLinks.unregister(clientEndpoint);
            for (LocalClient local : List.copyOf(locals.values())) {
                try {
                    local.closed().accept("the cluster's controller has stopped");
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a client of this JVM failed as its controller stopped", e);
                }
            }
            locals.clear();
            mailbox.close();
            closed.countDown();
        }
    }

    private static ZMQ.Socket router(ZContext ctx, boolean mandatory, ZMQ.Curve.KeyPair curve, MessageLimit limit) {
        ZMQ.Socket s = limit.apply(ctx.createSocket(SocketType.ROUTER));
        if (curve != null) {
            org.jparallel.wire.Curve.server(s, curve);
            s.setZAPDomain(ZapHandler.DOMAIN);
        }
        s.setLinger(500);
        s.setSndHWM(100_000);
        s.setRcvHWM(100_000);
        s.setRouterMandatory(mandatory);
        if (mandatory) {
            // a client that reconnects keeps its identity (ClusterClient sets one): its new
            // connection takes over, so what is sent for its requests still reaches it
            s.setRouterHandover(true);
        }
        return s;
    }

    private void drain(ZMQ.Socket socket, boolean fromEngines) {
        for (int i = 0; i < 10_000; i++) {
            List<byte[]> frames = Sockets.recvFrames(socket, ZMQ.DONTWAIT);
            if (frames == null) {
                return;
            }
            Message m;
            try {
                m = codec.decode(frames);
            } catch (BufferMismatchException e) {
                refuseChanged(fromEngines, e);
                continue;
            } catch (WireException e) {
                drop(fromEngines, "a message (" + e.getMessage() + ")");
                continue;
            }
            if (m.identities().isEmpty()) {
                drop(fromEngines, "a message without a routing identity");
                continue;
            }
            String replay = (fromEngines ? engineReplays : clientReplays).refusal(m);
            if (replay != null) {
                drop(fromEngines, "a message (" + m.type() + ") because " + replay);
                continue;
            }
            try {
                if (fromEngines) {
                    fromEngine(m);
                } else {
                    fromClient(m);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "failed to handle a " + m.type(), e);
            }
        }
    }

    /**
     * A signed message whose buffers were swapped on the way is never used; the client whose
     * request it is (sent by it, or the engine's reply to it) hears why instead of waiting.
     */
    private void refuseChanged(boolean fromEngines, BufferMismatchException e) {
        Message m = e.message();
        String why = "the controller refused the " + m.type() + ": " + e.getMessage()
                + ", so it was changed on the way and was not used";
        drop(fromEngines, "a changed " + m.type() + " (" + e.getMessage() + ")");
        if (m.identities().isEmpty() || (fromEngines ? engineReplays : clientReplays).refusal(m) != null) {
            return;
        }
        if (!fromEngines && m.type().endsWith("_request")) {
            int id = m.metadata().has("engine_id") && m.metadata().get("engine_id").isJsonPrimitive()
                    ? m.metadata().get("engine_id").getAsInt() : -1;
            sendToClient(failure(m, m.identities().get(0), id, CHANGED, why));
            return;
        }
        String parent = m.parentHeader().has("msg_id") ? m.parentHeader().get("msg_id").getAsString() : "";
        Pending p = fromEngines && EngineProtocol.isReply(m.type()) ? pending.remove(parent) : null;
        if (p != null) {
            sendToClient(failure(p.request(), p.client(), p.engineId(), CHANGED, why));
        }
    }

    private void drop(boolean fromEngines, String what) {
        dropped.incrementAndGet();
        LOG.warning("dropped " + what + " on the " + (fromEngines ? "engine" : "client") + " port");
    }

    private void fromEngine(Message m) {
        byte[] identity = m.identities().get(0);
        if (m.type().equals(EngineProtocol.REGISTRATION_REQUEST)) {
            register(m, identity);
            return;
        }
        Integer id = engineByIdentity.get(key(identity));
        if (id == null) {
            drop(true, "a " + m.type() + " from an engine that is not registered");
            return;
        }
        Slot slot = slots.get(id);
        slot.lastSeenNanos = System.nanoTime();
        if (m.type().equals(EngineProtocol.HEARTBEAT)) {
            boolean busy = m.contentBoolean("busy", false);
            if (busy != slot.status.busy()) {
                EngineStatus s = slot.status;
                slot.status = new EngineStatus(s.id(), s.state(), s.pid(), s.host(), busy, s.detail());
            }
            sendToEngine(identity, codec.create(EngineProtocol.HEARTBEAT_REPLY, m, new JsonObject(), List.of(identity)));
            return;
        }
        String parent = m.parentHeader().has("msg_id") ? m.parentHeader().get("msg_id").getAsString() : "";
        Pending p = pending.get(parent);
        if (p == null) {
            LOG.fine(() -> "no one waits for a " + m.type() + " from engine " + id + " (parent '" + parent + "')");
            return;
        }
        if (EngineProtocol.isReply(m.type())) {
            pending.remove(parent);
        }
        Message out = new Message(List.of(p.client()), m.header(), m.parentHeader(), m.metadata(), m.content(), m.buffers());
        String refusal = tooLarge(out, "the " + m.type() + " of engine " + id);
        if (refusal != null) {
            if (EngineProtocol.isReply(m.type())) {
                sendToClient(failure(p.request(), p.client(), id, TOO_LARGE, refusal));
            }
            return;
        }
        sendToClient(out);
    }

    private void register(Message m, byte[] identity) {
        LOG.fine(() -> "registration from " + new String(identity, java.nio.charset.StandardCharsets.UTF_8) + ": " + m.content());
        int id = m.content().has("engine_id") ? m.content().get("engine_id").getAsInt() : -1;
        int count = m.content().has("engine_count") ? m.content().get("engine_count").getAsInt() : -1;
        String refusal = null;
        if (id < 0 || id >= expected) {
            refusal = "engine id " + id + " is outside this cluster's engines 0-" + (expected - 1);
        } else if (count != expected) {
            refusal = "engine " + id + " belongs to a cluster of " + count + " engines; this controller expects " + expected;
        } else if (slots.containsKey(id) && slots.get(id).status.running()) {
            refusal = "engine id " + id + " is already registered (pid " + slots.get(id).status.pid() + ")";
        }
        if (refusal == null) {
            refusal = host.admit(id, count, m.content());
        }
        JsonObject reply = new JsonObject();
        if (refusal != null) {
            LOG.warning("refused an engine registration: " + refusal);
            reply.addProperty("status", "error");
            reply.addProperty("evalue", refusal);
            sendToEngine(identity, codec.create(EngineProtocol.REGISTRATION_REPLY, m, reply, List.of(identity)));
            return;
        }
        String warning = m.content().has("mpi") && m.content().getAsJsonObject("mpi").has("warning")
                ? m.content().getAsJsonObject("mpi").get("warning").getAsString() : "";
        EngineStatus status = new EngineStatus(id, EngineStatus.RUNNING,
                m.content().has("pid") ? m.content().get("pid").getAsLong() : -1,
                m.contentString("hostname", ""), false, warning);
        slots.put(id, new Slot(identity, status));
        engineByIdentity.put(key(identity), id);
        reply.addProperty("status", "ok");
        sendToEngine(identity, codec.create(EngineProtocol.REGISTRATION_REPLY, m, reply, List.of(identity)));
        host.engineRegistered(status, m.content());
        JsonObject ev = new JsonObject();
        ev.addProperty("event", "engine_registered");
        ev.addProperty("engine_id", id);
        broadcast(ev);
    }

    private void fromClient(Message m) {
        byte[] client = m.identities().get(0);
        switch (m.type()) {
            case ClientProtocol.HEARTBEAT ->
                    sendToClient(codec.create(ClientProtocol.HEARTBEAT_REPLY, m, new JsonObject(), List.of(client)));
            case ClientProtocol.CONNECT_REQUEST -> {
                subscribers.put(key(client), client);
                sendToClient(codec.create(ClientProtocol.CONNECT_REPLY, m, host.statusContent(), List.of(client)));
            }
            case ClientProtocol.STATUS_REQUEST, ClientProtocol.STOP_REQUEST, ClientProtocol.RESTART_REQUEST ->
                    host.clientCall(new ClientCall(m));
            default -> forward(m, client);
        }
    }

    private void forward(Message m, byte[] client) {
        int id = m.metadata().has("engine_id") && m.metadata().get("engine_id").isJsonPrimitive()
                ? m.metadata().get("engine_id").getAsInt() : -1;
        Slot slot = slots.get(id);
        if (slot == null || !slot.status.running()) {
            String why = slot != null ? "engine " + id + " is " + slot.status.state() + ": " + slot.status.detail()
                    : id < 0 ? "the " + m.type() + " names no engine (metadata engine_id)"
                    : "there is no engine " + id + " (registered engines: "
                    + LaunchedEngines.idList(runningIds()) + ")";
            sendToClient(failure(m, client, id, why));
            return;
        }
        Message out = new Message(List.of(slot.identity), m.header(), m.parentHeader(), m.metadata(),
                m.content(), m.buffers());
        String refusal = tooLarge(out, "the " + m.type() + " to engine " + id);
        if (refusal != null) {
            sendToClient(failure(m, client, id, TOO_LARGE, refusal));
            return;
        }
        pending.put(m.id(), new Pending(id, client, m));
        sendToEngine(slot.identity, out);
    }

    /** Null when the message fits the link's limit, else why it is refused (logged). */
    private String tooLarge(Message m, String what) {
        String refusal = limit.refusal(codec.encodedSize(m), what, "the profile's " + MessageLimit.PROFILE_KEY);
        if (refusal != null) {
            LOG.warning("not forwarded: " + refusal);
        }
        return refusal;
    }

    private List<Integer> runningIds() {
        List<Integer> ids = new ArrayList<>();
        slots.forEach((id, s) -> {
            if (s.status.running()) {
                ids.add(id);
            }
        });
        return ids;
    }

    private void failPending(int engineId, String reason) {
        var it = pending.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (p.engineId() == engineId) {
                it.remove();
                sendToClient(failure(p.request(), p.client(), engineId, reason));
            }
        }
    }

    private Message failure(Message request, byte[] client, int engineId, String reason) {
        return failure(request, client, engineId, ClientProtocol.ENGINE_DIED, reason);
    }

    private Message failure(Message request, byte[] client, int engineId, String ename, String reason) {
        JsonObject c = new JsonObject();
        c.addProperty("engine_id", engineId);
        c.addProperty("status", "error");
        c.addProperty("ename", ename);
        c.addProperty("evalue", reason);
        com.google.gson.JsonArray tb = new com.google.gson.JsonArray();
        tb.add(ename + ": " + reason);
        c.add("traceback", tb);
        Message f = codec.create(ClientProtocol.ENGINE_FAILURE, request, c, List.of(client));
        f.metadata().addProperty("engine_id", engineId);
        return f;
    }

    private void sendToEngine(byte[] identity, Message m) {
        Message routed = m.identities().isEmpty()
                ? new Message(List.of(identity), m.header(), m.parentHeader(), m.metadata(), m.content(), m.buffers()) : m;
        Sockets.send(engines, codec, routed);
    }

    /**
     * Sends without blocking: with ROUTER_MANDATORY a blocking send to a client whose connection
     * is closing waits forever (JeroMQ reports EAGAIN for the dying pipe), which would stall the
     * controller. A client that is gone or has 100,000 messages queued loses the message.
     */
    private void sendToClient(Message m) {
        LocalClient local = locals.get(key(m.identities().get(0)));
        if (local != null) {
            try {
                local.deliver().accept(m);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a client of this JVM failed on a " + m.type(), e);
            }
            return;
        }
        List<byte[]> frames = codec.encode(m);
        try {
            for (int i = 0; i < frames.size(); i++) {
                boolean more = i < frames.size() - 1;
                if (!clients.send(frames.get(i), ZMQ.DONTWAIT | (more ? ZMQ.SNDMORE : 0))) {
                    if (i == 0) {
                        goneClient(m.identities().get(0));
                    }
                    return;
                }
            }
        } catch (ZMQException e) {
            goneClient(m.identities().get(0));
        }
    }

    private void goneClient(byte[] client) {
        String k = key(client);
        if (subscribers.remove(k) != null) {
            LOG.fine("a client went away (or stopped reading); it gets no more messages");
        }
        List<Pending> lost = pending.values().stream().filter(p -> key(p.client()).equals(k)).toList();
        pending.values().removeIf(p -> key(p.client()).equals(k));
        // Its requests now miss part of their answer: end each with a failure saying so, which
        // reaches the client if it is still there (a queue that drained, a reconnect that took over).
        for (Pending p : lost) {
            Message f = failure(p.request(), p.client(), p.engineId(), "DeliveryFailed", "the controller could not "
                    + "deliver part of the answer from engine " + p.engineId() + " (the connection to this client was "
                    + "full or gone), so the request's output is incomplete");
            List<byte[]> frames = codec.encode(f);
            try {
                for (int i = 0; i < frames.size(); i++) {
                    if (!clients.send(frames.get(i), ZMQ.DONTWAIT | (i < frames.size() - 1 ? ZMQ.SNDMORE : 0))) {
                        break;
                    }
                }
            } catch (ZMQException e) {
                LOG.fine("could not tell a gone client that its request failed: " + e.getMessage());
            }
        }
    }

    private static String key(byte[] identity) {
        return java.util.HexFormat.of().formatHex(identity);
    }

    @Override
    public void close() {
        post(() -> closing = true);
        try {
            if (!closed.await(3, TimeUnit.SECONDS)) {
                LOG.warning("the controller thread did not stop within 3 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
