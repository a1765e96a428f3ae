package org.jparallel.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stranger who can reach our ports declares huge frames (a ZMTP greeting and one frame header,
 * 73 bytes, no key): to each of the kernel's five ports and to both ports of its cluster's
 * controller. Every port drops that connection at once instead of allocating the frame, and the
 * kernel runs the next cell and the engines the next %px. Messages over a cluster's limit
 * (profile message.limit.mb) are refused with a sentence to the sender, and nothing is lost.
 */
@Timeout(400)
class HugeFramesIT {
    private static final int TIMEOUT_MS = 5000;
    static FaultKernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = FaultKernelProcess.start("huge-frames", Map.of());
        kernel.profile("small", "engines=2\nlauncher=local\nmessage.limit.mb=1\n");
        FaultKernelProcess.Cell started = kernel.run("%cluster start -n 2 --profile small");
        assertThat(started.status()).as(started.error() + kernel.logText()).isEqualTo("ok");
    }

    @AfterAll
    static void stop() throws Exception {
        if (kernel != null) {
            kernel.close();
        }
    }

    private static void kernelAndClusterWork() {
        assertThat(kernel.run("6 * 7").execution().result()).isEqualTo("42");
        assertThat(kernel.client.heartbeat(Duration.ofSeconds(5))).as("heartbeat").isTrue();
        assertThat(kernel.run("%px engineId + 1").text()).containsPattern("Out\\[0:\\d+]: 1\nOut\\[1:\\d+]: 2\n");
    }

    private static Map<String, Integer> kernelPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("shell", kernel.info.shellPort());
        ports.put("control", kernel.info.controlPort());
        ports.put("stdin", kernel.info.stdinPort());
        ports.put("iopub", kernel.info.iopubPort());
        ports.put("heartbeat", kernel.info.hbPort());
        return ports;
    }

    private static Map<String, Integer> controllerPorts() throws Exception {
        JsonObject file = JsonParser.parseString(Files.readString(
                kernel.home.resolve("runtime").resolve("cluster-small.json"))).getAsJsonObject();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("controller client port", RawZmtp.port(file.get("clientEndpoint").getAsString()));
        ports.put("controller engine port", RawZmtp.port(file.get("engineEndpoint").getAsString()));
        return ports;
    }

    @Test
    void hugeFrameHeadersToEveryPortAreDroppedAndNothingIsLost() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>(kernelPorts());
        ports.putAll(controllerPorts());
        // 2 GB - 1 (the largest JeroMQ would allocate), 200 MB (over both limits), and 2^62 (JeroMQ's own refusal)
        for (long size : new long[]{Integer.MAX_VALUE, 200L << 20, 1L << 62}) {
            for (var p : ports.entrySet()) {
                for (boolean command : new boolean[]{true, false}) {
                    assertThat(RawZmtp.declareFrame(p.getValue(), size, command, TIMEOUT_MS))
                            .as("the %s drops a connection declaring a %d-byte frame", p.getKey(), size).isTrue();
                }
            }
        }
        kernelAndClusterWork();
        assertThat(kernel.process.isAlive()).isTrue();
        assertThat(kernel.logText()).doesNotContain("OutOfMemoryError");
    }

    @Test
    void manyStrangersInARow() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>(kernelPorts());
        ports.putAll(controllerPorts());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int sent = 0;
        for (int round = 0; round < 30 && System.nanoTime() < deadline; round++) {
            for (int port : ports.values()) {
                RawZmtp.declareFrame(port, 1500L << 20, round % 2 == 0, TIMEOUT_MS);
                sent++;
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(ports.size() * 5);
        kernelAndClusterWork();
    }

    /** JPARALLEL_OUTPUT_LIMIT_MB=0 still turns the output cap off, but %cluster start says what that risks. */
    @Test
    void anOutputLimitOfZeroIsNeverSilent() throws Exception {
        try (FaultKernelProcess k = FaultKernelProcess.start("output-limit-zero", Map.of("JPARALLEL_OUTPUT_LIMIT_MB", "0"))) {
            FaultKernelProcess.Cell c = k.run("%cluster start -n 1 --launcher local");
            assertThat(c.status()).as(c.error()).isEqualTo("ok");
            assertThat(c.text()).contains("warning: JPARALLEL_OUTPUT_LIMIT_MB=0 turns the engines' output cap off: a cell "
                    + "that prints without end can fill the kernel's memory");
        }
    }

    @Test
    void aPushOverTheClustersLimitIsRefusedWithASentence() {
        FaultKernelProcess.Cell push = kernel.run("var view = org.jparallel.cluster.Cluster.active().orElseThrow().view();\n"
                + "view.push(java.util.Map.of(\"big\", new byte[2 << 20]));");
        assertThat(push.status()).isEqualTo("error");
        assertThat(push.evalue()).contains("to engine 0 is 2.0 MB, over the link's message limit of 1.0 MB")
                .contains("raise the profile's message.limit.mb");
        FaultKernelProcess.Cell small = kernel.run("view.push(java.util.Map.of(\"small\", new byte[1000])); "
                + "view.pull(\"small\").size()");
        assertThat(small.execution().result()).as(small.error()).isEqualTo("2");
        kernelAndClusterWork();
    }

    @Test
    void aReplyOverTheClustersLimitBecomesAnErrorFromTheEngine() {
        FaultKernelProcess.Cell make = kernel.run("%px byte[] huge = new byte[3 << 20];");
        assertThat(make.status()).as(make.error()).isEqualTo("ok");
        FaultKernelProcess.Cell pull = kernel.run("org.jparallel.cluster.Cluster.active().orElseThrow().view().pull(\"huge\")");
        assertThat(pull.status()).isEqualTo("error");
        assertThat(pull.error()).contains("MessageTooLarge").contains("over the link's message limit of 1.0 MB");
        kernelAndClusterWork();
    }
}
