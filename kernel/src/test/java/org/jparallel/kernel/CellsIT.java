package org.jparallel.kernel;

import com.google.gson.JsonObject;
import org.jparallel.kernel.core.Json;
import org.jparallel.wire.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What users see from cells in the real kernel: results, displays, errors, magics, threads. */
class CellsIT {
    static final Duration T = Duration.ofSeconds(60);
    static KernelProcess kernel;
    static KernelClient client;

    @BeforeAll
    static void start() throws Exception {
        kernel = KernelProcess.start("cells");
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

    private static KernelClient.Execution run(String code) {
        return client.execute(code, T);
    }

    private static JsonObject data(Message m) {
        return m.content().getAsJsonObject("data");
    }

    @Test
    void stateLivesAcrossCellsAndTheLastExpressionIsTheResult() {
        assertThat(run("int base = 40;\nint twice(int v) { return 2 * v; }").result()).isNull();
        KernelClient.Execution e = run("System.out.println(\"computing\");\nbase + twice(1)");
        assertThat(e.stream("stdout")).isEqualTo("computing\n");
        assertThat(e.result()).isEqualTo("42");
        assertThat(run("base + 1;").result()).as("a statement ended by ';' shows no value").isNull();
    }

    @Test
    void displayUpdateAndClearFromTheNotebookApi() {
        KernelClient.Execution e = run("System.out.println(\"before\");\n"
                + "String id = display(Map.of(\"text/html\", \"<i>v1</i>\"));\n"
                + "updateDisplay(id, Map.of(\"text/html\", \"<i>v2</i>\"));\n"
                + "display(\"just text\");\n"
                + "clearOutput(true);\n"
                + "id");
        List<String> types = e.outputs().stream().map(Message::type).toList();
        assertThat(types).containsSubsequence("execute_input", "stream", "display_data", "update_display_data",
                "display_data", "clear_output", "execute_result");
        Message first = e.ofType("display_data").get(0);
        assertThat(data(first).get("text/html").getAsString()).isEqualTo("<i>v1</i>");
        String id = first.content().getAsJsonObject("transient").get("display_id").getAsString();
        Message update = e.ofType("update_display_data").get(0);
        assertThat(update.content().getAsJsonObject("transient").get("display_id").getAsString()).isEqualTo(id);
        assertThat(data(update).get("text/html").getAsString()).isEqualTo("<i>v2</i>");
        assertThat(data(e.ofType("display_data").get(1)).get("text/plain").getAsString()).isEqualTo("just text");
        assertThat(e.ofType("clear_output").get(0).content().get("wait").getAsBoolean()).isTrue();
        assertThat(e.result()).isEqualTo("\"" + id + "\"");
    }

    @Test
    void richResultsFromDisplayableValuesAndImages() {
        KernelClient.Execution html = run("record Bold(String s) implements org.jparallel.kernel.Displayable {\n"
                + "  public Map<String, ?> mimeBundle() { return Map.of(\"text/html\", \"<b>\" + s + \"</b>\"); }\n}\n"
                + "new Bold(\"hi\")");
        Message r = html.ofType("execute_result").get(0);
        assertThat(data(r).get("text/html").getAsString()).isEqualTo("<b>hi</b>");
        assertThat(data(r).get("text/plain").getAsString()).isEqualTo("Bold[s=hi]");

        KernelClient.Execution img = run("var img = new java.awt.image.BufferedImage(5, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);\nimg");
        Message ir = img.ofType("execute_result").get(0);
        assertThat(data(ir).get("image/png").getAsString()).startsWith("iVBORw0KGgo");
        assertThat(ir.content().getAsJsonObject("metadata").getAsJsonObject("image/png").get("width").getAsInt()).isEqualTo(5);
    }

    @Test
    void compileErrorsShowTheLineAndACaret() {
        KernelClient.Execution e = run("int ok = 1;\nString s = 42;");
        assertThat(e.status()).isEqualTo("error");
        Message err = e.ofType("error").get(0);
        assertThat(err.contentString("ename", "")).isEqualTo("CompilationError");
        String tb = String.join("\n", e.reply().content().getAsJsonArray("traceback").asList().stream()
                .map(j -> j.getAsString()).toList());
        assertThat(tb).contains("incompatible types").contains("String s = 42;").contains("^");
    }

    @Test
    void runtimeErrorsShowTheUsersFramesOnly() {
        KernelClient.Execution e = run("void inner() { throw new IllegalArgumentException(\"bad input\"); }\n"
                + "void outer() { inner(); }\nouter();");
        assertThat(e.status()).isEqualTo("error");
        assertThat(e.reply().contentString("ename", "")).contains("IllegalArgumentException");
        assertThat(e.reply().contentString("evalue", "")).isEqualTo("bad input");
        String tb = e.reply().content().getAsJsonArray("traceback").toString();
        assertThat(tb).contains("inner").contains("outer");
        assertThat(tb).doesNotContain("org.jparallel").doesNotContain("jdk.jshell").doesNotContain("reflect");
        assertThat(e.ofType("error")).hasSize(1);
    }

    @Test
    void outputOfThreadsTheCellStartsArrives() {
        KernelClient.Execution e = run("Thread t = new Thread(() -> System.out.println(\"from a thread\"));\n"
                + "t.start(); t.join();\nSystem.err.println(\"done\");");
        assertThat(e.stream("stdout")).isEqualTo("from a thread\n");
        assertThat(e.stream("stderr")).isEqualTo("done\n");
    }

    @Test
    void linesOfACellRunInSourceOrderWithMagics() {
        KernelClient.Execution e = run("System.out.println(\"one\");\n%lsmagic\nSystem.out.println(\"two\");\n%time 6 * 7");
        assertThat(e.status()).isEqualTo("ok");
        String out = e.stream("stdout");
        assertThat(out).startsWith("one\nAvailable line magics:");
        assertThat(out).contains("%lsmagic").contains("%time").contains("%%html");
        assertThat(out.indexOf("two\n")).isGreaterThan(out.indexOf("Available cell magics"));
        assertThat(out).containsPattern("Wall time: [0-9.]+ (µs|ms|s)\n$");
        assertThat(e.result()).isEqualTo("42");
    }

    @Test
    void unknownMagicsNameThemselvesAndListTheKnownOnes() {
        KernelClient.Execution e = run("System.out.println(\"ran\");\n%nosuchmagic 1 2\nSystem.out.println(\"not reached\");");
        assertThat(e.status()).isEqualTo("error");
        assertThat(e.stream("stdout")).isEqualTo("ran\n");
        String evalue = e.reply().contentString("evalue", "");
        assertThat(evalue).contains("%nosuchmagic").contains("%lsmagic").contains("%time");
        KernelClient.Execution c = run("%%nosuchcell\nbody");
        assertThat(c.reply().contentString("evalue", "")).contains("%%nosuchcell").contains("%%html");
    }

    @Test
    void cellMagicsShowTheirBody() {
        KernelClient.Execution e = run("%%html\n<h3>Title</h3>");
        assertThat(data(e.ofType("display_data").get(0)).get("text/html").getAsString()).isEqualTo("<h3>Title</h3>");
        KernelClient.Execution t = run("%%time\nint slept = 0;\nThread.sleep(20);\nslept + 1");
        assertThat(t.stream("stdout")).startsWith("Wall time: ");
        assertThat(t.result()).isEqualTo("1");
    }

    @Test
    void completeInspectAndIsCompleteUnderstandMagics() {
        Message c = client.send(client.shell, "complete_request", Json.obj("code", "%lsm", "cursor_pos", 4));
        Message reply = client.shellReply(c, T);
        client.outputsUntilIdle(c, T);
        assertThat(reply.content().getAsJsonArray("matches").toString()).isEqualTo("[\"%lsmagic\"]");
        assertThat(reply.content().get("cursor_start").getAsInt()).isZero();

        String code = "%lsmagic\nMath.ab";
        Message j = client.send(client.shell, "complete_request", Json.obj("code", code, "cursor_pos", code.length()));
        Message jr = client.shellReply(j, T);
        client.outputsUntilIdle(j, T);
        assertThat(jr.content().getAsJsonArray("matches").toString()).contains("abs(");
        assertThat(jr.content().get("cursor_start").getAsInt()).isEqualTo(code.length() - 2);

        String insp = "%time 1\nMath.max(";
        Message i = client.send(client.shell, "inspect_request", Json.obj("code", insp, "cursor_pos", insp.length(), "detail_level", 0));
        Message ir = client.shellReply(i, T);
        client.outputsUntilIdle(i, T);
        assertThat(ir.content().get("found").getAsBoolean()).isTrue();
        assertThat(data(ir).get("text/plain").getAsString()).contains("max(");

        for (String[] sample : new String[][]{{"%%time\nfor (int i = 0; i < 2; i++) {", "incomplete"},
                {"%%time\nint x = 1;\n", "complete"}, {"%lsmagic\nvoid f() {", "incomplete"}}) {
            Message q = client.send(client.shell, "is_complete_request", Json.obj("code", sample[0]));
            Message qr = client.shellReply(q, T);
            client.outputsUntilIdle(q, T);
            assertThat(qr.contentString("status", "")).as(sample[0]).isEqualTo(sample[1]);
        }
    }

    @Test
    void historyKeepsInputsAndOutputs() {
        KernelClient.Execution e = run("\"history-\" + 7");
        int n = e.reply().content().get("execution_count").getAsInt();
        Message h = client.send(client.shell, "history_request", Json.obj("hist_access_type", "range", "session", 0,
                "start", n, "stop", n + 1, "output", true, "raw", true));
        Message reply = client.shellReply(h, T);
        client.outputsUntilIdle(h, T);
        assertThat(reply.content().getAsJsonArray("history").toString())
                .isEqualTo("[[1," + n + ",[\"\\\"history-\\\" + 7\",\"\\\"history-7\\\"\"]]]");
    }
}
