package org.jparallel.cluster;

import org.jparallel.cluster.model.ClusterStatus;
import org.jparallel.cluster.model.Profile;
import org.jparallel.notebook.Progress;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An engine killed with SIGKILL in the middle of a request: the caller hears about it quickly, by name. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EngineDeathIT {

    @BeforeAll
    static void setUp() throws Exception {
        ItSupport.isolate();
        ItSupport.mpiJar();
    }

    @AfterAll
    static void tearDown() {
        Cluster.closeAll();
    }

    private static long pidOf(Cluster c, int engine) {
        return c.status().engines().stream().filter(e -> e.id() == engine).findFirst().orElseThrow().pid();
    }

    /** Starts a long request everywhere and waits until every engine is inside it. */
    private static CompletableFuture<ExecuteResults> busy(Cluster c) throws Exception {
        CompletableFuture<ExecuteResults> f = c.execute(null, "System.out.println(\"working\"); Thread.sleep(120_000);");
        for (int i = 0; i < 200; i++) {
            if (c.stacks(null, false).get(30, TimeUnit.SECONDS).values().stream().allMatch(EngineStack::busy)) {
                return f;
            }
        }
        throw new AssertionError("the engines never became busy");
    }

    @Test
    void underMpirunTheKilledEngineIsNamedWithItsSignalAndMpirunsAbortIsExplained() throws Exception {
        Profile p = new Profile("it-death-mpi", 3, "mpi", java.util.Map.of(), List.of(), List.of(), "", "127.0.0.1", Duration.ofSeconds(120));
        try (Cluster c = Cluster.start(p, Progress.NONE)) {
            CompletableFuture<ExecuteResults> f = busy(c);
            long victim = pidOf(c, 1);
            long killedAt = System.nanoTime();
            new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
            ExecuteResults r = f.get(2000, TimeUnit.MILLISECONDS);
            long noticedMs = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(noticedMs).isLessThan(2000);
            assertThat(r.results()).allSatisfy(x -> assertThat(x.status()).isEqualTo(EngineResult.Status.DIED));
            EngineError e = r.get(1).error();
            assertThat(e.ename()).isEqualTo("EngineDied");
            assertThat(e.evalue()).contains("engine 1 (pid " + victim + ") was killed by signal 9 (SIGKILL)")
                    .contains("Open MPI ends the whole job when one rank dies").contains("engines 0, 2");
            assertThat(r.get(0).error().evalue()).contains("engine 1 (pid " + victim + ")");
            ClusterStatus s = c.status();
            assertThat(s.state()).isEqualTo("failed");
            assertThat(s.running()).isZero();
            ExecuteResults after = c.execute(List.of(0), "1").get(10, TimeUnit.SECONDS);
            assertThat(after.get(0).error().evalue()).contains("engine 0 is dead").contains("engine 1 (pid " + victim + ")");
        }
    }

    @Test
    void withTheLocalLauncherOnlyTheKilledEngineFailsAndTheOthersKeepServing() throws Exception {
        Profile p = new Profile("it-death-local", 3, "local", java.util.Map.of(), List.of(), List.of(), "", "127.0.0.1", Duration.ofSeconds(120));
        try (Cluster c = Cluster.start(p, Progress.NONE)) {
            c.execute(null, "int mine = engineId + 100;").get(60, TimeUnit.SECONDS);
            CompletableFuture<ExecuteResults> f = c.execute(List.of(2), "Thread.sleep(120_000);");
            for (int i = 0; i < 200 && !c.stacks(List.of(2), false).get(30, TimeUnit.SECONDS).get(2).busy(); i++) {
                Thread.onSpinWait();
            }
            long victim = pidOf(c, 2);
            new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();
            ExecuteResults r = f.get(2000, TimeUnit.MILLISECONDS);
            assertThat(r.get(2).status()).isEqualTo(EngineResult.Status.DIED);
            assertThat(r.get(2).error().evalue()).contains("engine 2 (pid " + victim + ") was killed by signal 9 (SIGKILL)")
                    .contains("The other engines keep running");
            assertThat(c.ids()).containsExactly(0, 1);
            ExecuteResults still = c.execute(null, "mine").get(60, TimeUnit.SECONDS);
            assertThat(still.byEngine()).containsOnlyKeys(0, 1);
            assertThat(still.get(1).textPlain()).isEqualTo("101");
        }
    }
}
