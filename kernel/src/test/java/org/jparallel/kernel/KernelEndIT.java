package org.jparallel.kernel;

import org.jparallel.kernel.core.Json;
import org.jparallel.wire.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * However a kernel ends, no engine JVM or mpirun outlives it: restarted by its frontend
 * (shutdown_request with restart), its cluster stops with it; killed with SIGKILL, its engines
 * exit on heartbeat silence (6 s) and mpirun with them. Checked in the process table: no process
 * is left whose environment names the cluster's controller.
 */
@Timeout(300)
class KernelEndIT {

    /** A kernel with a running cluster: its pids (engines, then mpirun) and the cluster's engine endpoint. */
    private record Running(FaultKernelProcess kernel, List<Long> pids, String controller) {
    }

    private static Running startWithCluster(String name) throws Exception {
        FaultKernelProcess k = FaultKernelProcess.start(name, Map.of());
        FaultKernelProcess.Cell started = k.run("%cluster start -n 2");
        assertThat(started.status()).as(started.error() + k.logText()).isEqualTo("ok");
        List<Long> pids = new ArrayList<>(k.enginePids());
        pids.add(FaultKernelProcess.parentOf(pids.get(0)));
        assertThat(ProcessHandle.of(pids.get(2)).flatMap(h -> h.info().command()).orElse("")).containsAnyOf("mpirun", "orterun");
        String file = Files.readString(k.home.resolve("runtime").resolve("cluster-default.json"));
        String endpoint = file.replaceAll("(?s).*\"engineEndpoint\": \"([^\"]+)\".*", "$1");
        assertThat(endpoint).startsWith("tcp://127.0.0.1:");
        assertThat(withController(endpoint)).containsAll(pids);
        return new Running(k, pids, endpoint);
    }

    /** Every process whose environment gives this controller to the engines (mpirun and its engines). */
    private static List<Long> withController(String endpoint) throws IOException {
        String marker = "JPARALLEL_CONTROLLER=" + endpoint + "\0";
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.ISO_8859_1);
                    if (env.contains(marker)) {
                        out.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // exited meanwhile, or not ours to read
                }
            }
        }
        return out;
    }

    @Test
    void aRestartedKernelStopsItsEnginesAndMpirun() throws Exception {
        Running r = startWithCluster("end-restart");
        try (FaultKernelProcess k = r.kernel()) {
            long t0 = System.nanoTime();
            Message req = k.client.send(k.client.control, "shutdown_request", Json.obj("restart", true));
            Message reply = k.client.controlReply(req, FaultKernelProcess.T);
            assertThat(reply.contentBoolean("restart", false)).isTrue();
            assertThat(k.process.waitFor(30, TimeUnit.SECONDS)).as("the kernel exits after shutdown_request").isTrue();
            assertThat(FaultKernelProcess.awaitGone(r.pids(), Duration.ofSeconds(15))).as("engines and mpirun left running").isEmpty();
            System.out.printf("shutdown_request(restart): kernel, engines and mpirun gone after %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            assertThat(withController(r.controller())).isEmpty();
            assertThat(k.home.resolve("runtime").resolve("cluster-default.json")).doesNotExist();
        }
    }

    @Test
    void aKilledKernelsEnginesExitOnHeartbeatSilence() throws Exception {
        Running r = startWithCluster("end-kill");
        try (FaultKernelProcess k = r.kernel()) {
            long t0 = System.nanoTime();
            k.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(k.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            List<Long> left = FaultKernelProcess.awaitGone(r.pids(), Duration.ofSeconds(20));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("kill -9 of the kernel: engines and mpirun gone after %d ms%n", ms);
            assertThat(left).as("engines and mpirun still running 20 s after their kernel was killed").isEmpty();
            assertThat(withController(r.controller())).isEmpty();
        }
    }
}
