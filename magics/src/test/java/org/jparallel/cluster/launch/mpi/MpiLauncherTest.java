package org.jparallel.cluster.launch.mpi;

import org.jparallel.cluster.host.EngineCommand;
import org.jparallel.cluster.launch.LaunchSpec;
import org.jparallel.cluster.model.Profile;
import org.jparallel.support.ShellWords;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MpiLauncherTest {
    private static LaunchSpec spec(int n, List<String> mpirunArgs) {
        Profile p = new Profile("p", n, "mpi", Map.of(MpiLauncher.ARGS, ShellWords.join(mpirunArgs)), List.of(), List.of(), "", "127.0.0.1", Duration.ofSeconds(60));
        return new LaunchSpec(p, n, List.of("java", "-cp", "x.jar", EngineCommand.MAIN),
                Map.of("JPARALLEL_KEY", "secret-key", "JPARALLEL_CONTROLLER", "tcp://127.0.0.1:1"));
    }

    @Test
    void oneMpirunForAllEnginesWithVariablesExportedByNameOnly() {
        List<String> cmd = MpiLauncher.command(Path.of("/usr/bin/mpirun"), spec(4, List.of()), false, 8);
        assertThat(cmd).startsWith("/usr/bin/mpirun").containsSubsequence("-np", "4")
                .containsSubsequence("-x", "JPARALLEL_CONTROLLER").containsSubsequence("-x", "JPARALLEL_KEY")
                .endsWith("java", "-cp", "x.jar", EngineCommand.MAIN)
                .doesNotContain("--allow-run-as-root", "--oversubscribe");
        assertThat(String.join(" ", cmd)).doesNotContain("secret-key");
    }

    @Test
    void oversubscribeOnlyWhenMoreEnginesThanCoresAndNoHostsGiven() {
        assertThat(MpiLauncher.command(Path.of("mpirun"), spec(4, List.of()), false, 2)).contains("--oversubscribe");
        assertThat(MpiLauncher.command(Path.of("mpirun"), spec(2, List.of()), false, 2)).doesNotContain("--oversubscribe");
        assertThat(MpiLauncher.command(Path.of("mpirun"), spec(8, List.of("--hostfile", "h")), false, 2))
                .doesNotContain("--oversubscribe").containsSubsequence("--hostfile", "h");
    }

    @Test
    void allowRunAsRootOnlyForRootAndBindingLeftToTheUserWhenGiven() {
        assertThat(MpiLauncher.command(Path.of("mpirun"), spec(2, List.of()), true, 2)).contains("--allow-run-as-root")
                .containsSubsequence("--bind-to", "none");
        assertThat(MpiLauncher.command(Path.of("mpirun"), spec(2, List.of("--bind-to", "core")), true, 2))
                .containsSubsequence("--bind-to", "core").doesNotContainSequence("--bind-to", "none");
    }

    @Test
    void coresCountsPhysicalCoresThisProcessMayUse() {
        assertThat(MpiLauncher.cores()).isBetween(1, Runtime.getRuntime().availableProcessors());
    }
}
