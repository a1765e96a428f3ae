package org.jparallel.kernel;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jupyter comms through the real kernel process, driven by jupyter_client as a frontend drives
 * them (src/test/python/test_comms.py): targets registered by cells, comms opened from either
 * side, messages both ways, comm_info, closing, failing handlers, bad messages, and the README's example.
 */
class CommsIT {

    @Test
    void aFrontendTalksToTheKernelOverComms() throws Exception {
        ProcessBuilder pb = KernelSpecFixtures.jupyterProcess(List.of(
                KernelSpecFixtures.venvBin("python").toString(), "-m", "unittest", "-v", "test_comms"));
        pb.directory(Path.of("src", "test", "python").toAbsolutePath().toFile());
        // a history of its own: the cells here must not show up in other tests' history searches
        pb.environment().put("XDG_DATA_HOME", Path.of("target", "jupyter-data-comms").toAbsolutePath().toString());
        ToolRun run = ToolRun.run(pb, null, Duration.ofMinutes(5));
        assertThat(run.exitCode()).as(run.output()).isZero();
        for (String test : List.of("test_frontend_opens_a_comm_to_a_cell_target_talks_and_closes_it",
                "test_a_cell_opens_a_comm_that_reaches_the_frontend",
                "test_the_frontend_closing_a_kernel_comm_runs_its_close_handler",
                "test_a_handler_that_throws_is_reported_under_the_last_cell_and_the_kernel_goes_on",
                "test_a_comm_to_an_unknown_target_is_closed_at_once", "test_bad_comm_messages_are_ignored",
                "test_comm_data_must_be_an_object_and_fit_the_message_limit", "test_the_readme_example_works_as_it_says")) {
            // the kernel's log lines may come between a test's name and its "ok": the summary says all passed
            assertThat(run.output()).as("%s must run", test).containsPattern("(?m)^" + test + " \\(");
        }
        assertThat(run.output()).containsPattern("(?m)^Ran 8 tests in").containsPattern("(?m)^OK$");
    }
}
