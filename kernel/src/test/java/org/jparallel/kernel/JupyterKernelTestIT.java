package org.jparallel.kernel;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Jupyter project's conformance harness, jupyter_kernel_test, against the real kernel. */
class JupyterKernelTestIT {

    @Test
    void jupyterKernelTestPasses() throws Exception {
        ProcessBuilder pb = KernelSpecFixtures.jupyterProcess(List.of(
                KernelSpecFixtures.venvBin("python").toString(), "-m", "unittest", "-v", "test_java_kernel"));
        pb.directory(Path.of("src", "test", "python").toAbsolutePath().toFile());
        ToolRun run = ToolRun.run(pb, null, Duration.ofMinutes(5));
        assertThat(run.exitCode()).as(run.output()).isZero();
        for (String test : List.of("test_kernel_info", "test_execute_stdout", "test_execute_stderr", "test_completion",
                "test_is_complete", "test_error", "test_execute_result", "test_display_data", "test_history",
                "test_inspect", "test_clear_output")) {
            assertThat(run.output()).as("%s must run and pass", test)
                    .containsPattern("(?m)^" + test + " \\(.*\\) \\.\\.\\. ok$");
        }
    }
}
