package org.jparallel.cluster;

import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.ClusterStatus;
import org.jparallel.cluster.model.EngineStatus;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.RuntimeDir;
import org.jparallel.notebook.Progress;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** bin/jpcluster from the shell, and notebooks (this JVM) attaching to its clusters and the other way round. */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class JpClusterIT {
    @BeforeAll
    static void setUp() throws Exception {
        ClusterFixtures.isolate();
        ClusterFixtures.mpiJar();
    }

    @AfterAll
    static void tearDown() throws Exception {
        Cluster.closeAll();
        for (String p : RuntimeDir.user().profiles()) {
            jpcluster("stop", "--profile", p);
        }
    }

    static ClusterFixtures.Run jpcluster(String... args) throws Exception {
        return ClusterFixtures.jpcluster(args);
    }

    @Test
    void startListAttachDetachAndStopFromTheShell() throws Exception {
        ClusterFixtures.Run create = jpcluster("profile", "create", "it-shas", "-n", "2");
        assertThat(create.code()).as(create.err()).isZero();
        assertThat(create.out()).contains("profile 'it-shas' written to");

        ClusterFixtures.Run start = jpcluster("start", "--profile", "it-shas");
        assertThat(start.code()).as(start.out() + start.err()).isZero();
        assertThat(start.out()).contains("cluster 'it-shas' is ready: 2 engines (mpi launcher)");
        ClusterInfo info = ClusterInfo.read(RuntimeDir.user().clusterFile("it-shas")).orElseThrow();
        assertThat(info.owner()).isEqualTo("jpcluster");
        assertThat(ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false)).isTrue();

        ClusterFixtures.Run list = jpcluster("list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).containsPattern("it-shas\\s+2/2\\s+running\\s+jpcluster\\s+" + info.pid() + "\\s+mpi");

        ClusterFixtures.Run again = jpcluster("start", "--profile", "it-shas");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("a cluster for profile 'it-shas' is already running");

        List<Long> enginePids;
        try (Cluster c = Cluster.connect("it-shas", Duration.ofSeconds(60))) {
            assertThat(c.owned()).isFalse();
            assertThat(c.ids()).containsExactly(0, 1);
            ExecuteResults r = c.execute(null, "import mpi.*; MPI.COMM_WORLD.getRank() * 100 + engineId")
                    .get(60, TimeUnit.SECONDS);
            assertThat(r.results()).extracting(EngineResult::textPlain).containsExactly("0", "101");
            c.execute(null, "String left = \"still here \" + engineId;").get(60, TimeUnit.SECONDS);
            enginePids = c.status().engines().stream().map(EngineStatus::pid).toList();
        }
        // detaching left the cluster running, with its state
        try (Cluster c = Cluster.connect("it-shas", Duration.ofSeconds(60))) {
            assertThat(c.execute(List.of(1), "left").get(60, TimeUnit.SECONDS).get(1).textPlain())
                    .isEqualTo("\"still here 1\"");
        }

        ClusterFixtures.Run stop = jpcluster("stop", "--profile", "it-shas");
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("cluster 'it-shas' stopped (2 engines, jpcluster pid " + info.pid() + ")");
        assertThat(ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false)).as("daemon").isFalse();
        for (long pid : enginePids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("engine " + pid).isFalse();
        }
        assertThat(jpcluster("list").out()).contains("no clusters are running");
    }

    @Test
    void aClusterStartedInANotebookIsListedAndCanBeStoppedFromTheShell() throws Exception {
        Profile p = new Profile("it-nb", 2, "local", java.util.Map.of(), List.of(), List.of(), "", "127.0.0.1", Duration.ofSeconds(120));
        Cluster c = Cluster.start(p, Progress.NONE);
        ClusterFixtures.Run list = jpcluster("list");
        assertThat(list.out()).containsPattern("it-nb\\s+2/2\\s+running\\s+kernel\\s+" + ProcessHandle.current().pid() + "\\s+local");
        ClusterFixtures.Run stop = jpcluster("stop", "--profile", "it-nb");
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("cluster 'it-nb' stopped");
        ClusterStatus s = c.status();
        assertThat(s.state()).isIn("stopped", "lost");
        assertThat(s.running()).isZero();
        assertThat(RuntimeDir.user().clusterFile("it-nb")).doesNotExist();
        c.close();
    }

    /**
     * A cluster file left behind by a host that died names a pid the system has since given to
     * another process: jpcluster stop must not signal it (its start time is after the file's).
     */
    @Test
    void aStalePidIsNotSignalled() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "120").start();
        try {
            java.nio.file.Path file = RuntimeDir.user().clusterFile("stale");
            new org.jparallel.cluster.model.ClusterInfo("stale", org.jparallel.cluster.model.ClusterInfo.OWNER_JPCLUSTER,
                    stranger.pid(), org.jparallel.link.HostName.local(), "2026-01-01T00:00:00.000000Z", 2, "local",
                    "tcp://127.0.0.1:9", "tcp://127.0.0.1:9", "0123456789abcdef", "", "", 0).write(file);
            ClusterFixtures.Run stop = jpcluster("stop", "--profile", "stale");
            assertThat(stop.code()).as(stop.err()).isZero();
            assertThat(stop.out()).contains("cluster 'stale' was not running (its jpcluster pid " + stranger.pid()
                    + " is gone); removed its connection file");
            assertThat(stranger.isAlive()).as("the process that has the pid now").isTrue();
            assertThat(file).doesNotExist();
        } finally {
            stranger.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void mistakesGetSentences() throws Exception {
        ClusterFixtures.Run stop = jpcluster("stop", "--profile", "nothing-here");
        assertThat(stop.code()).isEqualTo(1);
        assertThat(stop.err()).contains("no cluster is running for profile 'nothing-here'");
        ClusterFixtures.Run badName = jpcluster("start", "--profile", "no/slashes");
        assertThat(badName.code()).isEqualTo(1);
        assertThat(badName.err()).contains("no/slashes");
        ClusterFixtures.Run noMpirun = ClusterFixtures.jpclusterWith(java.util.Map.of("MPIRUN", "/nonexistent/mpirun"),
                "start", "--profile", "default", "-n", "2");
        assertThat(noMpirun.code()).isEqualTo(1);
        assertThat(noMpirun.err()).contains("MPIRUN names /nonexistent/mpirun, which is not an executable file");
        assertThat(RuntimeDir.user().clusterFile("default")).doesNotExist();
        ClusterFixtures.Run bad = jpcluster("start", "--profile", "default", "-n", "0");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("the number of engines must be between 1 and 4096");
    }

    @Test
    void aProfileWithoutAFileStartsWithTheDefaults() throws Exception {
        ClusterFixtures.Run start = jpcluster("start", "--profile", "first-use", "-n", "2", "--launcher", "local");
        assertThat(start.code()).as(start.err()).isZero();
        try {
            assertThat(start.out()).contains("first-use");
            assertThat(RuntimeDir.user().clusterFile("first-use")).exists();
        } finally {
            assertThat(jpcluster("stop", "--profile", "first-use").code()).isZero();
        }
    }

    /**
     * An engine stopped (SIGSTOP, a suspended container) for longer than its heartbeat timeout
     * carries on when resumed: the time it did not run is not the controller's silence.
     */
    @Test
    void anEngineStoppedLongerThanItsTimeoutCarriesOnWhenResumed() throws Exception {
        ClusterFixtures.Run start = ClusterFixtures.jpclusterWith(java.util.Map.of("JPARALLEL_HEARTBEAT_MS", "100",
                "JPARALLEL_HEARTBEAT_TIMEOUT_MS", "1000"), "start", "--profile", "it-paused", "-n", "2");
        assertThat(start.code()).as(start.out() + start.err()).isZero();
        try (Cluster c = Cluster.connect("it-paused")) {
            long pid = c.status().engines().get(0).pid();
            assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor()).isZero();
            try {
                Thread.sleep(3_000); // three times the engine's timeout
            } finally {
                assertThat(new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor()).isZero();
            }
            ExecuteResults r = c.execute(null, "engineId").get(60, TimeUnit.SECONDS);
            assertThat(r.ok()).as(String.valueOf(r.errors())).isTrue();
            assertThat(r.results()).hasSize(2);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
        } finally {
            assertThat(jpcluster("stop", "--profile", "it-paused").code()).isZero();
        }
    }
}
