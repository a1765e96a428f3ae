package org.jparallel.kernel;

import com.google.gson.JsonObject;
import org.jparallel.kernel.core.Json;
import org.jparallel.wire.Message;
import org.jparallel.wire.Signer;
import org.jparallel.wire.WireCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real kernel over the wire, driven by a Java frontend: the protocol behaviours a frontend relies on. */
class ProtocolIT {
    static final Duration T = Duration.ofSeconds(60);
    static KernelProcess kernel;
    static KernelClient client;

    @BeforeAll
    static void start() throws Exception {
        kernel = KernelProcess.start("protocol");
        client = kernel.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (kernel != null) {
            kernel.close();
        }
    }

    @AfterEach
    void kernelStillAnswers(TestInfo info) {
        KernelClient.Execution e = client.execute("1 + 1", T);
        assertThat(e.status()).as("kernel answers after %s; log:\n%s", info.getDisplayName(), kernel.logText()).isEqualTo("ok");
        assertThat(e.result()).isEqualTo("2");
    }

    @Test
    void kernelInfoOnShellAndControl() {
        for (var socket : List.of(client.shell, client.control)) {
            Message req = client.send(socket, "kernel_info_request", new JsonObject());
            Message reply = socket == client.shell ? client.shellReply(req, T) : client.controlReply(req, T);
            assertThat(reply.type()).isEqualTo("kernel_info_reply");
            assertThat(reply.contentString("status", "")).isEqualTo("ok");
            assertThat(reply.contentString("protocol_version", "")).isEqualTo("5.4");
            JsonObject li = reply.content().getAsJsonObject("language_info");
            assertThat(li.get("name").getAsString()).isEqualTo("java");
            assertThat(li.get("version").getAsString()).isEqualTo(javaVersionOfKernel());
            assertThat(reply.header().get("date").getAsString()).matches(".*T.*\\.\\d{6}(Z|[+-]\\d\\d:\\d\\d)");
            assertThat(client.outputsUntilIdle(req, T)).isEmpty();
        }
    }

    private static String javaVersionOfKernel() {
        KernelClient.Execution e = client.execute("System.getProperty(\"java.version\")", T);
        return e.result().replace("\"", "");
    }

