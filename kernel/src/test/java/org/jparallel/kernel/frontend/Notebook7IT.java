package org.jparallel.kernel.frontend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Notebook 7 (jupyter notebook) in headless Chromium: the notebook of Java cells opens, runs and shows its outputs. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class Notebook7IT {
    @Test
    void javaCellsShowTheirOutputsInNotebook7() throws Exception {
        Path work = FrontendFixtures.freshWorkDir("notebook7");
        try (JupyterServer server = JupyterServer.start(JupyterServer.Kind.NOTEBOOK, work, FrontendFixtures.notebookRoot(work))) {
            BrowserRun.Page page = BrowserRun.run(server, JupyterServer.Kind.NOTEBOOK, FrontendFixtures.JAVA_CELLS,
                    FrontendFixtures.screenshot("notebook7-java-cells.png"), null, Duration.ofMinutes(4), work);
            assertThat(page.url()).contains("/notebooks/" + FrontendFixtures.JAVA_CELLS);
            JavaCellsPage.check(page);
        }
    }
}
