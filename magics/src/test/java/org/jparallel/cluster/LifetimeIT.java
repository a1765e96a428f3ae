package org.jparallel.cluster;

import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.RuntimeDir;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** No orphans: engines and mpirun end with the process that hosts their cluster, however it ends. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LifetimeIT {

    @BeforeAll
    static void setUp() throws Exception {
        ClusterFixtures.isolate();
        ClusterFixtures.mpiJar();
    }

    @AfterAll
    static void tearDown() throws Exception {
        Cluster.closeAll();
        for (String p : RuntimeDir.user().profiles()) {
            ClusterFixtures.jpcluster("stop", "--profile", p);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits (bounded) until none of the pids is alive; returns those still alive. */
    private static List<Long> awaitGone(List<Long> pids, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<Long> left = new ArrayList<>(pids);
        for (int i = 0; i < 10_000 && !left.isEmpty() && System.nanoTime() < end; i++) {
            left.removeIf(p -> !alive(p));
            Thread.sleep(50);
        }
        left.removeIf(p -> !alive(p));
        return left;
    }

    @Test
    void whenTheJpclusterDaemonIsKilledItsEnginesAndMpirunExitOnTheirOwn() throws Exception {
        assertThat(ClusterFixtures.jpcluster("profile", "create", "it-orphan", "-n", "2").code()).isZero();
        ClusterFixtures.Run start = ClusterFixtures.jpcluster("start", "--profile", "it-orphan");
        assertThat(start.code()).as(start.out() + start.err()).isZero();
        ClusterInfo info = ClusterInfo.read(RuntimeDir.user().clusterFile("it-orphan")).orElseThrow();
        List<Long> pids = new ArrayList<>();
        try (Cluster c = Cluster.connect("it-orphan", java.time.Duration.ofSeconds(60))) {
            c.status().engines().forEach(e -> pids.add(e.pid()));
        }
        long mpirun = ProcessHandle.of(pids.get(0)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElseThrow();
        assertThat(ProcessHandle.of(mpirun).flatMap(h -> h.info().command()).orElse("")).containsAnyOf("mpirun", "orterun");
        pids.add(mpirun);
        new ProcessBuilder("kill", "-9", Long.toString(info.pid())).start().waitFor();
        assertThat(awaitGone(pids, 20_000)).as("engines and mpirun still running 20 s after the daemon died").isEmpty();
        ClusterFixtures.Run list = ClusterFixtures.jpcluster("list");
        assertThat(list.out()).containsPattern("it-orphan\\s+\\?/2\\s+gone");
        ClusterFixtures.Run stop = ClusterFixtures.jpcluster("stop", "--profile", "it-orphan");
        assertThat(stop.out()).contains("was not running").contains("removed its connection file");
    }

    @Test
    void aKernelThatExitsStopsTheEnginesItStarted() throws Exception {
        Path runtime = Path.of(System.getProperty("jparallel.runtime.dir"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                ClusterFixtures.classPath(), StartAndExitMain.class.getName(), runtime.toString(), "it-exit", "mpi")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        String line = Arrays.stream(out.split("\n")).filter(l -> l.startsWith("pids ")).findFirst()
                .orElseThrow(() -> new AssertionError("the kernel stand-in did not start its cluster:\n" + out));
        List<Long> pids = Arrays.stream(line.substring(5).trim().split(" ")).map(Long::parseLong).toList();
        assertThat(pids).hasSize(2);
        assertThat(awaitGone(pids, 10_000)).as("engines left running after their kernel exited").isEmpty();
        assertThat(Files.exists(runtime.resolve("cluster-it-exit.json"))).isFalse();
    }
}
