package org.jparallel.kernel.frontend;

import com.google.gson.Gson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jupyter console --kernel java-parallel} on a pseudo-terminal (kernel/src/test/console/
 * console_session.py): cells typed line by line, a multi-line cell continued through the
 * kernel's is_complete, values, errors, magics, and Ctrl-D shutting the kernel down.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ConsoleIT {
    record Transcript(String banner, List<Shown> cells, String error, String shown_at_exit, Integer exit_status) {
    }

    record Shown(String cell, int continuations, String shown) {
    }

    @Test
    void javaCellsRunInJupyterConsole() throws Exception {
        Path work = FrontendFixtures.freshWorkDir("console");
        Path share = BuildKernelspec.writeInto(Files.createDirectories(work.resolve("share")));
        Path runtime = Files.createDirectories(work.resolve("runtime"));
        List<String> cells = List.of(
                "System.out.println(\"hello from the console: \" + (6 * 7));",
                "for (int i = 0; i < 3; i++) {\nSystem.out.println(\"line \" + i);\n}",
                "int n = 20;",
                "n * (n + 1) / 2",
                "Integer.parseInt(\"forty-two\")",
                "%lsmagic");
        Path cellsFile = work.resolve("cells.json");
        Path transcriptFile = work.resolve("transcript.json");
        Files.writeString(cellsFile, new Gson().toJson(cells), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(Toolchain.venvTool("python").toString(),
                Toolchain.repo().resolve("kernel/src/test/console/console_session.py").toString(),
                cellsFile.toString(), transcriptFile.toString(), "--kernel", BuildKernelspec.NAME,
                // The console gives the kernel 1 s to answer is_complete by default; the first
                // answer can take longer while the kernel's JShell warms up, and a late answer
                // turns is_complete off for the whole session.
                "--ZMQTerminalInteractiveShell.kernel_is_complete_timeout=15")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("driver.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", share.toString());
        env.put("JUPYTER_DATA_DIR", Files.createDirectories(work.resolve("user-data")).toString());
        env.put("JUPYTER_CONFIG_DIR", Files.createDirectories(work.resolve("config")).toString());
        env.put("JUPYTER_RUNTIME_DIR", runtime.toString());
        FrontendFixtures.isolateClusters(env, work);
        Process p = pb.start();
        boolean ended;
        try {
            ended = p.waitFor(5, TimeUnit.MINUTES);
        } finally {
            ProcessTrees.stop(p.toHandle(), Duration.ofSeconds(5));
        }
        String driverLog = Files.readString(work.resolve("driver.log"), StandardCharsets.UTF_8);
        assertThat(ended).as("console session ended in time; driver log:\n%s", driverLog).isTrue();
        // The kernel's command line names its connection file in our runtime directory.
        List<ProcessHandle> kernels = ProcessTrees.withArgument(runtime.toString());
        ProcessTrees.kill(kernels);
        assertThat(kernels).as("kernels still running after the console ended").isEmpty();

        Transcript t = new Gson().fromJson(Files.readString(transcriptFile, StandardCharsets.UTF_8), Transcript.class);
        assertThat(t.error()).as("console session error; driver log:\n%s", driverLog).isNull();
        assertThat(t.banner()).contains("Java (parallel)").contains("JShell");
        assertThat(t.cells()).hasSize(cells.size());
        assertThat(t.cells().get(0).shown()).contains("hello from the console: 42");
        Shown loop = t.cells().get(1);
        assertThat(loop.continuations()).as("continuation prompts of the multi-line cell").isEqualTo(2);
        assertThat(loop.shown()).contains("line 0\n").contains("line 1\n").contains("line 2\n");
        assertThat(t.cells().get(3).shown()).contains("Out[4]: 210");
        assertThat(t.cells().get(4).shown()).contains("java.lang.NumberFormatException: For input string: \"forty-two\"");
        assertThat(t.cells().get(5).shown()).contains("Available line magics:").contains("%lsmagic");
        assertThat(t.shown_at_exit()).contains("Shutting down kernel");
        assertThat(t.exit_status()).isEqualTo(0);
    }
}
