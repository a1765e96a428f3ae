package org.jparallel.kernel;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's Java API example, read from README.md and run as one notebook cell on the real
 * kernel with real engines under mpirun: what the README promises in its comments is what the
 * notebook gets, so the example cannot drift from the code.
 */
@Timeout(600)
class ReadmeExamplesIT {
    static final Duration T = Duration.ofSeconds(180);
    static Path dirs;
    static KernelProcess kernel;
    static KernelClient client;

    @BeforeAll
    static void start() throws Exception {
        kernel = KernelProcess.start("readme-examples");
        client = kernel.client();
        dirs = Files.createTempDirectory("readme-it");
        String isolate = "System.setProperty(\"jparallel.config.dir\", \"" + dirs.resolve("config") + "\");\n"
                + "System.setProperty(\"jparallel.runtime.dir\", \"" + dirs.resolve("runtime") + "\");";
        assertThat(client.execute(isolate, T).status()).isEqualTo("ok");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.execute("if (cluster != null) cluster.stop();", T);
                client.close();
            }
        } finally {
            if (kernel != null) {
                kernel.close();
            }
            if (dirs != null) {
                try (var walk = Files.walk(dirs)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** The first ```java block after a heading. */
    static String javaBlockAfter(String heading) throws IOException {
        String readme = Files.readString(repoRoot().resolve("README.md"));
        int at = readme.indexOf("\n" + heading + "\n");
        assertThat(at).as("README heading " + heading).isNotNegative();
        int open = readme.indexOf("```java\n", at);
        int close = readme.indexOf("\n```", open + 8);
        return readme.substring(open + 8, close + 1);
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("README.md"))) {
            p = p.getParent();
        }
        assertThat(p).as("the repository root (with README.md)").isNotNull();
        return p;
    }

    private static String run(String code) {
        KernelClient.Execution e = client.execute(code, T);
        OutputView view = OutputView.of(e.outputs());
        assertThat(e.status()).as(code + "\n" + view.error()).isEqualTo("ok");
        return view.text();
    }

    @Test
    void theJavaApiExampleRunsAndGivesWhatItsCommentsSay() throws IOException {
        String example = javaBlockAfter("### The Java API");
        assertThat(example).contains("Cluster.start(\"default\", 2)").contains("view.mapSync(");
        run(example);
        assertThat(run("cluster.ids()")).contains("[0, 1]");
        assertThat(run("xs")).contains("[0, 10]");
        assertThat(run("ten")).contains("\"10\"");
        assertThat(run("back.equals(IntStream.range(0, 100).boxed().toList())")).contains("true");
        assertThat(run("sq.size() + \" \" + sq.get(31)")).contains("32 961");
        assertThat(run("r.get()")).contains("[1, 4, 9]");
        assertThat(run("pids.size() == 2 && !pids.get(0).equals(pids.get(1))")).contains("true");
        // the engines were restarted by the example's last line: fresh ones, the pushed n is gone
        assertThat(run("cluster.ids()")).contains("[0, 1]");
        KernelClient.Execution gone = client.execute("%px n", T);
        assertThat(gone.status()).isEqualTo("error");
        assertThat(run("%px engineCount")).containsPattern("Out\\[0:\\d+]: 2\nOut\\[1:\\d+]: 2\n");
    }
}
