package org.jparallel.kernel;

import com.google.gson.JsonObject;
import org.jparallel.kernel.core.Json;
import org.jparallel.wire.Message;
import org.jparallel.wire.Signer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input through the real kernel with 2 engines under mpirun: garbage for every magic's
 * options, cells with unbalanced braces, 1 MB of source, NUL characters, and frames with invalid
 * UTF-8. Each gets a clear error (a sentence, no stack trace of the kernel's code), and the kernel
 * and the cluster keep working.
 */
@Timeout(600)
class BadInputIT {
    static FaultKernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = FaultKernelProcess.start("bad-input", Map.of());
        FaultKernelProcess.Cell started = kernel.run("%cluster start -n 2");
        assertThat(started.status()).as(started.error() + kernel.logText()).isEqualTo("ok");
    }

    @AfterAll
    static void stop() throws Exception {
        if (kernel != null) {
            kernel.close();
        }
    }

    @AfterEach
    void kernelAndClusterStillWork() {
        assertThat(kernel.run("6 * 7").execution().result()).isEqualTo("42");
        assertThat(kernel.run("%px engineId + 1").text()).containsPattern("Out\\[0:\\d+]: 1\nOut\\[1:\\d+]: 2\n");
    }

    /** The error a user sees: a sentence, none of the kernel's own frames. */
    private static void clearError(String cell, FaultKernelProcess.Cell c, String expected) {
        assertThat(c.status()).as("status of %s", cell).isEqualTo("error");
        assertThat(c.evalue()).as("message of %s", cell).isNotBlank().contains(expected)
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(c.error()).as("traceback of %s", cell).doesNotContain("at org.jparallel.").doesNotContain("at jdk.");
    }

    @Test
    void garbageForEveryMagicsOptions() {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("%cluster start -n banana", "not 'banana'");
        cells.put("%cluster start -n -3", "");
        cells.put("%cluster start -n 99999999999", "");
        cells.put("%cluster start --launcher warp", "");
        cells.put("%cluster start --profile ../../etc/passwd", "");
        cells.put("%cluster connect --profile 'bad name'", "");
        cells.put("%cluster explode", "explode");
        cells.put("%cluster", "");
        cells.put("%cluster status --verbose=loud", "");
        cells.put("%px --targets=zzz 1", "'zzz' is not an engine id");
        cells.put("%px -t 1:2:3:4 1", "");
        cells.put("%px --timeout abc 1", "abc");
        cells.put("%px", "");
        cells.put("%%px --timeout -5\n1", "");
        cells.put("%%px --timeout NaN\n1", "");
        cells.put("%%px --group-outputs=sideways\n1", "sideways");
        cells.put("%%px --out 3bad\n1", "");
        cells.put("%%px -o\n1", "");
        cells.put("%%px \u0000 --targets \u0000\n1", "");
        cells.put("%pxresult --group-outputs=nope", "nope");
        cells.put("%pxconfig --timeout 1e400", "");
        cells.put("%pxconfig --targets", "");
        cells.put("%autopx please", "");
        cells.put("%lsmagic now", "takes no arguments");
        cells.put("%time", "needs Java code");
        cells.put("%%html extra-arg\n<b>x</b>", "takes no arguments");
        cells.put("%nosuchmagic", "unknown line magic %nosuchmagic");
        cells.put("%%nosuchcell\nbody", "unknown cell magic %%nosuchcell");
        for (Map.Entry<String, String> e : cells.entrySet()) {
            clearError(e.getKey(), kernel.run(e.getKey()), e.getValue());
        }
        assertThat(kernel.run("%pxconfig").text()).as("settings unchanged by the garbage")
                .isEqualTo("%pxconfig: targets=all block=true group-outputs=engine stream=true timeout=none verbose=false\n");
        assertThat(kernel.run("%cluster status").text()).contains("running: 2/2 engines");
    }

    @Test
    void unbalancedBracesHereAndOnTheEngines() {
        FaultKernelProcess.Cell open = kernel.run("void f() {\n  System.out.println(1);");
        assertThat(open.status()).isEqualTo("error");
        assertThat(open.evalue()).isNotBlank();
        FaultKernelProcess.Cell closing = kernel.run("int k = 1; }}");
        assertThat(closing.status()).isEqualTo("error");
        FaultKernelProcess.Cell px = kernel.run("%%px\nfor (int i = 0; i < 3; i++) {\n  System.out.println(i);");
        assertThat(px.ename()).isEqualTo("ParallelError");
        assertThat(px.evalue()).isEqualTo("2 of 2 engines failed");
        assertThat(px.error()).contains("[0:execute]").contains("[1:execute]");
    }

    @Test
    void aMegabyteOfSource() {
        String comment = "/* " + "comment ".repeat(1 << 17) + "*/\n"; // 1 MB
        FaultKernelProcess.Cell local = kernel.run(comment + "1 + 1", Duration.ofMinutes(3));
        assertThat(local.execution().result()).as(local.error()).isEqualTo("2");
        FaultKernelProcess.Cell px = kernel.run("%%px\n" + comment + "engineId * 3", Duration.ofMinutes(3));
        assertThat(px.text()).as(px.error()).containsPattern("Out\\[0:\\d+]: 0\nOut\\[1:\\d+]: 3\n");
        FaultKernelProcess.Cell literal = kernel.run("String big = \"" + "y".repeat(1 << 20) + "\";", Duration.ofMinutes(3));
        assertThat(literal.status()).isEqualTo("error");
        assertThat(literal.evalue()).contains("constant string too long");
        System.out.printf("1 MB of source: %d ms in the kernel, %d ms on the engines%n", local.millis(), px.millis());
    }

    @Test
    void nulCharactersInCells() {
        FaultKernelProcess.Cell inLiteral = kernel.run("\"a\u0000b\".length()");
        assertThat(inLiteral.execution().result()).isEqualTo("3");
        // (inside an identifier NUL is "ignorable" and javac accepts it; between tokens it is not)
        FaultKernelProcess.Cell outside = kernel.run("int nul = 1 \u0000 + 2;");
        assertThat(outside.status()).isEqualTo("error");
        assertThat(outside.evalue()).contains("illegal character");
        FaultKernelProcess.Cell px = kernel.run("%%px\n\"a\u0000b\".length() + engineId");
        assertThat(px.text()).containsPattern("Out\\[0:\\d+]: 3\nOut\\[1:\\d+]: 4\n");
        FaultKernelProcess.Cell printed = kernel.run("%px System.out.println(\"x\u0000y\")");
        assertThat(printed.text()).isEqualTo("[stdout:0] x\u0000y\n[stdout:1] x\u0000y\n");
    }

    @Test
    void framesWithInvalidUtf8AreDroppedWithALogAndTheKernelAnswers() {
        KernelClient c = kernel.client;
        String key = kernel.info.key();
        byte[] header = ("{\"msg_id\":\"bad-utf8-1\",\"msg_type\":\"execute_request\",\"session\":\"" + c.codec.session()
                + "\",\"username\":\"t\",\"version\":\"5.4\",\"date\":\"2026-01-01T00:00:00.000000Z\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] badContent = concat("{\"code\":\"System.out.println(\\\"".getBytes(StandardCharsets.US_ASCII),
                new byte[]{(byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xfe},
                "\\\")\",\"silent\":false}".getBytes(StandardCharsets.US_ASCII));
        c.sendRaw(signed(key, header, badContent));
        byte[] badHeader = concat("{\"msg_id\":\"bad-utf8-2\",\"msg_type\":\"".getBytes(StandardCharsets.US_ASCII),
                new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80}, "\"}".getBytes(StandardCharsets.US_ASCII));
        c.sendRaw(signed(key, badHeader, "{}".getBytes(StandardCharsets.US_ASCII)));

        // a replay: the frames of an accepted request sent again run nothing
        Message once = c.codec.create("execute_request", null, Json.obj("code", "System.out.println(\"once\");",
                "silent", false, "store_history", true, "user_expressions", new JsonObject(), "allow_stdin", false,
                "stop_on_error", true));
        List<byte[]> frames = c.codec.encode(once);
        c.sendRaw(frames);
        c.sendRaw(frames);
        assertThat(c.collect(once, FaultKernelProcess.T).stream("stdout")).isEqualTo("once\n");

        // shell handles requests in order: an answer to a dropped frame would come before this one
        Message info = c.send(c.shell, "kernel_info_request", new JsonObject());
        Message reply = c.shellReply(info, FaultKernelProcess.T);
        assertThat(reply).as("the kernel answers after the bad frames").isNotNull();
        c.outputsUntilIdle(info, FaultKernelProcess.T);
        assertThat(c.shellReply(once, Duration.ofMillis(200))).as("a second reply to the replayed request").isNull();
        assertThat(kernel.logText()).contains("dropped a message on shell: content is not valid UTF-8")
                .contains("dropped a message on shell: header is not valid UTF-8")
                .contains("dropped a message (execute_request) on shell: its msg_id '" + once.id() + "' was seen before (a replay)");
    }

    private static List<byte[]> signed(String key, byte[] header, byte[] content) {
        List<byte[]> json = List.of(header, "{}".getBytes(StandardCharsets.US_ASCII), "{}".getBytes(StandardCharsets.US_ASCII),
                content);
        List<byte[]> frames = new ArrayList<>();
        frames.add("<IDS|MSG>".getBytes(StandardCharsets.US_ASCII));
        frames.add(new Signer(key).sign(json).getBytes(StandardCharsets.US_ASCII));
        frames.addAll(json);
        return frames;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
