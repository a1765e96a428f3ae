package org.jparallel.kernel.frontend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
}
