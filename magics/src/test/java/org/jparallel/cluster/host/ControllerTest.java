package org.jparallel.cluster.host;

import org.jparallel.protocol.ClientProtocol;
import org.jparallel.wire.Message;
import org.jparallel.wire.Sockets;

import org.jparallel.cluster.model.EngineStatus;


import com.google.gson.JsonObject;
import org.jparallel.wire.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

/** The controller driven from raw ZeroMQ sockets: a fake engine and a fake client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControllerTest {
    private static final String KEY = "cluster-key";
    private final WireCodec engineCodec = new WireCodec(KEY, "engine-session", "engine");
    private final WireCodec clientCodec = new WireCodec(KEY, "client-session", "client");
    private ZContext ctx;
    private Controller controller;
    private ZMQ.Socket engine;
    private ZMQ.Socket client;

    @BeforeEach
    void start() throws Exception {
        controller = new Controller(KEY, "127.0.0.1", "127.0.0.1", 2, new Controller.Host() {
            @Override
            public String admit(int engineId, int engineCount, JsonObject registration) {
                return null;
            }

            @Override
            public void engineRegistered(EngineStatus engine, JsonObject registration) {
            }

            @Override
            public JsonObject statusContent() {
                JsonObject s = new JsonObject();
                s.addProperty("state", "running");
                return s;
            }

            @Override
            public void clientCall(Controller.ClientCall call) {
                call.reply(new JsonObject());
            }
        }, "test");
        assertThat(controller.engineEndpoint()).startsWith("tcp://127.0.0.1:");
        ctx = new ZContext(1);
        engine = org.jparallel.link.Dealers.connect(ctx, controller.engineEndpoint(), "engine-0".getBytes(StandardCharsets.UTF_8));
        client = org.jparallel.link.Dealers.connect(ctx, controller.clientEndpoint(), null);
        JsonObject reg = new JsonObject();
        reg.addProperty("engine_id", 0);
        reg.addProperty("engine_count", 2);
        reg.addProperty("pid", 12345);
        reg.addProperty("hostname", "somewhere");
        Sockets.send(engine, engineCodec, engineCodec.create("registration_request", null, reg));
        Message r = next(engine, engineCodec, m -> true, 10_000);
        assertThat(r.type()).isEqualTo("registration_reply");
        assertThat(r.contentString("status", "")).isEqualTo("ok");
        Sockets.send(client, clientCodec, clientCodec.create(ClientProtocol.CONNECT_REQUEST, null, new JsonObject()));
        assertThat(next(client, clientCodec, m -> m.type().equals(ClientProtocol.CONNECT_REPLY), 10_000)).isNotNull();
    }

    @AfterEach
    void stop() {
        ctx.close();
        controller.close();
    }

    private Message executeFor(int engineId, String code) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        Message m = clientCodec.create("execute_request", null, c);
        m.metadata().addProperty("engine_id", engineId);
        return m;
    }

    @Test
    void requestsAreForwardedToTheEngineAndEverythingForThemComesBack() throws Exception {
        Message req = executeFor(0, "1 + 1");
        Sockets.send(client, clientCodec, req);
        Message atEngine = next(engine, engineCodec, m -> m.type().equals("execute_request"), 10_000);
        assertThat(atEngine.id()).isEqualTo(req.id());
        assertThat(atEngine.contentString("code", "")).isEqualTo("1 + 1");
        JsonObject out = new JsonObject();
        out.addProperty("name", "stdout");
        out.addProperty("text", "hi\n");
        Sockets.send(engine, engineCodec, engineCodec.create("stream", atEngine, out));
        JsonObject ok = new JsonObject();
        ok.addProperty("status", "ok");
        Sockets.send(engine, engineCodec, engineCodec.create("execute_reply", atEngine, ok));
        Message s = next(client, clientCodec, m -> m.type().equals("stream"), 10_000);
        assertThat(s.contentString("text", "")).isEqualTo("hi\n");
        assertThat(next(client, clientCodec, m -> m.type().equals("execute_reply"), 10_000).contentString("status", "")).isEqualTo("ok");
    }

    @Test
    void wronglySignedUnsignedMalformedAndReplayedMessagesAreDroppedAndTheControllerKeepsWorking() throws Exception {
        WireCodec forger = new WireCodec("not-the-key", "f", "f");
        Sockets.send(client, forger, executeFor(0, "forged")); // signed with the wrong key
        Sockets.send(engine, new WireCodec("", "u", "u"), engineCodec.create("heartbeat", null, new JsonObject())); // unsigned
        client.send("<IDS|MSG>", ZMQ.SNDMORE); // malformed: too few frames
        client.send("garbage", 0);
        Message once = executeFor(0, "once");
        List<byte[]> frames = clientCodec.encode(once);
        sendFrames(client, frames);
        Message first = next(engine, engineCodec, m -> m.type().equals("execute_request"), 10_000);
        assertThat(first.contentString("code", "")).isEqualTo("once");
        sendFrames(client, frames); // replayed
        for (int i = 0; i < 500 && controller.dropped() < 4; i++) {
            Thread.sleep(20);
        }
        assertThat(controller.dropped()).isEqualTo(4);
        // still working: a proper request goes through, and the replay never reached the engine
        Sockets.send(client, clientCodec, executeFor(0, "after"));
        Message next = next(engine, engineCodec, m -> m.type().equals("execute_request"), 10_000);
        assertThat(next.contentString("code", "")).isEqualTo("after");
        Sockets.send(client, clientCodec, clientCodec.create(ClientProtocol.HEARTBEAT, null, new JsonObject()));
        assertThat(next(client, clientCodec, m -> m.type().equals(ClientProtocol.HEARTBEAT_REPLY), 10_000)).isNotNull();
    }

    @Test
    void requestsForMissingOrDeadEnginesFailWithAReasonNamingTheEngine() throws Exception {
        Sockets.send(client, clientCodec, executeFor(1, "x"));
        Message f = next(client, clientCodec, m -> m.type().equals(ClientProtocol.ENGINE_FAILURE), 10_000);
        assertThat(f.contentString("evalue", "")).contains("there is no engine 1").contains("registered engines: 0");
        Message pending = executeFor(0, "long");
        Sockets.send(client, clientCodec, pending);
        next(engine, engineCodec, m -> m.type().equals("execute_request"), 10_000);
        controller.enginesGone(List.of(0), EngineStatus.DEAD, "engine 0 (pid 12345) was killed by signal 9 (SIGKILL)");
        Message died = next(client, clientCodec, m -> m.type().equals(ClientProtocol.ENGINE_FAILURE), 10_000);
        assertThat(died.parentHeader().get("msg_id").getAsString()).isEqualTo(pending.id());
        assertThat(died.contentString("ename", "")).isEqualTo("EngineDied");
        assertThat(died.contentString("evalue", "")).contains("engine 0 (pid 12345) was killed by signal 9");
        Sockets.send(client, clientCodec, executeFor(0, "y"));
        Message again = next(client, clientCodec, m -> m.type().equals(ClientProtocol.ENGINE_FAILURE), 10_000);
        assertThat(again.contentString("evalue", "")).contains("engine 0 is dead").contains("SIGKILL");
    }

    @Test
    void aSecondEngineWithATakenIdOrAWrongCountIsRefused() throws Exception {
        ZMQ.Socket other = org.jparallel.link.Dealers.connect(ctx, controller.engineEndpoint(), null);
        JsonObject reg = new JsonObject();
        reg.addProperty("engine_id", 0);
        reg.addProperty("engine_count", 2);
        Sockets.send(other, engineCodec, engineCodec.create("registration_request", null, reg));
        Message r = next(other, engineCodec, m -> true, 10_000);
        assertThat(r.contentString("status", "")).isEqualTo("error");
        assertThat(r.contentString("evalue", "")).contains("engine id 0 is already registered");
        reg.addProperty("engine_id", 1);
        reg.addProperty("engine_count", 3);
        Sockets.send(other, engineCodec, engineCodec.create("registration_request", null, reg));
        assertThat(next(other, engineCodec, m -> true, 10_000).contentString("evalue", ""))
                .contains("belongs to a cluster of 3 engines; this controller expects 2");
    }

    private static void sendFrames(ZMQ.Socket s, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            s.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private Message next(ZMQ.Socket s, WireCodec codec, Predicate<Message> match, long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        ZMQ.Poller p = ctx.createPoller(1);
        p.register(s, ZMQ.Poller.POLLIN);
        try {
            while (System.nanoTime() < end) {
                p.poll(100);
                List<byte[]> frames;
                while ((frames = Sockets.recvFrames(s, ZMQ.DONTWAIT)) != null) {
                    Message m = codec.decode(frames);
                    if (match.test(m)) {
                        return m;
                    }
                }
            }
        } finally {
            p.close();
        }
        throw new AssertionError("no matching message within " + millis + " ms");
    }
}