    @Test
    void heartbeatEchoes() {
        assertThat(client.heartbeat(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void executionCountIncrementsOnlyWithStoreHistory() {
        KernelClient.Execution a = client.execute("int counted = 1;", T);
        int n = a.reply().content().get("execution_count").getAsInt();
        KernelClient.Execution b = client.execute("counted + 1", T, "store_history", false);
        assertThat(b.reply().content().get("execution_count").getAsInt()).isEqualTo(n);
        KernelClient.Execution c = client.execute("counted + 2", T);
        assertThat(c.reply().content().get("execution_count").getAsInt()).isEqualTo(n + 1);
        Message input = c.outputs().get(0);
        assertThat(input.type()).isEqualTo("execute_input");
        assertThat(input.content().get("execution_count").getAsInt()).isEqualTo(n + 1);
        assertThat(c.ofType("execute_result").get(0).content().get("execution_count").getAsInt()).isEqualTo(n + 1);
    }

    @Test
    void silentCellsShowNothingAndDoNotCount() {
        int before = client.execute("1", T).reply().content().get("execution_count").getAsInt();
        KernelClient.Execution e = client.execute("System.out.println(\"hidden\"); 42", T, "silent", true);
        assertThat(e.status()).isEqualTo("ok");
        assertThat(e.outputs()).isEmpty();
        assertThat(e.reply().content().get("execution_count").getAsInt()).isEqualTo(before);
    }

    @Test
    void stopOnErrorAbortsRequestsQueuedBehindTheFailure() {
        Message failing = client.executeAsync("Thread.sleep(1500); throw new RuntimeException(\"first fails\");");
        Message second = client.executeAsync("System.out.println(\"must not run\");");
        Message third = client.executeAsync("2 + 2");
        KernelClient.Execution f = client.collect(failing, T);
        assertThat(f.status()).isEqualTo("error");
        assertThat(f.reply().contentString("ename", "")).contains("RuntimeException");
        KernelClient.Execution s = client.collect(second, T);
        KernelClient.Execution t = client.collect(third, T);
        assertThat(s.status()).isEqualTo("aborted");
        assertThat(t.status()).isEqualTo("aborted");
        assertThat(s.outputs()).isEmpty();
        assertThat(client.execute("3 + 3", T).result()).isEqualTo("6");
    }

    @Test
    void withoutStopOnErrorQueuedRequestsRun() {
        Message failing = client.executeAsync("Thread.sleep(500); throw new RuntimeException(\"fails alone\");",
                "stop_on_error", false);
        Message next = client.executeAsync("5 + 5");
        assertThat(client.collect(failing, T).status()).isEqualTo("error");
        KernelClient.Execution n = client.collect(next, T);
        assertThat(n.status()).isEqualTo("ok");
        assertThat(n.result()).isEqualTo("10");
    }

    @Test
    void interruptRequestStopsATightLoop() {
        Message loop = client.executeAsync("System.out.println(\"looping\"); long spins = 0; while (true) { spins++; }");
        awaitStdout(loop, "looping");
        Message interrupt = client.send(client.control, "interrupt_request", new JsonObject());
        Message ack = client.controlReply(interrupt, T);
        assertThat(ack.type()).isEqualTo("interrupt_reply");
        assertThat(ack.contentString("status", "")).isEqualTo("ok");
        Message reply = client.shellReply(loop, T);
        assertThat(reply).as("the loop ends after interrupt_request").isNotNull();
        assertThat(reply.contentString("status", "")).isEqualTo("error");
        assertThat(reply.contentString("ename", "")).isEqualTo("Interrupted");
        client.outputsUntilIdle(loop, T);
    }

    @Test
    void sigintStopsATightLoop() throws Exception {
        Message loop = client.executeAsync("System.out.println(\"spinning\"); while (true) { Math.sqrt(2); }");
        awaitStdout(loop, "spinning");
        kernel.signal("INT");
        Message reply = client.shellReply(loop, T);
        assertThat(reply).as("the loop ends after SIGINT").isNotNull();
        assertThat(reply.contentString("ename", "")).isEqualTo("Interrupted");
        assertThat(kernel.process.isAlive()).isTrue();
        client.outputsUntilIdle(loop, T);
    }

    /** Waits until the cell's stdout shows the text (so the cell is running), bounded. */
    private static void awaitStdout(Message req, String text) {
        long deadline = System.nanoTime() + T.toNanos();
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains(text)) {
            Message m = client.nextIopub(req, "stream", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertThat(m).as("stdout '%s' of the running cell", text).isNotNull();
            seen.append(m.contentString("text", ""));
        }
    }

    @Test
    void stdinRoundTripWhenAllowed() {
        Message req = client.executeAsync("System.out.print(\"name? \");\n"
                + "String name = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();\n"
                + "System.out.println(\"hello \" + name);", "allow_stdin", true);
        Message input = client.receive(client.stdin, System.nanoTime() + T.toNanos());
        assertThat(input).as("input_request on stdin").isNotNull();
        assertThat(input.type()).isEqualTo("input_request");
        assertThat(input.contentBoolean("password", true)).isFalse();
        assertThat(KernelClient.isChildOf(input, req)).isTrue();
        Message answer = client.codec.create("input_reply", input, Json.obj("value", "Ada ✓"));
        org.jparallel.wire.Sockets.send(client.stdin, client.codec, answer);
        KernelClient.Execution e = client.collect(req, T);
        assertThat(e.status()).isEqualTo("ok");
        assertThat(e.stream("stdout")).isEqualTo("name? hello Ada ✓\n");
    }

    @Test
    void interruptWhileWaitingForInputEndsTheCell() {
        Message req = client.executeAsync(
                "new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()", "allow_stdin", true);
        Message input = client.receive(client.stdin, System.nanoTime() + T.toNanos());
        assertThat(input).as("input_request on stdin").isNotNull();
        Message interrupt = client.send(client.control, "interrupt_request", new JsonObject());
        assertThat(client.controlReply(interrupt, T)).isNotNull();
        Message reply = client.shellReply(req, T);
        assertThat(reply).as("the cell waiting for input ends after the interrupt").isNotNull();
        assertThat(reply.contentString("status", "")).isEqualTo("error");
        client.outputsUntilIdle(req, T);
    }

    @Test
    void stdinRefusedWhenNotAllowed() {
        KernelClient.Execution e = client.execute(
                "new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()", T, "allow_stdin", false);
        assertThat(e.status()).isEqualTo("error");
        assertThat(String.join("\n", e.ofType("error").get(0).content().get("evalue").getAsString()))
                .contains("does not accept input");
    }

    @Test
    void twoHundredThousandLinesArriveInOrder() {
        KernelClient.Execution e = client.execute("for (int i = 0; i < 200_000; i++) System.out.println(i);",
                Duration.ofMinutes(3));
        assertThat(e.status()).isEqualTo("ok");
        String[] lines = e.stream("stdout").split("\n", -1);
        assertThat(lines).hasSize(200_001);
        for (int i = 0; i < 200_000; i++) {
            if (!lines[i].equals(Integer.toString(i))) {
                throw new AssertionError("line " + i + " is '" + lines[i] + "'");
            }
        }
        assertThat(e.ofType("stream").size()).as("output is batched").isLessThan(20_000);
    }

    @Test
    void unicodeRoundTrips() {
        String text = "héllo ✓ 日本語 𝄞 🙂";
        KernelClient.Execution e = client.execute("String u = \"" + text + "\";\nSystem.out.println(u);\nu", T);
        assertThat(e.stream("stdout")).isEqualTo(text + "\n");
        assertThat(e.result()).isEqualTo("\"" + text + "\"");
        Message input = e.outputs().get(0);
        assertThat(input.contentString("code", "")).contains(text);
    }

    @Test
    void completionCountsCodePoints() {
        assertThat(client.execute("String 𝑥s = \"\";", T).status()).isEqualTo("ok");
        String code = "String smile = \"🙂🙂\";\n𝑥s.isEm";
        Message req = client.send(client.shell, "complete_request", Json.obj("code", code, "cursor_pos",
                code.codePointCount(0, code.length())));
        Message reply = client.shellReply(req, T);
        client.outputsUntilIdle(req, T);
        assertThat(reply.contentString("status", "")).isEqualTo("ok");
        int end = reply.content().get("cursor_end").getAsInt();
        int start = reply.content().get("cursor_start").getAsInt();
        assertThat(end).isEqualTo(code.codePointCount(0, code.length()));
        assertThat(end - start).isEqualTo(4);
        assertThat(reply.content().getAsJsonArray("matches").toString()).contains("isEmpty");
    }

    @Test
    void packageNamesCompleteOnceTheKernelHasRestedAndBuiltItsIndex() throws InterruptedException {
        // JShell's index of the JDK (package names) is built once the kernel has been idle for a
        // second, not while it starts; a completion asks for it at once.
        String code = "import java.util.concu";
        List<String> found = matches(complete(code));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!found.contains("concurrent.") && System.nanoTime() < deadline) {
            Thread.sleep(250);
            found = matches(complete(code));
        }
        assertThat(found).contains("concurrent.");
    }

    private JsonObject complete(String code) {
        Message req = client.send(client.shell, "complete_request", Json.obj("code", code, "cursor_pos",
                code.codePointCount(0, code.length())));
        Message reply = client.shellReply(req, T);
        client.outputsUntilIdle(req, T);
        return reply.content();
    }

    private static List<String> matches(JsonObject reply) {
        List<String> out = new ArrayList<>();
        reply.getAsJsonArray("matches").forEach(m -> out.add(m.getAsString()));
        return out;
    }

    @Test
    void completionKnowsNamesDeclaredEarlierInTheCellAndMagicsAndTheirOptions() {
        String code = "String s = \"x\";\ns.toUpperC";
        JsonObject r = complete(code);
        assertThat(matches(r)).containsExactly("toUpperCase(");
        assertThat(r.get("cursor_start").getAsInt()).isEqualTo(code.indexOf("toUpperC"));
        assertThat(matches(complete("%pxc"))).containsExactly("%pxconfig");
        assertThat(matches(complete("%ma"))).containsExactly("%maven");
        JsonObject px = complete("%%px --ta");
        assertThat(matches(px)).containsExactly("--targets");
        assertThat(px.get("cursor_start").getAsInt()).isEqualTo(5);
        assertThat(matches(complete("%px --no"))).contains("--noblock", "--no-stream");
        assertThat(matches(complete("%cluster re"))).containsExactly("restart");
        assertThat(matches(complete("%cluster start --pro"))).containsExactly("--profile");
        assertThat(matches(complete("%pxconfig --ti"))).containsExactly("--timeout");
        assertThat(matches(complete("%maven --off"))).containsExactly("--offline");
    }

    @Test
    void malformedAndWronglySignedMessagesAreDroppedAndTheKernelGoesOn() {
        List<byte[]> json = List.of("{\"msg_id\":\"x\",\"msg_type\":\"execute_request\"".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(), "{}".getBytes(), "{}".getBytes());
        List<byte[]> malformed = new ArrayList<>();
        malformed.add("<IDS|MSG>".getBytes(StandardCharsets.US_ASCII));
        malformed.add(new Signer(kernel.info.key()).sign(json).getBytes(StandardCharsets.US_ASCII));
        malformed.addAll(json);
        client.sendRaw(malformed);

        WireCodec wrongKey = new WireCodec("not-the-key", client.codec.session(), "intruder");
        Message evil = wrongKey.create("execute_request", null, Json.obj("code", "System.exit(3);", "silent", false));
        client.sendRaw(wrongKey.encode(evil));
        client.sendRaw(List.of("garbage".getBytes(StandardCharsets.US_ASCII)));

        Message info = client.send(client.shell, "kernel_info_request", new JsonObject());
        assertThat(client.shellReply(info, T)).isNotNull();
        client.outputsUntilIdle(info, T);
        assertThat(kernel.process.isAlive()).isTrue();
        assertThat(client.shellReply(evil, Duration.ofMillis(300))).isNull();
        assertThat(kernel.logText()).contains("bad signature").contains("malformed JSON");
    }

    @Test
    void commsWithoutTargetsAreClosed() {
        Message info = client.send(client.shell, "comm_info_request", new JsonObject());
        Message reply = client.shellReply(info, T);
        assertThat(reply.contentString("status", "")).isEqualTo("ok");
        assertThat(reply.content().getAsJsonObject("comms").size()).isZero();
        client.outputsUntilIdle(info, T);

        Message open = client.send(client.shell, "comm_open",
                Json.obj("comm_id", "c-1", "target_name", "jupyter.widget", "data", new JsonObject()));
        List<Message> out = client.outputsUntilIdle(open, T);
        assertThat(out).extracting(Message::type).containsExactly("comm_close");
        assertThat(out.get(0).contentString("comm_id", "")).isEqualTo("c-1");

        Message msg = client.send(client.shell, "comm_msg", Json.obj("comm_id", "c-1", "data", new JsonObject()));
        assertThat(client.outputsUntilIdle(msg, T)).isEmpty();
    }

    @Test
    void userExpressionsAreEvaluatedAfterTheCell() {
        KernelClient.Execution e = client.execute("int ue = 20;", T, "user_expressions",
                Json.obj("double", "ue * 2", "bad", "nosuchvar"));
        JsonObject ue = e.reply().content().getAsJsonObject("user_expressions");
        assertThat(ue.getAsJsonObject("double").get("status").getAsString()).isEqualTo("ok");
        assertThat(ue.getAsJsonObject("double").getAsJsonObject("data").get("text/plain").getAsString()).isEqualTo("40");
        assertThat(ue.getAsJsonObject("bad").get("status").getAsString()).isEqualTo("error");
    }
}
