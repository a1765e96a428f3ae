package org.jparallel.engine;

import com.google.gson.JsonObject;
import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.EvaluatorOptions;
import org.jparallel.wire.Message;
import org.jparallel.wire.Sockets;
import org.jparallel.wire.WireCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's side of the link, driven by a ROUTER in the test standing in for the controller. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineServerTest {
    private static final String KEY = "test-key";
    private static ZContext ctx;
    private static ZMQ.Socket router;
    private static final WireCodec codec = WireCodec.engineLink(KEY, "controller-session", "controller");
    private static final List<String> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static byte[] engineIdentity;
    private static EngineServer server;

    @BeforeAll
    static void startEngine() throws Exception {
        ctx = new ZContext(1);
        router = ctx.createSocket(SocketType.ROUTER);
        int port = router.bindToRandomPort("tcp://127.0.0.1");
        Evaluator ev = new Evaluator(EvaluatorOptions.defaults().withStartup(EngineMain.predefined(3, 4)));
        Engine engine = new Engine(3, 4, ev, new MpiRuntime.Status(false, false, -1, -1, "", ""));
        EngineHandlers handlers = EngineHandlers.standard(EngineServerTest.class.getClassLoader());
        handlers.register("echo_request", HandlerMode.EXECUTION, r -> {
            JsonObject c = new JsonObject();
            c.add("echo", r.content().get("text"));
            r.send("progress", new JsonObject());
            r.reply(c, List.of("raw".getBytes(StandardCharsets.UTF_8)));
        });
        handlers.register("store_request", HandlerMode.EXECUTION, r -> {
            r.buffers().forEach(b -> stored.add(new String(b, StandardCharsets.UTF_8)));
            r.reply(new JsonObject());
        });
        server = new EngineServer(new EngineEnvironment(KEY, "tcp://127.0.0.1:" + port, 3, 4, 200, 60_000), engine, handlers);
        JsonObject reg = new JsonObject();
        reg.addProperty("engine_count", 4);
        server.start(reg);
        Message r = next(m -> true, 30_000);
        assertThat(r.type()).isEqualTo("registration_request");
        assertThat(r.content().get("engine_id").getAsInt()).isEqualTo(3);
        engineIdentity = r.identities().get(0);
        JsonObject ok = new JsonObject();
        ok.addProperty("status", "ok");
        send(codec.create("registration_reply", r, ok));
    }

    @AfterAll
    static void stop() throws Exception {
        Message req = request("shutdown_request", new JsonObject());
        Message reply = next(m -> m.type().equals("shutdown_reply") && parentIs(m, req), 10_000);
        assertThat(reply.content().get("status").getAsString()).isEqualTo("ok");
        assertThat(server.awaitEnd().kind()).isEqualTo(EngineServer.EndKind.SHUTDOWN);
        ctx.close();
    }

    private static void send(Message m) {
        List<byte[]> ids = List.of(engineIdentity);
        Sockets.send(router, codec, new Message(m.identities().isEmpty() ? ids : m.identities(), m.header(), m.parentHeader(),
                m.metadata(), m.content(), m.buffers()));
    }

    private static Message request(String type, JsonObject content) {
        Message m = codec.create(type, null, content, List.of(engineIdentity));
        send(m);
        return m;
    }

    private static boolean parentIs(Message m, Message request) {
        return m.parentHeader().has("msg_id") && m.parentHeader().get("msg_id").getAsString().equals(request.id());
    }

    /** The next message that matches (others are skipped), waiting at most the time. */
    private static Message next(Predicate<Message> match, long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        ZMQ.Poller p = ctx.createPoller(1);
        p.register(router, ZMQ.Poller.POLLIN);
        while (System.nanoTime() < end) {
            p.poll(100);
            List<byte[]> frames;
            while ((frames = Sockets.recvFrames(router, ZMQ.DONTWAIT)) != null) {
                Message m = codec.decode(frames);
                if (match.test(m)) {
                    p.close();
                    return m;
                }
            }
        }
        p.close();
        throw new AssertionError("no matching message within " + millis + " ms");
    }

    /** Every message for the request up to and including its reply. */
    private static List<Message> run(Message request, long millis) throws Exception {
        List<Message> out = new ArrayList<>();
        while (true) {
            Message m = next(x -> parentIs(x, request), millis);
            out.add(m);
            if (m.type().endsWith("_reply")) {
                return out;
            }
        }
    }

    private static Message execute(String code) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        c.addProperty("silent", false);
        return request("execute_request", c);
    }

    @Test
    void executeStreamsOutputThenResultThenReplyAllTaggedWithTheEngine() throws Exception {
        List<Message> msgs = run(execute("System.out.println(\"hello from \" + engineId); System.err.print(\"warn\"); engineId * 10 + engineCount"), 30_000);
        assertThat(msgs).allSatisfy(m -> assertThat(m.content().get("engine_id").getAsInt()).isEqualTo(3));
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (Message m : msgs) {
            if (m.type().equals("stream")) {
                (m.contentString("name", "").equals("stdout") ? out : err).append(m.contentString("text", ""));
            }
        }
        assertThat(out.toString()).isEqualTo("hello from 3\n");
        assertThat(err.toString()).isEqualTo("warn");
        Message result = msgs.stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow();
        assertThat(result.content().getAsJsonObject("data").get("text/plain").getAsString()).isEqualTo("34");
        Message reply = msgs.get(msgs.size() - 1);
        assertThat(reply.type()).isEqualTo("execute_reply");
        assertThat(reply.contentString("status", "")).isEqualTo("ok");
        assertThat(reply.content().get("execution_count").getAsInt())
                .isEqualTo(result.content().get("execution_count").getAsInt()).isPositive();
        assertThat(reply.metadata().has("started")).isTrue();
    }

    @Test
    void stateIsKeptAcrossRequestsAndErrorsComeBackAsErrorAndReply() throws Exception {
        run(execute("int counter = 41;"), 30_000);
        List<Message> ok = run(execute("++counter"), 30_000);
        assertThat(ok.stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow()
                .content().getAsJsonObject("data").get("text/plain").getAsString()).isEqualTo("42");
        List<Message> bad = run(execute("throw new IllegalStateException(\"boom \" + engineId);"), 30_000);
        Message error = bad.stream().filter(m -> m.type().equals("error")).findFirst().orElseThrow();
        assertThat(error.contentString("ename", "")).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.contentString("evalue", "")).isEqualTo("boom 3");
        Message reply = bad.get(bad.size() - 1);
        assertThat(reply.contentString("status", "")).isEqualTo("error");
        assertThat(reply.contentString("ename", "")).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void aRunningRequestCanBeInspectedAndInterruptedFromTheControlPath() throws Exception {
        Message loop = execute("long spins = 0; while (true) { spins++; }");
        Message busy = null;
        for (int i = 0; i < 100 && busy == null; i++) {
            JsonObject c = new JsonObject();
            c.addProperty("all_threads", false);
            Message req = request("stack_request", c);
            Message r = next(m -> m.type().equals("stack_reply") && parentIs(m, req), 10_000);
            if (r.content().get("busy").getAsBoolean() && r.content().getAsJsonArray("threads").size() > 0) {
                busy = r;
            }
        }
        assertThat(busy).as("a stack reply while the loop runs").isNotNull();
        assertThat(busy.content().getAsJsonObject("request").get("code").getAsString()).contains("while (true)");
        assertThat(busy.content().getAsJsonArray("threads").get(0).getAsJsonObject().getAsJsonArray("frames").toString())
                .contains("at ");
        Message interrupt = request("interrupt_request", new JsonObject());
        Message ir = next(m -> m.type().equals("interrupt_reply") && parentIs(m, interrupt), 10_000);
        assertThat(ir.content().get("interrupted").getAsBoolean()).isTrue();
        Message reply = next(m -> m.type().equals("execute_reply") && parentIs(m, loop), 30_000);
        assertThat(reply.contentString("status", "")).isEqualTo("error");
        assertThat(reply.contentString("ename", "")).isEqualTo("Interrupted");
        List<Message> after = run(execute("1 + 1"), 30_000);
        assertThat(after.get(after.size() - 1).contentString("status", "")).isEqualTo("ok");
    }

    @Test
    void registeredHandlersServeTheirTypeAndUnknownTypesGetAnErrorReply() throws Exception {
        JsonObject c = new JsonObject();
        c.addProperty("text", "hi");
        Message echo = request("echo_request", c);
        List<Message> msgs = run(echo, 30_000);
        assertThat(msgs).extracting(Message::type).containsExactly("progress", "echo_reply");
        assertThat(msgs.get(1).contentString("echo", "")).isEqualTo("hi");
        assertThat(new String(msgs.get(1).buffers().get(0), StandardCharsets.UTF_8)).isEqualTo("raw");
        Message unknown = request("frobnicate_request", new JsonObject());
        Message r = next(m -> parentIs(m, unknown), 10_000);
        assertThat(r.type()).isEqualTo("frobnicate_reply");
        assertThat(r.contentString("status", "")).isEqualTo("error");
        assertThat(r.contentString("evalue", "")).contains("does not handle frobnicate_request").contains("execute_request");
    }

    @Test
    void replayedAndWronglySignedRequestsAreDroppedAndTheEngineKeepsServing() throws Exception {
        Message req = execute("\"once\"");
        run(req, 30_000);
        Sockets.send(router, codec, req); // the same message again: a replay
        WireCodec forger = new WireCodec("wrong-key", "x", "x");
        JsonObject c = new JsonObject();
        c.addProperty("code", "\"forged\"");
        Message forged = forger.create("execute_request", null, c, List.of(engineIdentity));
        Sockets.send(router, forger, forged);
        List<Message> ok = run(execute("\"after\""), 30_000);
        assertThat(ok.stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow()
                .content().getAsJsonObject("data").get("text/plain").getAsString()).isEqualTo("\"after\"");
        // neither the replay nor the forgery produced anything
        assertThat(drainFor(500)).noneMatch(m -> parentIs(m, req) || parentIs(m, forged));
    }

    /**
     * A man in the middle swaps, strips or adds the buffers of a correctly signed request (the
     * HMAC covers only the JSON frames): the engine refuses it, says why to the sender, and
     * nothing of it runs; the genuine request still works.
     */
    @Test
    void requestsWhoseBuffersWereChangedOnTheWayAreRefusedAndNothingRuns() throws Exception {
        Message created = codec.create("store_request", null, new JsonObject(), List.of(engineIdentity));
        Message genuine = new Message(created.identities(), created.header(), created.parentHeader(), created.metadata(),
                created.content(), List.of("good".getBytes(StandardCharsets.UTF_8)));
        List<byte[]> frames = codec.encode(genuine);
        List<byte[]> swapped = new ArrayList<>(frames);
        swapped.set(swapped.size() - 1, "evil".getBytes(StandardCharsets.UTF_8));
        Sockets.sendFrames(router, swapped);
        Message refused = next(m -> parentIs(m, genuine), 10_000);
        assertThat(refused.type()).isEqualTo("store_reply");
        assertThat(refused.contentString("status", "")).isEqualTo("error");
        assertThat(refused.contentString("ename", "")).isEqualTo("ChangedMessage");
        assertThat(refused.contentString("evalue", "")).isEqualTo("engine 3 refused the store_request: buffer 0 (4 bytes)"
                + " is not the one its signature covers, so it was changed on the way and nothing of it ran");

        Message plain = codec.create("store_request", null, new JsonObject(), List.of(engineIdentity));
        List<byte[]> added = new ArrayList<>(codec.encode(plain));
        added.add("evil".getBytes(StandardCharsets.UTF_8));
        Sockets.sendFrames(router, added);
        Message refused2 = next(m -> parentIs(m, plain), 10_000);
        assertThat(refused2.contentString("evalue", "")).contains("it carries 1 buffers where its signature covers 0");

        Message two = codec.create("store_request", null, new JsonObject(), List.of(engineIdentity));
        Message twoBuffers = new Message(two.identities(), two.header(), two.parentHeader(), two.metadata(), two.content(),
                List.of("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8)));
        List<byte[]> stripped = new ArrayList<>(codec.encode(twoBuffers));
        stripped.remove(stripped.size() - 1);
        Sockets.sendFrames(router, stripped);
        Message refused3 = next(m -> parentIs(m, two), 10_000);
        assertThat(refused3.contentString("evalue", "")).contains("it carries 1 buffers where its signature covers 2");
        assertThat(stored).as("nothing of a changed request ran").isEmpty();

        Message again = codec.create("store_request", null, new JsonObject(), List.of(engineIdentity));
        send(new Message(again.identities(), again.header(), again.parentHeader(), again.metadata(), again.content(),
                List.of("good".getBytes(StandardCharsets.UTF_8))));
        Message ok = next(m -> parentIs(m, again), 10_000);
        assertThat(ok.contentString("status", "")).isEqualTo("ok");
        assertThat(stored).containsExactly("good");
    }

    /**
     * Signed data whose serialized values are hostile (an array declared 2 billion long in a few
     * bytes, a class of a library the project uses inside, nesting far too deep): the engine's
     * input filter refuses each with an error reply, allocates nothing, and goes on serving.
     */
    @Test
    void hostileSerializedValuesAreRefusedByTheInputFilter() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(bytes)) {
            o.writeObject(new Object[]{"x"});
        }
        byte[] huge = bytes.toByteArray();
        // the array's length is the 4 bytes before its first element (TC_STRING 0x74, length 1, 'x')
        int at = huge.length - 4 - 4;
        huge[at] = 0x7f;
        huge[at + 1] = (byte) 0xff;
        huge[at + 2] = (byte) 0xff;
        huge[at + 3] = (byte) 0xff;
        java.io.ByteArrayOutputStream lib = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(lib)) {
            o.writeObject(java.util.Map.of("e", new org.zeromq.ZMQException("gadget", 1)));
        }
        Object deep = null;
        for (int i = 0; i < 3000; i++) {
            deep = new Object[]{deep};
        }
        java.io.ByteArrayOutputStream deepBytes = new java.io.ByteArrayOutputStream();
        Object d = deep;
        Thread w2 = new Thread(null, () -> {
            try (java.io.ObjectOutputStream o = new java.io.ObjectOutputStream(deepBytes)) {
                o.writeObject(java.util.Map.of("d", d));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "writer", 256 << 20);
        w2.start();
        w2.join();
        for (byte[] values : List.of(huge, lib.toByteArray(), deepBytes.toByteArray())) {
            Message req = codec.create("push_request", null, new JsonObject(), List.of(engineIdentity));
            send(new Message(req.identities(), req.header(), req.parentHeader(), req.metadata(), req.content(),
                    List.of(org.jparallel.engine.data.ClassBundle.encode(java.util.Map.of()), values)));
            Message reply = next(m -> m.type().equals("push_reply") && parentIs(m, req), 30_000);
            assertThat(reply.contentString("status", "")).isEqualTo("error");
            assertThat(reply.contentString("evalue", "")).as(reply.content().toString()).contains("could not be read on engine 3")
                    .contains("filter status: REJECTED");
        }
        List<Message> after = run(execute("\"still serving\""), 30_000);
        assertThat(after.get(after.size() - 1).contentString("status", "")).isEqualTo("ok");
    }

    @Test
    void theEngineSendsHeartbeats() throws Exception {
        Message hb = next(m -> m.type().equals("heartbeat"), 5_000);
        assertThat(hb.content().get("engine_id").getAsInt()).isEqualTo(3);
        send(codec.create("heartbeat_reply", hb, new JsonObject()));
    }

    private static List<Message> drainFor(long millis) throws Exception {
        List<Message> got = new ArrayList<>();
        try {
            while (true) {
                got.add(next(m -> !m.type().equals("heartbeat"), millis));
            }
        } catch (AssertionError e) {
            return got;
        }
    }
}
