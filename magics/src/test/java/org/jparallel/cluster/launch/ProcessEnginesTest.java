package org.jparallel.cluster.launch;

import org.jparallel.cluster.launch.local.LocalProcesses;
import org.jparallel.cluster.launch.mpi.MpiProcesses;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** How deaths and failed starts are explained, from what mpirun (here a script saying the same) reports. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessEnginesTest {

    private static Process sh(String script) throws Exception {
        return new ProcessBuilder("sh", "-c", script).start();
    }

    private static MpiProcesses mpirunSaying(String stderr, int exit) throws Exception {
        MpiProcesses p = new MpiProcesses(sh("printf '%b' '" + stderr.replace("'", "") + "' >&2; exit " + exit), Path.of("/usr/bin/mpirun"));
        assertThat(p.awaitExit(Duration.ofSeconds(20))).isTrue();
        p.settle(2000);
        return p;
    }

    private static Map<Integer, Long> pids(int n) {
        Map<Integer, Long> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put(i, 1000L + i);
        }
        return m;
    }

    @Test
    void aKilledRankIsNamedWithItsSignalAndWhatMpirunDidToTheOthers() throws Exception {
        MpiProcesses p = mpirunSaying("--------------------------------------------------------------------------\\nPrimary job  terminated normally, but 1 process returned\\n"
                + "a non-zero exit code. Per user-direction, the job has been aborted.\\n--------------------------------------------------------------------------\\n"
                + "mpirun noticed that process rank 1 with PID 0 on node vm exited on signal 9 (Killed).\\n", 137);
        LaunchedEngines.DeathReport r = p.deathReport(Map.of(1, 1001L), pids(4));
        assertThat(r.firstDead()).isEqualTo(1);
        assertThat(r.message()).startsWith("engine 1 (pid 1001) was killed by signal 9 (SIGKILL) [Killed].")
                .contains("Open MPI ends the whole job when one rank dies: mpirun stopped engines 0, 2, 3")
                .contains("exited with status 137")
                .contains("mpirun said:\n    Primary job  terminated normally")
                .contains("    mpirun noticed that process rank 1");
    }

    @Test
    void aRankThatExitedWithAStatusIsNamedFromMpirunsReport() throws Exception {
        MpiProcesses p = mpirunSaying("mpirun detected that one or more processes exited with non-zero status, thus causing\\n"
                + "the job to be terminated. The first process to do so was:\\n\\n  Process name: [[21914,1],2]\\n  Exit code:    3\\n", 3);
        LaunchedEngines.DeathReport r = p.deathReport(Map.of(0, 1000L, 2, 1002L), pids(3));
        assertThat(r.firstDead()).isEqualTo(2);
        assertThat(r.message()).startsWith("engine 2 (pid 1002) exited with status 3.").contains("stopped engines 0, 1");
    }

    @Test
    void aFailedStartQuotesMpirunsOwnWords() throws Exception {
        MpiProcesses p = mpirunSaying("mpirun was unable to find the specified executable file, and therefore\\n"
                + "did not launch the job.\\n", 134);
        String why = p.startFailure(Set.of(), 4, false, Duration.ofSeconds(1));
        assertThat(why).startsWith("the engines failed to start: mpirun (/usr/bin/mpirun) exited with status 134 after 0 of 4 engines had registered")
                .contains("mpirun's stderr:\n    mpirun was unable to find the specified executable file");
    }

    @Test
    void aLocalEnginesDeathNamesItsStatusAndQuotesItsStderr() throws Exception {
        LocalProcesses p = new LocalProcesses(List.of(sh("sleep 30"), sh("echo 'out of memory, sorry' >&2; exit 3"), sh("sleep 30")));
        try {
            assertThat(p.processes().get(1).waitFor(20, TimeUnit.SECONDS)).isTrue();
            p.stderr().awaitLineContaining("sorry", 5000);
            LaunchedEngines.DeathReport r = p.deathReport(Map.of(1, p.processes().get(1).pid()), Map.of());
            assertThat(r.firstDead()).isEqualTo(1);
            assertThat(r.message()).contains("engine 1 (pid " + p.processes().get(1).pid() + ") exited with status 3")
                    .contains("The other engines keep running").contains("Its stderr:\n    out of memory, sorry");
            String start = p.startFailure(Set.of(0), 3, true, Duration.ofSeconds(60));
            assertThat(start).contains("only 1 of 3 engines registered in time").contains("engine 1 (pid")
                    .contains("exited with status 3, saying:\n    out of memory, sorry").contains("engine 2 (pid")
                    .contains("did not register within 60 s");
        } finally {
            p.terminate(Duration.ofSeconds(2));
        }
        assertThat(p.allExited()).isTrue();
    }
}
