package org.jparallel.cluster.launch.slurm;

import org.jparallel.cluster.model.ClusterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The slurm launcher's parts that need no Slurm: squeue/scontrol parsing, the batch script, the end sentences. */
class SlurmPartsTest {
    private static final BatchScript.Options OPTS = new BatchScript.Options("site", 2, "", "4:00:00", "gpu", "proj7", "",
            "/run/u/slurm-site.out");

    @Test
    void squeueLinesAsSlurm22PrintsThem() {
        SlurmJob pending = SlurmJob.fromSqueue("3", "PENDING|Priority|0:00|UNLIMITED||UNLIMITED").orElseThrow();
        assertThat(pending.waiting()).isTrue();
        assertThat(pending.line("0:12")).isEqualTo("job 3 PENDING (Priority) 0:12");
        SlurmJob running = SlurmJob.fromSqueue("2", "RUNNING|None|0:03|0:57|node[1-2]|1:00").orElseThrow();
        assertThat(running.running()).isTrue();
        assertThat(running.line("")).isEqualTo("job 2 RUNNING on node[1-2]");
        assertThat(running.timeLeft()).isEqualTo("0:57");
        assertThat(SlurmJob.fromSqueue("2", "")).isEmpty();
        assertThat(SlurmJob.fromSqueue("2", "slurm_load_jobs error: Invalid job id specified")).isEmpty();
    }

    @Test
    void scontrolOneLineShowsTheEnd() {
        SlurmJob j = SlurmJob.fromScontrol("1", "JobId=1 JobName=wrap UserId=root(0) JobState=TIMEOUT Reason=TimeLimit "
                + "Dependency=(null) ExitCode=0:15 RunTime=00:01:05 TimeLimit=00:01:00 NodeList=node1 StdOut=/tmp/x.out").orElseThrow();
        assertThat(j.ended()).isTrue();
        assertThat(SlurmEnds.sentence(j)).isEqualTo("Slurm job 1 reached its time limit (0:01:00)");
        assertThat(SlurmEnds.describe(j, List.of("slurmstepd: error: *** JOB 1 ON node1 CANCELLED AT 2026-12-03T09:44:14 DUE TO TIME LIMIT ***"),
                "/tmp/x.out")).contains("time limit (0:01:00); the end of its output (/tmp/x.out):\n  slurmstepd: error: *** JOB 1");
        assertThat(SlurmJob.fromScontrol("9", "slurm_load_jobs error: Invalid job id specified")).isEmpty();
        assertThat(SlurmJob.readableLimit("04:00:00")).isEqualTo("4:00:00");
        assertThat(SlurmJob.readableLimit("1-00:00:00")).isEqualTo("1-00:00:00");
        assertThat(SlurmJob.clock(12)).isEqualTo("0:12");
        assertThat(SlurmJob.clock(3723)).isEqualTo("1:02:03");
    }

    @Test
    void eachEndHasItsOwnWords() {
        assertThat(SlurmEnds.sentence(job("CANCELLED", "0:15"))).isEqualTo("Slurm job 7 was cancelled (scancel by its owner or an administrator)");
        assertThat(SlurmEnds.sentence(job("FAILED", "1:0"))).isEqualTo("Slurm job 7 failed (exit code 1)");
        assertThat(SlurmEnds.sentence(job("FAILED", "0:9"))).isEqualTo("Slurm job 7 failed (killed by signal 9)");
        assertThat(SlurmEnds.sentence(job("NODE_FAIL", "0:0"))).isEqualTo("a node of Slurm job 7 failed (node[1-2]), and Slurm ended the job");
    }

    private static SlurmJob job(String state, String exit) {
        return new SlurmJob("7", state, "", "0:30", "", "node[1-2]", "04:00:00", exit);
    }

    @Test
    void theScriptCarriesTheSettingsAndNoSecret() {
        String line = BatchScript.mpirunLine("mpirun", true, 2, List.of("JPARALLEL_KEY", "JPARALLEL_CONTROLLER"),
                List.of("/usr/lib/jvm/java 17/bin/java", "-cp", "a.jar:b's.jar", "org.x.EngineMain"));
        assertThat(line).isEqualTo("exec mpirun --allow-run-as-root --bind-to none -np 2 -x JPARALLEL_CONTROLLER -x JPARALLEL_KEY "
                + "'/usr/lib/jvm/java 17/bin/java' -cp 'a.jar:b'\\''s.jar' org.x.EngineMain");
        String s = BatchScript.render(null, "(built in)", OPTS, line);
        assertThat(s).startsWith("#!/bin/bash\n#SBATCH --job-name=jparallel-site\n#SBATCH --ntasks=2\n#SBATCH --time=4:00:00\n"
                + "#SBATCH --partition=gpu\n#SBATCH --account=proj7\n#SBATCH --output=/run/u/slurm-site.out\n").endsWith(line + "\n")
                .doesNotContain("--qos", "--nodes");
    }

    @Test
    void aTemplateKeepsTheSiteLinesAndGetsTheSbatchLinesFirst() {
        String t = "#!/bin/bash -l\n#SBATCH --constraint=haswell\nmodule load openmpi\necho {{engines}} engines of {{ profile }}\n{{mpirun}}\n";
        String s = BatchScript.render(t, "site.sh", OPTS, "exec mpirun x");
        assertThat(s).startsWith("#!/bin/bash -l\n#SBATCH --job-name=jparallel-site\n")
                .contains("#SBATCH --constraint=haswell\nmodule load openmpi\necho 2 engines of site\nexec mpirun x\n");
        assertThatThrownBy(() -> BatchScript.render("#!/bin/sh\n{{mpirun}} {{cores}}\n", "t.sh", OPTS, "m"))
                .isInstanceOf(ClusterException.class).hasMessageContaining("unknown placeholder {{cores}}");
        assertThatThrownBy(() -> BatchScript.render("#!/bin/sh\nsrun hostname\n", "t.sh", OPTS, "m"))
                .hasMessageContaining("has no {{mpirun}} line");
        assertThatThrownBy(() -> BatchScript.render("module load x\n{{mpirun}}\n", "t.sh", OPTS, "m"))
                .hasMessageContaining("does not start with a #! line");
    }

    @Test
    void missingCommandsAreNamed(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SlurmCommands.find("", dir.toString())).isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("Slurm's sbatch, squeue, scancel, scontrol not found on the PATH (" + dir + ")");
        for (String n : List.of("sbatch", "squeue", "scancel")) {
            Path f = Files.writeString(dir.resolve(n), "#!/bin/sh\necho \"$0 $*\"; echo oops >&2; exit 3\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        }
        assertThatThrownBy(() -> SlurmCommands.find(dir.toString(), "")).hasMessageStartingWith("Slurm's scontrol not found in " + dir);
        Path f = Files.writeString(dir.resolve("scontrol"), "#!/bin/sh\necho \"$X $*\"\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
        SlurmCommands c = SlurmCommands.find(dir.toString(), "");
        SlurmCommands.Result r = c.run("sbatch", List.of("-p", "x"), java.util.Map.of(), java.time.Duration.ofSeconds(10));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.said()).isEqualTo("oops");
        assertThat(c.run("scontrol", List.of("ping"), java.util.Map.of("X", "y"), java.time.Duration.ofSeconds(10)).stdout()).isEqualTo("y ping\n");
    }
}
