package org.jparallel.kernel;

import com.google.gson.JsonObject;
import org.jparallel.kernel.core.Json;
import org.jparallel.kernel.core.Kernel;
import org.jparallel.kernel.core.KernelComm;
import org.jparallel.wire.ConnectionInfo;
import org.jparallel.wire.Message;
import org.jparallel.wire.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel core on a fake interpreter: real ZeroMQ channels on 127.0.0.1, signed messages, and
 * a frontend that sees what Jupyter would. Nothing here knows JShell.
 */
class KernelCoreTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final FakeInterpreter interpreter = new FakeInterpreter();
    private Kernel kernel;
    private KernelClient client;
    private CompletableFuture<Void> closed;

    @BeforeEach
    void start() throws IOException {
        ConnectionInfo info = KernelProcess.freshConnection();
        kernel = new Kernel(info, interpreter, dir.resolve("history.jsonl"));
        kernel.start();
        closed = CompletableFuture.runAsync(() -> {
            try {
                kernel.awaitExitAndClose();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        client = new KernelClient(info);
        client.waitForReady(WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        if (!closed.isDone()) {
            Message req = client.send(client.control, "shutdown_request", Json.obj("restart", false));
            assertThat(client.controlReply(req, WAIT)).isNotNull();
            closed.get(20, TimeUnit.SECONDS);
        }
        client.close();
    }

    @Test
    void kernelInfoIsTheProtocolsPartAndTheInterpretersOnBothChannels() {
        for (var socket : List.of(client.shell, client.control)) {
            Message req = client.send(socket, "kernel_info_request", new JsonObject());
            Message reply = socket == client.shell ? client.shellReply(req, WAIT) : client.controlReply(req, WAIT);
            assertThat(reply.type()).isEqualTo("kernel_info_reply");
            assertThat(reply.contentString("status", "")).isEqualTo("ok");
            assertThat(reply.contentString("protocol_version", "")).isEqualTo("5.4");
            assertThat(reply.contentString("implementation", "")).isEqualTo("fake");
            assertThat(reply.content().getAsJsonObject("language_info").get("name").getAsString()).isEqualTo("fake");
        }
        assertThat(interpreter.calls).startsWith("start");
    }

    @Test
    void aCellsOutputAndResultArePublishedWithItsExecutionCount() {
        KernelClient.Execution first = client.execute("print", WAIT, "user_expressions", Json.obj("x", "1 + 1"));
        assertThat(first.status()).isEqualTo("ok");
        assertThat(first.reply().content().get("execution_count").getAsInt()).isEqualTo(1);
        assertThat(first.ofType("execute_input").get(0).contentString("code", "")).isEqualTo("print");
        assertThat(first.stream("stdout")).isEqualTo("hi\n");
        assertThat(first.result()).isEqualTo("42");
        assertThat(first.ofType("execute_result").get(0).content().get("execution_count").getAsInt()).isEqualTo(1);
        assertThat(first.reply().content().getAsJsonObject("user_expressions").getAsJsonObject("x")
                .getAsJsonObject("data").get("text/plain").getAsString()).isEqualTo("value of 1 + 1");

        KernelClient.Execution quiet = client.execute("print", WAIT, "silent", true);
        assertThat(quiet.outputs()).isEmpty();
        assertThat(quiet.reply().content().get("execution_count").getAsInt()).isEqualTo(1);

        KernelClient.Execution shown = client.execute("show", WAIT);
        assertThat(shown.ofType("display_data").get(0).content().getAsJsonObject("transient").get("display_id").getAsString())
                .isEqualTo("d1");
        assertThat(shown.ofType("update_display_data")).hasSize(1);
        assertThat(shown.reply().content().get("execution_count").getAsInt()).isEqualTo(2);

        Message history = client.send(client.shell, "history_request", Json.obj("hist_access_type", "tail", "n", 10,
                "output", true, "raw", true));
        assertThat(client.shellReply(history, WAIT).content().getAsJsonArray("history").toString())
                .contains("[\"print\",\"42\"]").contains("[\"show\",null]");
        assertThat(interpreter.calls).containsSubsequence("execute print", "userExpressions [x]", "execute print",
                "execute show");
    }

    @Test
    void aFailedCellPublishesItsErrorAndRepliesWithIt() {
        KernelClient.Execution e = client.execute("fail", WAIT);
        assertThat(e.status()).isEqualTo("error");
        assertThat(e.reply().contentString("ename", "")).isEqualTo("ValueError");
        Message error = e.ofType("error").get(0);
        assertThat(error.contentString("evalue", "")).isEqualTo("the value is bad");
        assertThat(error.content().getAsJsonArray("traceback")).hasSize(2);
    }

    @Test
    void interruptRequestReachesTheRunningCell() {
        Message run = client.executeAsync("wait");
        assertThat(client.nextIopub(run, "execute_input", WAIT)).isNotNull();
        Message interrupt = client.send(client.control, "interrupt_request", new JsonObject());
        assertThat(client.controlReply(interrupt, WAIT).contentString("status", "")).isEqualTo("ok");
        KernelClient.Execution e = client.collect(run, WAIT);
        assertThat(e.reply().contentString("ename", "")).isEqualTo("Interrupted");
    }

    @Test
    void aCellReadsInputThroughStdin() {
        Message run = client.executeAsync("ask", "allow_stdin", true);
        Message asked = client.receive(client.stdin, System.nanoTime() + WAIT.toNanos());
        assertThat(asked.type()).isEqualTo("input_request");
        assertThat(asked.contentString("prompt", "")).isEqualTo("name? ");
        Sockets.send(client.stdin, client.codec, client.codec.create("input_reply", asked, Json.obj("value", "Ada")));
        assertThat(client.collect(run, WAIT).stream("stdout")).isEqualTo("hello Ada\n");

        KernelClient.Execution refused = client.execute("ask", WAIT, "allow_stdin", false);
        assertThat(refused.reply().contentString("evalue", "")).contains("does not accept input");
    }

    @Test
    void codeAssistanceIsTheInterpretersAndSaysWhenItCannotAnswer() {
        Message c = client.send(client.shell, "complete_request", Json.obj("code", "ab", "cursor_pos", 2));
        assertThat(client.shellReply(c, WAIT).content().getAsJsonArray("matches").toString()).isEqualTo("[\"ab_one\",\"ab_two\"]");
        Message i = client.send(client.shell, "inspect_request", Json.obj("code", "xy", "cursor_pos", 1, "detail_level", 1));
        assertThat(client.shellReply(i, WAIT).content().getAsJsonObject("data").get("text/plain").getAsString())
                .isEqualTo("about xy at 1, detail 1");
        Message open = client.send(client.shell, "is_complete_request", Json.obj("code", "if {"));
        assertThat(client.shellReply(open, WAIT).contentString("indent", "")).isEqualTo("  ");

        interpreter.unavailable = true;
        Message late = client.send(client.shell, "complete_request", Json.obj("code", "ab", "cursor_pos", 2));
        Message reply = client.shellReply(late, WAIT);
        assertThat(reply.contentString("status", "")).isEqualTo("error");
        assertThat(reply.contentString("evalue", "")).isEqualTo("the fake language could not start");
        Message unknown = client.send(client.shell, "is_complete_request", Json.obj("code", "x"));
        assertThat(client.shellReply(unknown, WAIT).contentString("status", "")).isEqualTo("unknown");
    }

    @Test
    void theFrontendOpensACommToARegisteredTargetTalksOnItAndClosesIt() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertThat(client.shellReply(client.send(client.shell, "comm_info_request", new JsonObject()), WAIT)
                .content().getAsJsonObject("comms").size()).isZero();
        kernel.comms().registerTarget("echo", (comm, open) -> {
            seen.add("open " + open.data());
            comm.onMessage(p -> {
                seen.add("msg " + p.data() + " buffers " + p.buffers().size());
                comm.send(new KernelComm.Payload(Json.obj("echo", p.data().get("n")), null, List.of(new byte[] {1, 2, 3})));
            });
            comm.onClose(p -> seen.add("close " + p.data()));
        });

        Message open = client.send(client.shell, "comm_open", Json.obj("comm_id", "c1", "target_name", "echo",
                "data", Json.obj("start", 1)));
        assertThat(client.outputsUntilIdle(open, WAIT)).isEmpty();
        assertThat(seen).containsExactly("open {\"start\":1}");
        Message info = client.send(client.shell, "comm_info_request", new JsonObject());
        assertThat(client.shellReply(info, WAIT).content().getAsJsonObject("comms").toString())
                .isEqualTo("{\"c1\":{\"target_name\":\"echo\"}}");
        Message filtered = client.send(client.shell, "comm_info_request", Json.obj("target_name", "other"));
        assertThat(client.shellReply(filtered, WAIT).content().getAsJsonObject("comms").size()).isZero();

        Message msg = client.codec.create("comm_msg", null, Json.obj("comm_id", "c1", "data", Json.obj("n", 7)));
        msg = new Message(msg.identities(), msg.header(), msg.parentHeader(), msg.metadata(), msg.content(),
                List.of(new byte[] {9}));
        Sockets.send(client.shell, client.codec, msg);
        List<Message> answer = client.outputsUntilIdle(msg, WAIT);
        assertThat(answer).extracting(Message::type).containsExactly("comm_msg");
        assertThat(answer.get(0).content().toString()).isEqualTo("{\"comm_id\":\"c1\",\"data\":{\"echo\":7}}");
        assertThat(answer.get(0).buffers()).hasSize(1);
        assertThat(answer.get(0).buffers().get(0)).containsExactly(1, 2, 3);

        Message close = client.send(client.shell, "comm_close", Json.obj("comm_id", "c1", "data", Json.obj("bye", true)));
        assertThat(client.outputsUntilIdle(close, WAIT)).isEmpty();
        assertThat(seen).containsExactly("open {\"start\":1}", "msg {\"n\":7} buffers 1", "close {\"bye\":true}");
        assertThat(kernel.comms().openComms()).isEmpty();
    }

    @Test
    void theKernelOpensACommAsAChildOfTheCellAndClosesIt() {
        interpreter.onCell = () -> {
            KernelComm comm = kernel.comms().open("front.target", new KernelComm.Payload(Json.obj("value", 42),
                    Json.obj("version", "2.1.0"), null));
            comm.close(new KernelComm.Payload(Json.obj("done", true), null, null));
        };
        KernelClient.Execution cell = client.execute("comm", WAIT);
        List<Message> comms = cell.outputs().stream().filter(m -> m.type().startsWith("comm_")).toList();
        assertThat(comms).extracting(Message::type).containsExactly("comm_open", "comm_close");
        JsonObject open = comms.get(0).content();
        assertThat(open.get("target_name").getAsString()).isEqualTo("front.target");
        assertThat(open.getAsJsonObject("data").get("value").getAsInt()).isEqualTo(42);
        assertThat(comms.get(0).metadata().get("version").getAsString()).isEqualTo("2.1.0");
        assertThat(comms.get(1).contentString("comm_id", "")).isEqualTo(open.get("comm_id").getAsString());
        assertThat(comms.get(1).content().getAsJsonObject("data").get("done").getAsBoolean()).isTrue();
        assertThat(kernel.comms().openComms()).isEmpty();
    }

    @Test
    void badCommMessagesAndFailingHandlersLeaveTheKernelWorking() {
        kernel.comms().registerTarget("boom", (comm, open) -> {
            throw new IllegalStateException("the handler broke");
        });
        Message cell = client.execute("print", WAIT).request();
        Message unknown = client.send(client.shell, "comm_open", Json.obj("comm_id", "u1", "target_name", "nobody"));
        assertThat(client.outputsUntilIdle(unknown, WAIT)).extracting(m -> m.type() + " " + m.contentString("comm_id", ""))
                .containsExactly("comm_close u1");
        Message boom = client.send(client.shell, "comm_open", Json.obj("comm_id", "b1", "target_name", "boom"));
        assertThat(client.outputsUntilIdle(boom, WAIT)).extracting(m -> m.type() + " " + m.contentString("comm_id", ""))
                .as("a comm whose target failed is closed").containsExactly("comm_close b1");
        Message report = client.nextIopub(cell, "stream", WAIT);
        assertThat(report.contentString("name", "")).isEqualTo("stderr");
        assertThat(report.contentString("text", "")).startsWith("the comm target 'boom' failed: "
                + "java.lang.IllegalStateException: the handler broke");
        kernel.comms().registerTarget("quiet", (comm, open) -> { });
        Message quiet = client.send(client.shell, "comm_open", Json.obj("comm_id", "q1", "target_name", "quiet"));
        assertThat(client.outputsUntilIdle(quiet, WAIT)).isEmpty();
        for (JsonObject bad : List.of(Json.obj("data", Json.obj()), Json.obj("comm_id", 5), Json.obj("comm_id", "nope"),
                Json.obj("comm_id", "q1", "data", "not an object"), Json.obj("comm_id", "b1"))) {
            Message m = client.send(client.shell, "comm_msg", bad);
            assertThat(client.outputsUntilIdle(m, WAIT)).as("iopub after comm_msg " + bad).isEmpty();
        }
        Message badOpen = client.send(client.shell, "comm_open", Json.obj("comm_id", "d1", "target_name", "boom", "data", 3));
        assertThat(client.outputsUntilIdle(badOpen, WAIT)).extracting(Message::type).containsExactly("comm_close");
        assertThat(client.execute("print", WAIT).status()).isEqualTo("ok");
    }

    @Test
    void shutdownShutsTheInterpreterDownThenClosesIt() throws Exception {
        Message req = client.send(client.shell, "shutdown_request", Json.obj("restart", true));
        Message reply = client.shellReply(req, WAIT);
        assertThat(reply.content().get("restart").getAsBoolean()).isTrue();
        closed.get(20, TimeUnit.SECONDS);
        assertThat(interpreter.calls).containsSubsequence("interrupt", "shutdown", "close");
    }
}
