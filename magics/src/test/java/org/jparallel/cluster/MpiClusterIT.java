package org.jparallel.cluster;

import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.RuntimeDir;
import org.jparallel.notebook.Progress;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Real engines under the real mpirun, with Open MPI's Java bindings. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MpiClusterIT {

    @BeforeAll
    static void setUp() throws Exception {
        ItSupport.isolate();
        ItSupport.mpiJar();
    }

    @AfterAll
    static void tearDown() {
        Cluster.closeAll();
    }

    static Profile profile(String name, int n) {
        return new Profile(name, n, "mpi", java.util.Map.of(), List.of(), List.of(), "", "127.0.0.1", Duration.ofSeconds(120));
    }

    @Test
    void twoEnginesRunCodeAndEachReportsItsOwnOutputAndValue() throws Exception {
        ItSupport.Recorder progress = new ItSupport.Recorder();
        try (Cluster c = Cluster.start(profile("it-mpi-2", 2), progress)) {
            assertThat(c.ids()).containsExactly(0, 1);
            assertThat(progress.lines).first().isEqualTo("0/2 engines ready");
            assertThat(progress.lines).anyMatch(l -> l.startsWith("2/2 engines ready (mpi launcher"));
            ItSupport.Streams streams = new ItSupport.Streams();
            ExecuteResults r = c.execute(null, "System.out.println(\"hello from engine \" + engineId + \" of \" + engineCount);"
                    + "engineId * 10", streams).get(60, TimeUnit.SECONDS);
            assertThat(streams.snapshot()).contains("[stdout:0] hello from engine 0 of 2\n", "[stdout:1] hello from engine 1 of 2\n");
            assertThat(r.ok()).isTrue();
            assertThat(r.get(0).textPlain()).isEqualTo("0");
            assertThat(r.get(1).textPlain()).isEqualTo("10");
            assertThat(r.get(1).stdout()).isEqualTo("hello from engine 1 of 2\n");
            assertThat(r.get(0).executionCount()).isPositive();
            // state persists per engine, and errors come back per engine with the user's exception
            c.execute(null, "int twice = engineId * 2;").get(60, TimeUnit.SECONDS);
            ExecuteResults e = c.execute(List.of(1), "if (twice == 2) throw new IllegalStateException(\"engine \" + engineId + \" refuses\"); twice").get(60, TimeUnit.SECONDS);
            assertThat(e.byEngine()).containsOnlyKeys(1);
            assertThat(e.get(1).status()).isEqualTo(EngineResult.Status.ERROR);
            assertThat(e.get(1).error().ename()).isEqualTo("java.lang.IllegalStateException");
            assertThat(e.get(1).error().evalue()).isEqualTo("engine 1 refuses");
            assertThat(c.status().state()).isEqualTo("running");
            // the magics' view of the same cluster: events per engine, in order
            ClusterLink link = c;
            RunOutputs outputs = new RunOutputs(link.ids());
            link.execute(link.ids(), "System.out.print(\"x\" + engineId); engineId + 1", outputs);
            assertThat(outputs.awaitAll(60_000)).isTrue();
            assertThat(outputs.stdout(1)).isEqualTo("x1");
            assertThat(outputs.events()).filteredOn(ev -> ev.engine() == 1).extracting(ev -> ev.getClass().getSimpleName())
                    .containsExactly("Stream", "Result", "Done");
            assertThat(link.stacks(List.of(0, 1), false).get(10, TimeUnit.SECONDS)).containsOnlyKeys(0, 1);
        }
    }

    @Test
    void fourOversubscribedEnginesExchangeAnMpiMessageWithTheJavaBindings() throws Exception {
        try (Cluster c = Cluster.start(profile("it-mpi-4", 4), Progress.NONE)) {
            assertThat(c.ids()).containsExactly(0, 1, 2, 3);
            ItSupport.Streams streams = new ItSupport.Streams();
            String code = """
                    import mpi.*;
                    int rank = MPI.COMM_WORLD.getRank();
                    int size = MPI.COMM_WORLD.getSize();
                    int[] data = new int[4];
                    if (rank == 0) {
                        for (int i = 0; i < 4; i++) data[i] = (i + 1) * 11;
                        MPI.COMM_WORLD.send(data, 4, MPI.INT, 1, 77);
                    } else if (rank == 1) {
                        MPI.COMM_WORLD.recv(data, 4, MPI.INT, 0, 77);
                        System.out.println("rank 1 received " + java.util.Arrays.toString(data));
                    }
                    rank == engineId && size == engineCount && MPI.queryThread() == MPI.THREAD_MULTIPLE
                    """;
            ExecuteResults r = c.execute(null, code, streams).get(120, TimeUnit.SECONDS);
            assertThat(r.errors()).isEmpty();
            assertThat(r.results()).allSatisfy(x -> assertThat(x.textPlain()).isEqualTo("true"));
            assertThat(r.get(1).stdout()).isEqualTo("rank 1 received [11, 22, 33, 44]\n");
            assertThat(streams.snapshot()).containsExactly("[stdout:1] rank 1 received [11, 22, 33, 44]\n");
            // a collective across all four engines
            ExecuteResults sum = c.execute(null, "int[] in = {engineId + 1}; int[] out = new int[1];"
                    + "MPI.COMM_WORLD.allReduce(in, out, 1, MPI.INT, MPI.SUM); out[0]").get(120, TimeUnit.SECONDS);
            assertThat(sum.results()).allSatisfy(x -> assertThat(x.textPlain()).isEqualTo("10"));
        }
    }

    @Test
    void aStuckRequestShowsWhereItIsAndCanBeInterruptedThenRestartGivesFreshEngines() throws Exception {
        try (Cluster c = Cluster.start(profile("it-mpi-stuck", 2), Progress.NONE)) {
            c.execute(null, "int kept = 5;").get(60, TimeUnit.SECONDS);
            CompletableFuture<ExecuteResults> stuck = c.execute(null,
                    "void spin() { while (true) { Thread.onSpinWait(); } }\nspin();");
            Map<Integer, EngineStack> stacks = Map.of();
            for (int i = 0; i < 100; i++) {
                stacks = c.stacks(null, false).get(30, TimeUnit.SECONDS);
                if (stacks.values().stream().allMatch(s -> s.busy() && !s.threads().isEmpty()
                        && s.threads().get(0).frames().stream().anyMatch(f -> f.contains("spin")))) {
                    break;
                }
            }
            assertThat(stacks.values()).allSatisfy(s -> {
                assertThat(s.busy()).isTrue();
                assertThat(s.code()).contains("spin();");
                assertThat(s.format()).contains("[engine " + s.engineId() + "] busy for").contains("spin");
            });
            assertThat(stuck).isNotDone();
            Map<Integer, Boolean> interrupted = c.interrupt(null).get(30, TimeUnit.SECONDS);
            assertThat(interrupted).containsEntry(0, true).containsEntry(1, true);
            ExecuteResults r = stuck.get(60, TimeUnit.SECONDS);
            assertThat(r.results()).allSatisfy(x -> assertThat(x.error().ename()).isEqualTo("Interrupted"));
            assertThat(c.execute(null, "kept").get(60, TimeUnit.SECONDS).get(0).textPlain()).isEqualTo("5");

            c.restart();
            assertThat(c.ids()).containsExactly(0, 1);
            ExecuteResults fresh = c.execute(null, "kept").get(60, TimeUnit.SECONDS);
            assertThat(fresh.results()).allSatisfy(x -> assertThat(x.error().ename()).isEqualTo("CompilationError"));
            assertThat(c.execute(null, "engineId").get(60, TimeUnit.SECONDS).get(1).textPlain()).isEqualTo("1");
        }
    }

    @Test
    void restartAfterAnMpiDeadlockGivesFreshEnginesAndLeavesNoCrashLogInTheWorkingDirectory() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Path runtime = RuntimeDir.user().dir();
        Set<Path> before = crashLogs(cwd);
        Set<Path> beforeRuntime = crashLogs(runtime);
        try (Cluster c = Cluster.start(profile("it-mpi-deadlock", 2), Progress.NONE)) {
            // both ranks wait to receive first: a classic deadlock, stuck inside Open MPI's progress loop
            CompletableFuture<ExecuteResults> stuck = c.execute(null,
                    "mpi.MPI.COMM_WORLD.recv(new int[1], 1, mpi.MPI.INT, 1 - engineId, 7);");
            for (int i = 0; i < 100 && !c.stacks(null, false).get(30, TimeUnit.SECONDS).values().stream().allMatch(EngineStack::busy); i++) {
                Thread.onSpinWait();
            }
            assertThat(stuck).isNotDone();
            c.restart();
            assertThat(c.ids()).containsExactly(0, 1);
            assertThat(stuck.get(30, TimeUnit.SECONDS).results()).allSatisfy(r -> assertThat(r.status()).isEqualTo(EngineResult.Status.DIED));
            ExecuteResults fresh = c.execute(null, "engineId * 10").get(60, TimeUnit.SECONDS);
            assertThat(fresh.get(1).textPlain()).isEqualTo("10");
        }
        assertThat(crashLogs(cwd)).isEqualTo(before);
        assertThat(crashLogs(runtime)).as("engines crashed at the restart").isEqualTo(beforeRuntime);
    }

    private static Set<Path> crashLogs(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().contains("hs_err_pid")).collect(Collectors.toSet());
        }
    }
}
