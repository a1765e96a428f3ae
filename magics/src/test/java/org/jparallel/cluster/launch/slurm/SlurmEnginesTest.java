package org.jparallel.cluster.launch.slurm;

import org.jparallel.cluster.launch.LaunchedEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job handle against stand-in squeue, scontrol and scancel that answer from a state file the
 * test writes (the real Slurm is SlurmClusterIT's): the queue line, the end in Slurm's words, scancel.
 */
class SlurmEnginesTest {
    @TempDir
    Path dir;

    private SlurmCommands fakeSlurm() throws Exception {
        Path state = dir.resolve("state");
        Files.writeString(state, "PENDING|Resources|0:00|4:00:00||4:00:00\n");
        write("squeue", "cat " + state + "\n");
        // scontrol: the ended job's line once the state file says so
        write("scontrol", "s=$(cut -d'|' -f1 " + state + "); r=$(cut -d'|' -f2 " + state + ")\n"
                + "echo \"JobId=42 JobState=$s Reason=$r ExitCode=0:15 RunTime=00:01:04 TimeLimit=00:01:00 NodeList=node[1-2]\"\n");
        write("scancel", "echo \"$*\" >> " + dir.resolve("cancelled") + "\n"
                + "echo 'CANCELLED|None|0:05|0:00|node[1-2]|4:00:00' > " + state + "\n");
        write("sbatch", "echo 42\n");
        return SlurmCommands.find(dir.toString(), "");
    }

    private void write(String name, String body) throws Exception {
        Path f = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
    }

    private void state(String line) throws Exception {
        Files.writeString(dir.resolve("state"), line + "\n");
    }

    private boolean waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        return c.getAsBoolean();
    }

    @Test
    void theQueueLineThenTheNodesThenTheTimeLimitInSlurmsWords() throws Exception {
        Path out = Files.writeString(dir.resolve("job.out"), "engine log\nslurmstepd-node1: error: *** JOB 42 ON node1 "
                + "CANCELLED AT 2026-12-03T09:44:38 DUE TO TIME LIMIT ***\nmpirun: Forwarding signal 18 to job\n");
        SlurmEngines job = new SlurmEngines(fakeSlurm(), "42", dir.resolve("job.sh"), out);
        CountDownLatch exited = new CountDownLatch(1);
        job.onAnyExit(exited::countDown);
        assertThat(waitFor(() -> job.waiting().orElse("").startsWith("job 42 PENDING (Resources) 0:0"))).isTrue();
        assertThat(job.queued()).isTrue();
        assertThat(job.describe()).isEqualTo("Slurm job 42 PENDING (Resources)");

        state("RUNNING|None|0:01|3:59:59|node[1-2]|4:00:00");
        assertThat(waitFor(() -> job.waiting().equals(java.util.Optional.of("job 42 RUNNING on node[1-2]")))).isTrue();
        assertThat(job.queued()).isFalse();
        assertThat(job.describe()).isEqualTo("Slurm job 42 RUNNING on node[1-2], 3:59:59 left");
        assertThat(job.anyExited()).isFalse();

        state("TIMEOUT|TimeLimit|1:04|INVALID|node[1-2]|1:00");
        assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(job.allExited()).isTrue();
        assertThat(job.waiting()).isEmpty();
        LaunchedEngines.DeathReport r = job.deathReport(Map.of(1, 11L), Map.of(0, 10L, 1, 11L));
        assertThat(r.firstDead()).isEqualTo(1);
        assertThat(r.message()).startsWith("Slurm job 42 reached its time limit (0:01:00); the end of its output (" + out + "):\n  ")
                .contains("DUE TO TIME LIMIT ***\n  mpirun: Forwarding signal 18 to job");
        assertThat(job.startFailure(Set.of(0), 2, false, Duration.ofSeconds(3)))
                .startsWith("Slurm job 42 reached its time limit (0:01:00) (1 of 2 engines registered); the end of its output");
        assertThat(job.toJson().get("state").getAsString()).isEqualTo("TIMEOUT");
        job.terminate(Duration.ofSeconds(1)); // ended already: no scancel
        assertThat(dir.resolve("cancelled")).doesNotExist();
    }

    @Test
    void stoppingAQueuedJobCancelsItAtOnce() throws Exception {
        SlurmEngines job = new SlurmEngines(fakeSlurm(), "42", dir.resolve("job.sh"), dir.resolve("none.out"));
        assertThat(waitFor(job::queued)).isTrue();
        long t0 = System.nanoTime();
        assertThat(job.awaitExit(Duration.ofSeconds(7))).as("a queued job has no engines to wait for").isFalse();
        job.terminate(Duration.ofSeconds(2));
        assertThat(Files.readString(dir.resolve("cancelled"))).isEqualTo("42\n");
        assertThat(job.allExited()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(job.startFailure(Set.of(), 2, false, Duration.ZERO))
                .isEqualTo("Slurm job 42 was cancelled (scancel by its owner or an administrator) (0 of 2 engines registered)");
    }
}
