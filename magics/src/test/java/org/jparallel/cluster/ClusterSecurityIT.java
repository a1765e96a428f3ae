package org.jparallel.cluster;

import org.jparallel.cluster.model.EngineStatus;

import org.jparallel.cluster.host.Controller;
import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.RuntimeDir;
import org.jparallel.notebook.Progress;

import org.jparallel.protocol.ClientProtocol;

import com.google.gson.JsonObject;
import org.jparallel.link.Dealers;
import org.jparallel.wire.Message;
import org.jparallel.wire.Signer;
import org.jparallel.wire.Sockets;
import org.jparallel.wire.WireCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster's links against an attacker on the same machine: the controller listens on
 * 127.0.0.1 only; unsigned, wrongly signed, malformed and replayed messages sent to its engine
 * port and its client port from raw JeroMQ sockets are dropped and logged, and the cluster keeps
 * serving; the key is never on a command line; the connection file is 0600; beyond loopback
 * (forced here on 127.0.0.2) the links are CURVE-encrypted and a plain socket gets nothing.
 * Engines have no port of their own: they connect out to the controller.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterSecurityIT {
    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();
    private static final Logger CONTROLLER_LOG = Logger.getLogger(Controller.class.getName());
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord r) {
            LOGGED.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void setUp() throws Exception {
        ItSupport.isolate();
        ItSupport.mpiJar();
        CONTROLLER_LOG.addHandler(CAPTURE);
    }

    @AfterAll
    static void tearDown() {
        CONTROLLER_LOG.removeHandler(CAPTURE);
        Cluster.closeAll();
    }

    @Test
    void onLoopbackForgedMessagesAreDroppedTheKeyStaysOffCommandLinesAndTheFileIsPrivate() throws Exception {
        Profile p = new Profile("it-security", 2, "mpi", java.util.Map.of(), List.of(), List.of(), "", "127.0.0.1",
                Duration.ofSeconds(120));
        try (Cluster c = Cluster.start(p, Progress.NONE)) {
            Path file = RuntimeDir.user().clusterFile("it-security");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            ClusterInfo info = ClusterInfo.read(file).orElseThrow();
            assertThat(info.curveServerKey()).as("no encryption on loopback by default").isEmpty();
            for (String endpoint : List.of(info.engineEndpoint(), info.clientEndpoint())) {
                assertThat(endpoint).startsWith("tcp://127.0.0.1:");
                assertThat(listeningAddresses(port(endpoint))).as("bound addresses of %s", endpoint).containsExactly("127.0.0.1");
            }

            keyIsOnNoCommandLine(c, info.key());

            try (ZContext ctx = new ZContext(1)) {
                attack(ctx, info, info.clientEndpoint(), false);
                attack(ctx, info, info.engineEndpoint(), true);
            }
            assertThat(String.join("\n", LOGGED)).contains("bad signature").contains("malformed JSON")
                    .contains("not valid UTF-8").contains("replayed").contains("no <IDS|MSG> delimiter")
                    .contains("on the engine port").contains("on the client port");

            ExecuteResults r = c.execute(null, "engineId * 10").get(60, TimeUnit.SECONDS);
            assertThat(r.get(0).textPlain()).isEqualTo("0");
            assertThat(r.get(1).textPlain()).isEqualTo("10");
            assertThat(c.status().state()).isEqualTo("running");
        }
    }

    /** The key is in no process's command line (what `ps` shows), and it does reach the engines by the environment. */
    private static void keyIsOnNoCommandLine(Cluster c, String key) throws IOException {
        List<Long> engines = c.status().engines().stream().map(EngineStatus::pid).toList();
        long mpirun = ProcessHandle.of(engines.get(0)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElseThrow();
        for (long pid : engines) {
            assertThat(cmdline(pid)).contains("org.jparallel.engine.EngineMain");
            assertThat(Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.ISO_8859_1))
                    .contains("JPARALLEL_KEY=" + key);
        }
        assertThat(cmdline(mpirun)).containsAnyOf("mpirun", "orterun").contains("-x JPARALLEL_KEY");
        int read = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                String cmd;
                try {
                    cmd = cmdline(Long.parseLong(proc.getFileName().toString()));
                } catch (IOException e) {
                    continue; // exited meanwhile
                }
                read++;
                assertThat(cmd).as("command line of pid %s", proc.getFileName()).doesNotContain(key);
            }
        }
        assertThat(read).isGreaterThan(3);
    }

    private static String cmdline(long pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    }

    /**
     * Sends forged messages from a raw DEALER between two valid requests: only the valid ones are
     * answered (one peer's messages are handled in order, so an answer to a forgery would arrive
     * between them), and the controller counts every forgery as dropped.
     */
    private static void attack(ZContext ctx, ClusterInfo info, String endpoint, boolean enginePort) {
        WireCodec good = new WireCodec(info.key(), "intruder", "intruder");
        long before = dropped(ctx, info, good);
        ZMQ.Socket s = Dealers.connect(ctx, endpoint, ("raw-" + (enginePort ? "engine" : "client")).getBytes(StandardCharsets.UTF_8));
        List<List<byte[]>> forged = new ArrayList<>();
        Message execute = new WireCodec("", "intruder", "intruder").create("execute_request", null, code("System.exit(7);"));
        execute.metadata().addProperty("engine_id", 0);
        forged.add(new WireCodec("", "s", "u").encode(execute));                  // unsigned
        forged.add(new WireCodec("not-the-key", "s", "u").encode(execute));       // wrongly signed
        forged.add(List.of("garbage".getBytes(StandardCharsets.US_ASCII)));         // no delimiter
        forged.add(signed(info.key(), "{\"msg_type\":\"status_request\"", "{}"));   // malformed JSON
        forged.add(signed(info.key(), "{\"msg_id\":\"u1\",\"msg_type\":\"status_request\"}", "{\"x\":\"\u00ff\"}", true));
        forged.add(signed(info.key(), "{\"msg_id\":{},\"msg_type\":\"status_request\"}", "{}")); // msg_id not a string
        Message first = enginePort ? registration(good) : good.create(ClientProtocol.STATUS_REQUEST, null, new JsonObject());
        Message last = enginePort ? registration(good) : good.create(ClientProtocol.STATUS_REQUEST, null, new JsonObject());
        List<byte[]> firstFrames = good.encode(first);
        send(s, firstFrames);
        forged.forEach(f -> send(s, f));
        send(s, firstFrames); // a replay of a message the controller accepted
        send(s, good.encode(last));
        for (Message request : List.of(first, last)) {
            Message answer = next(ctx, s, good, 10_000);
            assertThat(answer).as("the answer to a valid request").isNotNull();
            assertThat(answer.parentHeader().get("msg_id").getAsString()).as("answered request").isEqualTo(request.id());
            if (enginePort) {
                assertThat(answer.type()).isEqualTo("registration_reply");
                assertThat(answer.contentString("evalue", "")).contains("already registered");
            } else {
                assertThat(answer.type()).isEqualTo(ClientProtocol.STATUS_REPLY);
            }
        }
        assertThat(dropped(ctx, info, good) - before).as("messages dropped").isEqualTo(forged.size() + 1);
        s.close();
    }

    /** The controller's count of dropped messages, asked on a fresh client connection. */
    private static long dropped(ZContext ctx, ClusterInfo info, WireCodec codec) {
        ZMQ.Socket probe = Dealers.connect(ctx, info.clientEndpoint(), null);
        try {
            Sockets.send(probe, codec, codec.create(ClientProtocol.STATUS_REQUEST, null, new JsonObject()));
            Message reply = next(ctx, probe, codec, 10_000);
            assertThat(reply).as("status reply").isNotNull();
            return reply.content().get("dropped_messages").getAsLong();
        } finally {
            probe.close();
        }
    }

    private static JsonObject code(String code) {
        JsonObject c = new JsonObject();
        c.addProperty("code", code);
        return c;
    }

    private static Message registration(WireCodec codec) {
        JsonObject reg = new JsonObject();
        reg.addProperty("engine_id", 0);
        reg.addProperty("engine_count", 2);
        reg.addProperty("pid", 1);
        reg.addProperty("hostname", "intruder");
        return codec.create("registration_request", null, reg);
    }

    private static List<byte[]> signed(String key, String header, String content) {
        return signed(key, header, content, false);
    }

    /** Frames with a valid signature over the given header and content; latin1 puts raw bytes (invalid UTF-8) in. */
    private static List<byte[]> signed(String key, String header, String content, boolean latin1) {
        List<byte[]> json = List.of(header.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8),
                content.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
        List<byte[]> frames = new ArrayList<>();
        frames.add("<IDS|MSG>".getBytes(StandardCharsets.US_ASCII));
        frames.add(new Signer(key).sign(json).getBytes(StandardCharsets.US_ASCII));
        frames.addAll(json);
        return frames;
    }

    private static void send(ZMQ.Socket s, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            s.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private static Message next(ZContext ctx, ZMQ.Socket s, WireCodec codec, long millis) {
        ZMQ.Poller poller = ctx.createPoller(1);
        try {
            poller.register(s, ZMQ.Poller.POLLIN);
            long end = System.nanoTime() + millis * 1_000_000L;
            while (true) {
                Message m = Sockets.recv(s, codec, "test");
                if (m != null) {
                    return m;
                }
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return null;
                }
                poller.poll(left);
            }
        } finally {
            poller.close();
        }
    }

    static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** The addresses a TCP port listens on, from /proc/net/tcp and tcp6 (what the kernel really bound). */
    static List<String> listeningAddresses(int port) throws IOException {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[1].contains(":") || !f[3].equals("0A")) {
                    continue;
                }
                String[] local = f[1].split(":");
                if (Integer.parseInt(local[1], 16) == port) {
                    // IPv4 (or IPv4 mapped into IPv6, as Java binds) as a dotted quad; other IPv6 as hex (all zeros: any)
                    out.add(local[0].length() == 8 ? ipv4(local[0])
                            : local[0].startsWith("0000000000000000FFFF0000") ? ipv4(local[0].substring(24)) : "ipv6:" + local[0]);
                }
            }
        }
        return out;
    }

    private static String ipv4(String hex) {
        long v = Long.parseLong(hex, 16);
        return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
    }

    @Test
    void beyondLoopbackTheLinksAreEncryptedAndAPlainSocketGetsNothing() throws Exception {
        // 127.0.0.2 stands for a real interface: the policy "on" treats it as beyond loopback
        System.setProperty("jparallel.curve", "on");
        Profile p = new Profile("it-curve", 2, "local", java.util.Map.of(), List.of(), List.of(), "", "127.0.0.2",
                Duration.ofSeconds(120));
        try (Cluster c = Cluster.start(p, Progress.NONE)) {
            ClusterInfo info = ClusterInfo.read(RuntimeDir.user().clusterFile("it-curve")).orElseThrow();
            assertThat(info.curveServerKey()).hasSize(40);
            assertThat(info.clientEndpoint()).startsWith("tcp://127.0.0.2:");
            assertThat(listeningAddresses(port(info.engineEndpoint()))).containsExactly("127.0.0.2");
            ExecuteResults r = c.execute(null, "engineId + 40").get(60, TimeUnit.SECONDS);
            assertThat(r.get(1).textPlain()).isEqualTo("41");
            for (String endpoint : List.of(info.engineEndpoint(), info.clientEndpoint())) {
                assertThat(mechanism(endpoint)).as("security mechanism of %s", endpoint).isEqualTo("CURVE");
            }
            try (ZContext ctx = new ZContext(1)) {
                WireCodec good = new WireCodec(info.key(), "plain", "plain");
                ZMQ.Socket plain = Dealers.connect(ctx, info.clientEndpoint(), null);
                Sockets.send(plain, good, good.create(ClientProtocol.STATUS_REQUEST, null, new JsonObject()));
                assertThat(next(ctx, plain, good, 2000)).as("a reply over an unencrypted connection").isNull();
            }
            ExecuteResults again = c.execute(null, "engineId + 50").get(60, TimeUnit.SECONDS);
            assertThat(again.get(0).textPlain()).isEqualTo("50");
        } finally {
            System.clearProperty("jparallel.curve");
        }
    }

    /** The security mechanism a ZMTP 3 server announces in its greeting (read with a plain TCP socket). */
    private static String mechanism(String endpoint) throws IOException {
        String hostPort = endpoint.substring("tcp://".length());
        String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port(endpoint)), 5000);
            s.setSoTimeout(5000);
            byte[] greeting = new byte[64];
            greeting[0] = (byte) 0xff;
            greeting[9] = 0x7f;
            greeting[10] = 3;
            // JeroMQ closes at once on a mechanism mismatch: announce CURVE to read the whole greeting
            System.arraycopy("CURVE".getBytes(StandardCharsets.US_ASCII), 0, greeting, 12, 5);
            OutputStream out = s.getOutputStream();
            out.write(greeting);
            out.flush();
            byte[] theirs = s.getInputStream().readNBytes(64);
            assertThat(theirs).as("the greeting of a CURVE server (a NULL server hangs up)").hasSize(64);
            return new String(theirs, 12, 20, StandardCharsets.US_ASCII).trim();
        }
    }
}
