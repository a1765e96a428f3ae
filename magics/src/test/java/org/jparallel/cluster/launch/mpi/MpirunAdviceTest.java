package org.jparallel.cluster.launch.mpi;

import org.jparallel.cluster.host.EngineCommand;
import org.jparallel.cluster.launch.LaunchSpec;
import org.jparallel.cluster.model.Profile;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fix given for mpirun's usual refusals (texts as Open MPI 4.1 prints them), and no option that contradicts the profile. */
class MpirunAdviceTest {

    @Test
    void notEnoughSlotsSaysHowManyCoresAndHowToOversubscribe() {
        String said = "There are not enough slots available in the system to satisfy the 4\nslots that were requested by the application:";
        assertThat(MpirunAdvice.advice(said)).contains("one slot per core (this machine has " + MpiLauncher.cores() + ")")
                .contains("removing --nooversubscribe");
    }

    @Test
    void runAsRootNamesTheOptionAndTheVariables() {
        assertThat(MpirunAdvice.advice("mpirun has detected an attempt to run as root.\n\nRunning as root is *strongly* discouraged"))
                .contains("--allow-run-as-root").contains("OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1");
    }

    @Test
    void otherKnownRefusalsAndUnknownText() {
        assertThat(MpirunAdvice.advice("Conflicting directives for mapping policy are causing the policy"))
                .contains("contradict an option jparallel adds");
        assertThat(MpirunAdvice.advice("mpirun was unable to find the specified executable file")).contains("profile's java");
        assertThat(MpirunAdvice.advice("something else entirely")).isEmpty();
    }

    @Test
    void noOversubscribeInTheProfileIsLeftToMpirun() {
        Profile p = new Profile("p", 8, "mpi", Map.of(MpiLauncher.ARGS, "--nooversubscribe"), List.of(), List.of(), "", "127.0.0.1",
                Duration.ofSeconds(60));
        LaunchSpec spec = new LaunchSpec(p, 8, List.of("java", EngineCommand.MAIN), Map.of());
        assertThat(MpiLauncher.command(Path.of("mpirun"), spec, false, 2)).contains("--nooversubscribe")
                .doesNotContain("--oversubscribe");
    }
}
