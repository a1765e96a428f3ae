package org.jparallel.kernel;

import org.jparallel.kernel.core.Json;
import org.jparallel.wire.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The tutorial notebook's cells in the real kernel, on a slurm profile of a real two-node Slurm
 * (tests/slurm/slurm-up.sh: nodes node1 and node2 in network namespaces, removed afterwards, also
 * on failure): the engines run as a batch job on both nodes, MPI works across them, and the job
 * ends with the kernel. Needs root and Slurm (./install.sh --with-slurm).
 */
@Timeout(300)
class SlurmKernelIT {
    private static String conf;
    private static Thread teardownHook;

    @BeforeAll
    static void slurmUp() throws Exception {
        teardownHook = new Thread(SlurmKernelIT::slurmDown, "slurm-down");
        Runtime.getRuntime().addShutdownHook(teardownHook);
        String[] up = script("slurm-up.sh", 600);
        if (!up[0].equals("0")) {
            fail("the test Slurm did not start (tests/slurm/slurm-up.sh, as root):\n" + up[1] + up[2]);
        }
        conf = up[1].lines().filter(l -> l.startsWith("SLURM_CONF=")).map(l -> l.substring(11)).findFirst().orElseThrow();
    }

    @AfterAll
    static void tearDown() {
        slurmDown();
        Runtime.getRuntime().removeShutdownHook(teardownHook);
    }

    private static void slurmDown() {
        try {
            script("slurm-down.sh", 60);
        } catch (Exception e) {
            System.err.println("tests/slurm/slurm-down.sh failed: " + e);
        }
    }

    private static Path repo() {
        for (Path q = Path.of("").toAbsolutePath(); q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("tests/slurm/slurm-up.sh"))) {
                return q;
            }
        }
        throw new AssertionError("cannot find tests/slurm/slurm-up.sh above " + Path.of("").toAbsolutePath());
    }

    /** Runs a script of tests/slurm: {exit code, stdout, stderr}. */
    private static String[] script(String name, int seconds) throws Exception {
        Path out = Files.createTempFile("slurm", ".out");
        Path err = Files.createTempFile("slurm", ".err");
        Process p = new ProcessBuilder(repo().resolve("tests/slurm/" + name).toString()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new String[] {"-1", Files.readString(out), Files.readString(err) + "\n(" + name + " did not finish in time)"};
        }
        return new String[] {Integer.toString(p.exitValue()), Files.readString(out), Files.readString(err)};
    }

    private static List<String> squeue() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("squeue", "-h", "-o", "%i %T");
        pb.environment().put("SLURM_CONF", conf);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    /** The code cells of notebooks/parallel-tutorial.ipynb. */
    private static List<String> tutorialCells() throws Exception {
        com.google.gson.JsonObject nb = com.google.gson.JsonParser.parseString(
                Files.readString(repo().resolve("notebooks/parallel-tutorial.ipynb"))).getAsJsonObject();
        List<String> cells = new java.util.ArrayList<>();
        for (var c : nb.getAsJsonArray("cells")) {
            var cell = c.getAsJsonObject();
            if (cell.get("cell_type").getAsString().equals("code")) {
                StringBuilder b = new StringBuilder();
                cell.getAsJsonArray("source").forEach(s -> b.append(s.getAsString()));
                cells.add(b.toString());
            }
        }
        return cells;
    }

    @Test
    void theTutorialOnATwoNodeSlurmProfileAndTheJobEndsWithTheKernel() throws Exception {
        List<String> cells = tutorialCells();
        try (FaultKernelProcess k = FaultKernelProcess.start("slurm-tutorial", Map.of("SLURM_CONF", conf))) {
            // the tutorial's profile, as a site's Slurm profile (jpcluster profile create example-shas --launcher slurm ...)
            k.profile("example-shas", "launcher=slurm\nengines=2\nslurm.nodes=2\nslurm.time=10\nslurm.partition=debug\n"
                    + "controller.bind=10.77.0.1\nslurm.output=" + k.home.resolve("slurm-output") + "\n");
            FaultKernelProcess.Cell start = k.run(cells.get(0));
            assertThat(start.status()).as(start.error() + k.logText()).isEqualTo("ok");
            assertThat(start.text()).contains("profile: example-shas\nIDs: [0, 1]\n");

            FaultKernelProcess.Cell hosts = k.run(cells.get(1));
            assertThat(hosts.status()).as(hosts.error()).isEqualTo("ok");
            assertThat(hosts.text()).contains("[stdout:0] hosts: node1\n", "[stdout:1] hosts: node2\n",
                    "squares: [0, 1, 4, 9, 16, 25");

            FaultKernelProcess.Cell mpi = k.run(cells.get(2));
            assertThat(mpi.status()).as(mpi.error()).isEqualTo("ok");
            assertThat(mpi.text()).contains("[stdout:0] 0: sent data to 1: [", "[stdout:1] 1: received data from 0: [");
            String sent = mpi.text().replaceAll("(?s).*sent data to 1: (\\[[^]]*]).*", "$1");
            assertThat(mpi.text()).contains("received data from 0: " + sent);

            FaultKernelProcess.Cell status = k.run("%cluster status");
            assertThat(status.text()).containsPattern("running: 2/2 engines \\(slurm, hosted by kernel pid \\d+; "
                    + "Slurm job \\d+ RUNNING on node\\[1-2], \\d+:\\d\\d left\\)");
            assertThat(squeue()).hasSize(1).allMatch(l -> l.endsWith(" RUNNING"));

            // the kernel shuts down: its cluster's job leaves the queue within a few seconds
            long t0 = System.nanoTime();
            Message req = k.client.send(k.client.control, "shutdown_request", Json.obj("restart", false));
            k.client.controlReply(req, FaultKernelProcess.T);
            assertThat(k.process.waitFor(30, TimeUnit.SECONDS)).as("the kernel exits after shutdown_request").isTrue();
            List<String> jobs = squeue();
            while (!jobs.isEmpty() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15)) {
                Thread.sleep(200);
                jobs = squeue();
            }
            assertThat(jobs).as("jobs left in squeue after the kernel's shutdown").isEmpty();
            System.out.printf("kernel shutdown: Slurm job gone from squeue after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
