package org.jparallel.cluster;

import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterStatus;
import org.jparallel.cluster.model.EngineStatus;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.RuntimeDir;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The slurm launcher on a real two-node Slurm (tests/slurm/slurm-up.sh: slurmctld and two slurmd in
 * network namespaces node1 and node2 on the bridge 10.77.0.1/24; removed again afterwards, also
 * on failure). Needs root and Debian's slurmctld, slurmd, slurm-client and munge (./install.sh
 * --with-slurm installs them).
 */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class SlurmClusterIT {
    private static final String BRIDGE = "10.77.0.1";
    private static String conf;
    private static Thread teardownHook;

    @BeforeAll
    static void setUp() throws Exception {
        ClusterFixtures.isolate();
        ClusterFixtures.mpiJar();
        teardownHook = new Thread(SlurmClusterIT::slurmDown, "slurm-down");
        Runtime.getRuntime().addShutdownHook(teardownHook); // a killed test run leaves no Slurm behind
        ClusterFixtures.Run up = script("slurm-up.sh", Duration.ofSeconds(600));
        if (up.code() != 0) {
            fail("the test Slurm did not start (tests/slurm/slurm-up.sh, as root):\n" + up.out() + up.err());
        }
        conf = up.out().lines().filter(l -> l.startsWith("SLURM_CONF=")).map(l -> l.substring("SLURM_CONF=".length()))
                .findFirst().orElseThrow();
    }

    @AfterAll
    static void tearDown() {
        try {
            Cluster.closeAll();
            for (String p : RuntimeDir.user().profiles()) {
                ClusterFixtures.jpcluster("stop", "--profile", p);
            }
        } catch (Exception e) {
            System.err.println("stopping the clusters failed: " + e);
        } finally {
            slurmDown();
            Runtime.getRuntime().removeShutdownHook(teardownHook);
        }
    }

    private static void slurmDown() {
        try {
            script("slurm-down.sh", Duration.ofSeconds(60));
        } catch (Exception e) {
            System.err.println("tests/slurm/slurm-down.sh failed: " + e);
        }
    }

    private static ClusterFixtures.Run script(String name, Duration limit) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ClusterFixtures.repo().resolve("tests/slurm/" + name).toString());
        Path out = Files.createTempFile("slurm", ".out");
        Path err = Files.createTempFile("slurm", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new ClusterFixtures.Run(-1, Files.readString(out), Files.readString(err) + "\n(" + name + " did not finish in time)");
        }
        return new ClusterFixtures.Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A Slurm command with the test cluster's configuration. */
    private static ClusterFixtures.Run slurm(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.environment().put("SLURM_CONF", conf);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes());
            } catch (java.io.IOException e) {
                return "";
            }
        });
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
        return new ClusterFixtures.Run(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    }

    /** The jobs squeue lists (pending, running or completing). */
    private static List<String> activeJobs() throws Exception {
        return slurm("squeue", "-h", "-o", "%i %T").out().lines().filter(l -> !l.isBlank()).toList();
    }

    /** Waits (at most 10 s) until squeue lists no job. */
    private static void assertQueueEmptySoon() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> jobs = activeJobs();
        while (!jobs.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(200);
            jobs = activeJobs();
        }
        assertThat(jobs).as("jobs left in squeue").isEmpty();
    }

    /** Occupies every core of both nodes (each takes 4 jobs per core) for the given seconds. */
    private static List<String> fillNodes(int seconds) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ClusterFixtures.Run r = slurm("sbatch", "--parsable", "-N", "2", "-n", "4", "-o", "/dev/null", "--wrap", "sleep " + seconds);
            assertThat(r.code()).as(r.err()).isZero();
            ids.add(r.out().strip());
        }
        return ids;
    }

    /** The jobs' output directory, apart from the user's. */
    private static String output() throws Exception {
        return ClusterFixtures.isolate().resolve("slurm-output").toString();
    }

    private static Profile profile(String name, int engines, Map<String, String> slurm) throws Exception {
        Map<String, String> settings = new java.util.TreeMap<>(slurm);
        settings.put("slurm.conf", conf);
        settings.put("slurm.output", output());
        return new Profile(name, engines, "slurm", settings, List.of(), List.of(), "", BRIDGE, Duration.ofSeconds(90));
    }

    @Test
    void theTutorialOnTwoNodes() throws Exception {
        ClusterFixtures.Recorder progress = new ClusterFixtures.Recorder();
        String job;
        try (Cluster c = Cluster.start(profile("it-slurm-2", 2, Map.of("slurm.nodes", "2", "slurm.time", "10")), progress)) {
            assertThat(progress.lines).anyMatch(l -> l.matches("job \\d+ RUNNING on node\\[1-2]; [0-2]/2 engines ready"));
            assertThat(progress.lines).last().asString().startsWith("2/2 engines ready (slurm launcher");
            ClusterStatus s = c.status();
            assertThat(s.engines()).extracting(EngineStatus::host).containsExactlyInAnyOrder("node1", "node2");
            assertThat(s.summary()).containsPattern("running: 2/2 engines \\(slurm, hosted by kernel pid \\d+; Slurm job \\d+ "
                    + "RUNNING on node\\[1-2], \\d+:\\d\\d left\\)");
            job = s.launch().replaceAll("Slurm job (\\d+).*", "$1");
            assertThat(activeJobs()).containsExactly(job + " RUNNING");

            // the tutorial's cells: where each engine runs, then a message from rank 0 to rank 1 across the nodes
            ExecuteResults host = c.execute(null, "java.net.InetAddress.getLocalHost().getHostName()")
                    .get(60, TimeUnit.SECONDS);
            assertThat(host.get(0).textPlain() + host.get(1).textPlain()).isIn("\"node1\"\"node2\"", "\"node2\"\"node1\"");
            ExecuteResults mpi = c.execute(null, """
                    import mpi.*;
                    int rank = MPI.COMM_WORLD.getRank();
                    int[] buf = new int[1];
                    if (rank == 0) { buf[0] = 4242; MPI.COMM_WORLD.send(buf, 1, MPI.INT, 1, 7); }
                    else { MPI.COMM_WORLD.recv(buf, 1, MPI.INT, 0, 7); }
                    "rank " + rank + " of " + MPI.COMM_WORLD.getSize() + " on " + MPI.getProcessorName() + " has " + buf[0]
                    """).get(120, TimeUnit.SECONDS);
            assertThat(mpi.ok()).as(mpi.toString()).isTrue();
            List<String> said = List.of(mpi.get(0).textPlain(), mpi.get(1).textPlain());
            assertThat(said).allMatch(l -> l.endsWith(" has 4242\"")).anyMatch(l -> l.contains("of 2 on node1"))
                    .anyMatch(l -> l.contains("of 2 on node2"));
            c.stop();
            assertQueueEmptySoon();
        }
        // the script carries no secret; what the launcher wrote is the user's alone
        Path script = RuntimeDir.user().dir().resolve("slurm-it-slurm-2.sh");
        assertThat(Files.getPosixFilePermissions(script)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(script)).contains("#SBATCH --nodes=2", "-x JPARALLEL_KEY").doesNotContainPattern("[0-9a-f]{64}");
        Path output = Path.of(output(), "slurm-it-slurm-2.out");
        assertThat(Files.getPosixFilePermissions(output)).isEqualTo(Files.getPosixFilePermissions(script));
        assertThat(Files.getPosixFilePermissions(output.getParent())).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void theQueueLineWhileTheNodesAreBusyThenTheEnginesOnceTheyAreFree() throws Exception {
        ClusterFixtures.Run create = ClusterFixtures.jpcluster("profile", "create", "it-slurm-q", "--launcher", "slurm", "-n", "2", "--nodes", "2",
                "--time", "10", "--partition", "debug", "--controller-bind", BRIDGE, "--slurm-conf", conf, "--job-output", output());
        assertThat(create.code()).as(create.err()).isZero();
        fillNodes(6);
        ClusterFixtures.Run start = ClusterFixtures.jpcluster("start", "--profile", "it-slurm-q");
        assertThat(start.code()).as(start.out() + start.err()).isZero();
        List<String> lines = start.out().lines().toList();
        assertThat(lines).anyMatch(l -> l.matches("job \\d+ PENDING \\((Resources|Priority)\\) 0:0[1-9]; 0/2 engines"));
        assertThat(lines).anyMatch(l -> l.matches("job \\d+ RUNNING on node\\[1-2]; [012]/2 engines ready"));
        assertThat(start.out()).contains("cluster 'it-slurm-q' is ready: 2 engines (slurm launcher)");
        ClusterFixtures.Run list = ClusterFixtures.jpcluster("list");
        assertThat(list.out()).containsPattern("it-slurm-q\\s+2/2\\s+running\\s+jpcluster\\s+\\d+\\s+slurm\\s+\\S+\\s+node1,node2\\s+"
                + "Slurm job \\d+ RUNNING on node\\[1-2], \\d+:\\d\\d left");
        ClusterFixtures.Run status = ClusterFixtures.jpcluster("status", "--profile", "it-slurm-q");
        assertThat(status.out()).containsPattern("Slurm job \\d+ RUNNING on node\\[1-2], \\d+:\\d\\d left");

        ClusterFixtures.Run stop = ClusterFixtures.jpcluster("stop", "--profile", "it-slurm-q");
        assertThat(stop.code()).as(stop.err()).isZero();
        assertQueueEmptySoon();
    }

    @Test
    void interruptingTheWaitForAQueuedJobCancelsIt() throws Exception {
        List<String> fillers = fillNodes(120);
        ClusterFixtures.Recorder progress = new ClusterFixtures.Recorder();
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread cell = new Thread(() -> {
            try {
                Cluster.start(profile("it-slurm-i", 2, Map.of()), progress).close();
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        cell.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (progress.lines.stream().noneMatch(l -> l.contains("PENDING (Resources)")) && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(progress.lines).anyMatch(l -> l.matches("job \\d+ PENDING \\(Resources\\) \\d:\\d\\d; 0/2 engines"));
        String job = progress.lines.get(progress.lines.size() - 1).split(" ")[1];
        assertThat(activeJobs()).contains(job + " PENDING");
        cell.interrupt();
        assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(ClusterException.class).hasMessageContaining("interrupted");
        assertThat(activeJobs()).doesNotContain(job + " PENDING", job + " RUNNING");
        slurm("scancel", String.join(",", fillers));
        assertQueueEmptySoon();
    }

    @Test
    void aBadPartitionIsRefusedInSbatchsWords() throws Exception {
        assertThatThrownBy(() -> Cluster.start(profile("it-slurm-p", 2, Map.of("slurm.partition", "nosuch")), new ClusterFixtures.Recorder()))
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("sbatch refused the engines' job for profile 'it-slurm-p': ")
                .hasMessageContaining("invalid partition specified: nosuch");
        assertThat(activeJobs()).isEmpty();
    }

    @Test
    void aOneMinuteTimeLimitIsReportedAsSuch() throws Exception {
        try (Cluster c = Cluster.start(profile("it-slurm-t", 2, Map.of("slurm.time", "1")), new ClusterFixtures.Recorder())) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            ClusterStatus s = c.status();
            while (!s.state().equals("failed") && System.nanoTime() < end) {
                Thread.sleep(500);
                s = c.status();
            }
            assertThat(s.state()).as(s.summary()).isEqualTo("failed");
            assertThat(s.detail()).containsPattern("^Slurm job \\d+ reached its time limit \\(0:01:00\\)")
                    .contains("DUE TO TIME LIMIT");
            assertThatThrownBy(() -> c.execute(null, "1").get(30, TimeUnit.SECONDS))
                    .hasMessageContaining("reached its time limit (0:01:00)");
        }
        assertQueueEmptySoon();
    }
}
