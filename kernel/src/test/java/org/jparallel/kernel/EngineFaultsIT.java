package org.jparallel.kernel;


import com.google.gson.JsonObject;
import org.jparallel.wire.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engines that die or hang, as a notebook user meets them: the real kernel over the Jupyter
 * protocol, 2 engines under mpirun. An engine that exits, halts or is killed from outside ends
 * the cell within 2 s with an error naming it, its exit status and what mpirun did to the other
 * engine; %cluster status shows it; %cluster restart brings the cluster back. A deadlock in MPI
 * ends at an interrupt, the message shows where each engine is stuck and the restart works. A
 * cluster that mpirun cannot start (not enough slots) says so in mpirun's words, with the fix.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineFaultsIT {
    static FaultKernel kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = FaultKernel.start("engine-faults", Map.of());
        // 4 ranks on this machine's cores with oversubscription forbidden: mpirun refuses, the cell says why
        kernel.profile("noslots", "mpi.args=--nooversubscribe\n");
        int cores = Runtime.getRuntime().availableProcessors();
        FaultKernel.Cell refused = kernel.run("%cluster start -n " + (cores + 2) + " --profile noslots");
        assertThat(refused.status()).isEqualTo("error");
        assertThat(refused.ename()).isEqualTo("ClusterError");
        assertThat(refused.evalue()).contains("the engines failed to start: mpirun")
                .contains("There are not enough slots available in the system")
                .contains("What to do: Open MPI gives one slot per core");
        assertThat(refused.millis()).as("a refusal, not a timeout").isLessThan(30_000);
        FaultKernel.Cell started = kernel.run("%cluster start -n 2");
        assertThat(started.status()).as(started.error() + kernel.logText()).isEqualTo("ok");
    }

    @AfterAll
    static void stop() throws Exception {
        if (kernel != null) {
            kernel.close();
        }
    }

    /** Each test starts from 2 running engines, even when an earlier one failed before its restart. */
    @BeforeEach
    void enginesRunning() {
        if (!kernel.run("%cluster status").text().contains("running: 2/2 engines")) {
            restartAndCheck();
        }
    }

    /** The engines are back: a restart, then a %px that every engine answers. */
    private static void restartAndCheck() {
        FaultKernel.Cell r = kernel.run("%cluster restart");
        assertThat(r.text()).as(r.error()).contains("Restarted cluster 'default': 2 engines (mpi), ids 0, 1");
        assertThat(kernel.run("%px engineId * 7").text()).containsPattern("Out\\[0:\\d+]: 0\nOut\\[1:\\d+]: 7\n");
    }

    @Test
    @Order(1)
    void anEngineThatExitsEndsTheCellAtOnceAndTheStatusSaysSo() {
        List<Long> pids = kernel.enginePids();
        FaultKernel.Cell c = kernel.run("%%px\nif (engineId == 1) System.exit(3);\nThread.sleep(60_000);");
        System.out.printf("engine exit: the cell ended after %d ms%n", c.millis());
        assertThat(c.millis()).as("time until the cell ended").isLessThan(2000 + 1000);
        assertThat(c.ename()).isEqualTo("ParallelError");
        assertThat(c.evalue()).isEqualTo("2 of 2 engines failed");
        assertThat(c.error()).contains("[1:execute] EngineDied: engine 1 (pid " + pids.get(1) + ") exited with status 3.")
                .containsPattern("mpirun (stopped|is stopping) engine 0").contains("[0:execute] EngineDied");
        FaultKernel.Cell s = kernel.run("%cluster status");
        assertThat(s.text()).contains("Cluster 'default': failed: 0/2 engines (mpi")
                .contains("engine 0: dead").contains("engine 1: dead, pid " + pids.get(1));
        FaultKernel.Cell px = kernel.run("%px 1");
        assertThat(px.status()).isEqualTo("error");
        assertThat(px.evalue()).contains("no engine of the cluster is running").contains("%cluster restart");
        restartAndCheck();
    }

    @Test
    @Order(2)
    void anEngineThatHaltsIsNamedWithItsStatus() {
        List<Long> pids = kernel.enginePids();
        FaultKernel.Cell c = kernel.run("%%px\nif (engineId == 0) Runtime.getRuntime().halt(5);\nThread.sleep(60_000);");
        System.out.printf("engine halt: the cell ended after %d ms%n", c.millis());
        assertThat(c.millis()).isLessThan(2000 + 1000);
        assertThat(c.error()).contains("[0:execute] EngineDied: engine 0 (pid " + pids.get(0) + ") exited with status 5.")
                .containsPattern("mpirun (stopped|is stopping) engine 1");
        restartAndCheck();
    }

    @Test
    @Order(3)
    void anEngineKilledFromOutsideIsNamedWithTheSignalWithinTwoSeconds() throws Exception {
        List<Long> pids = kernel.enginePids();
        long mpirun = FaultKernel.parentOf(pids.get(0));
        Message req = kernel.client.executeAsync("%%px\nSystem.out.println(\"working\");\nThread.sleep(60_000);");
        awaitStream(req, "working");
        long killed = System.nanoTime();
        assertThat(new ProcessBuilder("kill", "-9", Long.toString(pids.get(1))).start().waitFor()).isZero();
        FaultKernel.Cell c = kernel.collect(req, killed);
        System.out.printf("kill -9: the cell ended %d ms after the kill%n", c.millis());
        assertThat(c.millis()).as("from kill -9 to the end of the cell").isLessThan(2000);
        assertThat(c.error()).contains("[1:execute] EngineDied: engine 1 (pid " + pids.get(1)
                + ") was killed by signal 9 (SIGKILL)").contains("Open MPI ends the whole job when one rank dies: mpirun")
                .contains("engine 0");
        assertThat(FaultKernel.awaitGone(List.of(pids.get(0), pids.get(1), mpirun), Duration.ofSeconds(10))).isEmpty();
        assertThat(kernel.run("%cluster status").text()).contains("failed").contains("signal 9");
        restartAndCheck();
    }

    @Test
    @Order(4)
    void aDeadlockEndsAtAnInterruptWithTheStacksAndTheWayOut() {
        Message req = kernel.client.executeAsync("%%px\nint[] buf = new int[1];\nint other = 1 - engineId;\n"
                + "System.out.println(\"receiving \" + engineId);\nmpi.MPI.COMM_WORLD.recv(buf, 1, mpi.MPI.INT, other, 0);");
        awaitStream(req, "receiving 0", "receiving 1");
        sleep(500); // both inside recv, waiting for each other
        long asked = System.nanoTime();
        Message interrupt = kernel.client.send(kernel.client.control, "interrupt_request", new JsonObject());
        assertThat(kernel.client.controlReply(interrupt, FaultKernel.T)).isNotNull();
        FaultKernel.Cell c = kernel.collect(req, asked);
        System.out.printf("deadlock: the cell ended %d ms after interrupt_request%n", c.millis());
        assertThat(c.ename()).isEqualTo("Interrupted");
        assertThat(c.error()).contains("[0:execute] still running after the interrupt, at:\n    at mpi.Comm.recv(Native Method)")
                .contains("[1:execute] still running after the interrupt, at:")
                .contains("Engines 0, 1 did not stop when interrupted: stuck in native code")
                .contains("Run %cluster restart to replace the engines.");
        FaultKernel.Cell refused = kernel.run("%px 1 + 1");
        assertThat(refused.evalue()).contains("still stuck in an earlier %px").contains("%cluster restart");
        restartAndCheck();
    }

    /** Waits (bounded) until the cell's output contains the texts, so the engines are inside the code. */
    private static void awaitStream(Message req, String... texts) {
        long deadline = System.nanoTime() + FaultKernel.T.toNanos();
        StringBuilder seen = new StringBuilder();
        while (!java.util.Arrays.stream(texts).allMatch(t -> seen.toString().contains(t))) {
            Message m = kernel.client.nextIopub(req, null, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertThat(m).as("output %s of the running cell; seen: %s", List.of(texts), seen).isNotNull();
            if (m.type().equals("stream") || m.type().equals("display_data") || m.type().equals("update_display_data")) {
                seen.append(m.content());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
