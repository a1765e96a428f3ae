package org.jparallel.kernel.frontend;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JupyterLab in headless Chromium: open a notebook on the "Java (parallel)" kernel, Run > Run
 * All Cells, and check what the page shows.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class JupyterLabIT {
    private static Path work;
    private static JupyterServer lab;

    @BeforeAll
    static void startLab() throws Exception {
        work = FrontendFixtures.freshWorkDir("lab");
        lab = JupyterServer.start(JupyterServer.Kind.LAB, work, FrontendFixtures.notebookRoot(work));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void javaCellsShowTheirOutputsInJupyterLab() throws Exception {
        Path shot = FrontendFixtures.screenshot("jupyterlab-java-cells.png");
        BrowserRun.Page page = BrowserRun.run(lab, JupyterServer.Kind.LAB, FrontendFixtures.JAVA_CELLS, shot, null,
                Duration.ofMinutes(4), work);
        JavaCellsPage.check(page);
        // Lab renders the error of the last cell; Run All stops there, after every other cell ran.
        BrowserRun.Cell error = page.cellWith("Integer.parseInt");
        assertThat(error.allText()).contains("NumberFormatException").contains("forty-two");
    }

    @Test
    void tutorialRunsOnTwoMpiEnginesInJupyterLab() throws Exception {
        Path shot = FrontendFixtures.screenshot("jupyterlab-tutorial.png");
        BrowserRun.Page page = BrowserRun.run(lab, JupyterServer.Kind.LAB, "parallel-tutorial.ipynb", shot, "[stdout:1] 1: received data",
                Duration.ofMinutes(8), work);
        assertThat(page.kernelAfter().kernel()).isEqualTo("Java (parallel)");
        assertThat(page.cells()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.prompt()).as("prompt of %s", c.input()).matches("\\[\\d+\\]:"));
        assertThat(page.cells()).flatExtracting(BrowserRun.Cell::outputs).extracting(BrowserRun.Output::mime)
                .as("no error or stderr output; stderr shown: %s", page.cells().stream().flatMap(c -> c.outputs().stream())
                        .filter(o -> o.mime().equals("application/vnd.jupyter.stderr")).map(BrowserRun.Output::text).toList())
                .doesNotContain("application/vnd.jupyter.stderr");

        assertThat(page.cellWith("Cluster.connectOrStart").allText()).contains("2/2 engines ready").contains("IDs: [0, 1]");
        BrowserRun.Cell px = page.cellWith("%px System.out.println(\"hosts: \"");
        assertThat(px.outputs()).extracting(BrowserRun.Output::text)
                .anySatisfy(t -> assertThat(t).startsWith("[stdout:0] hosts: "))
                .anySatisfy(t -> assertThat(t).startsWith("[stdout:1] hosts: "));
        assertThat(px.allText()).contains("squares: " + IntStream.range(0, 32).mapToObj(i -> Integer.toString(i * i))
                .collect(Collectors.joining(", ", "[", "]")));

        // Rank 0 sends a shuffled 0..99 to rank 1, which prints what it received: the same array.
        BrowserRun.Cell mpi = page.cellWith("MPI.COMM_WORLD.send(data, 100, MPI.INT, 1, 77)");
        String sent = arrayAfter(mpi.allText(), "[stdout:0] 0: sent data to 1: ");
        String received = arrayAfter(mpi.allText(), "[stdout:1] 1: received data from 0: ");
        assertThat(received).isEqualTo(sent);
        assertThat(sent.replaceAll("[\\[\\] ]", "").split(",")).extracting(Integer::parseInt)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).boxed().collect(Collectors.toList()));

        assertThat(page.cellWith("cluster.owned()").allText()).contains("cluster stopped");
    }

    /** The "[...]" that follows the marker in the text. */
    private static String arrayAfter(String text, String marker) {
        int at = text.indexOf(marker);
        assertThat(at).as("'%s' in the cell's outputs:\n%s", marker, text).isNotNegative();
        int start = at + marker.length();
        return text.substring(start, text.indexOf(']', start) + 1);
    }
}
