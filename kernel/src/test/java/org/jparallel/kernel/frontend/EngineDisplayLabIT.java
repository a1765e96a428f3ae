package org.jparallel.kernel.frontend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * display(...) on engines, seen in JupyterLab in headless Chromium: a notebook starts 2 engines
 * under mpirun, a %%px cell prints a line and displays HTML and a PNG drawn with java.awt on each
 * engine, and the page must show each display rendered (HTML as elements, images decoded) right
 * after its engine's [output:N] line; then %cluster stop leaves no engine running.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EngineDisplayLabIT {
    private static Path work;
    private static JupyterServer lab;

    @BeforeAll
    static void startLab() throws Exception {
        work = FrontendFixtures.freshWorkDir("lab-engine-display");
        // A desktop's DISPLAY that the engines cannot reach (an ssh -X session that has ended):
        // drawing an image on an engine must not need an X server, as in the kernel.
        lab = JupyterServer.start(JupyterServer.Kind.LAB, work, FrontendFixtures.notebookRoot(work), Map.of("DISPLAY", ":73"));
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void enginesDisplayHtmlAndImagesTaggedWithTheirIdInJupyterLab() throws Exception {
        Path shot = FrontendFixtures.screenshot("jupyterlab-engine-display.png");
        BrowserRun.Page page = BrowserRun.run(lab, JupyterServer.Kind.LAB, FrontendFixtures.ENGINE_DISPLAY, shot, "engine-0",
                Duration.ofMinutes(5), work);
        assertThat(page.kernelAfter().kernel()).isEqualTo("Java (parallel)");
        assertThat(page.cells()).allSatisfy(c -> assertThat(c.prompt()).as("prompt of %s", c.input()).matches("\\[\\d+\\]:"));
        assertThat(page.cells()).flatExtracting(BrowserRun.Cell::outputs).extracting(BrowserRun.Output::mime)
                .as("no error or stderr output on the page: %s", page.outputTexts())
                .doesNotContain("application/vnd.jupyter.stderr");
        assertThat(page.cellWith("%cluster start").allText()).contains("2/2 engines ready");

        BrowserRun.Cell px = page.cellWith("display(bar)");
        List<BrowserRun.Output> outs = px.outputs();
        List<ProcessHandle> engines = new ArrayList<>();
        for (int rank = 0; rank < 2; rank++) {
            long pid = checkEngine(outs, rank);
            ProcessHandle.of(pid).ifPresent(engines::add);
        }
        assertThat(outs).filteredOn(o -> o.mime().equals("image/png")).as("images in the %%px cell").hasSize(2);
        assertThat(outs).filteredOn(o -> o.mime().equals("text/html")).as("HTML displays in the %%px cell").hasSize(2);

        assertThat(page.cellWith("%cluster stop").allText()).contains("Stopped cluster", "(2 engines)");
        // The engines the cell reported, and anything else naming the cluster runtime directory on
        // its command line (mpirun and the engines do; the kernel does not), end with the cluster.
        engines.addAll(ProcessTrees.withArgument(work.resolve("jparallel-runtime").toString()));
        assertThat(ProcessTrees.awaitEnd(engines, Duration.ofSeconds(20))).as("engine processes after %cluster stop").isEmpty();
    }

    /**
     * What engine {@code rank} shows in the %%px cell: its printed line, its HTML and its image,
     * each display right after the engine's tag. Returns the pid the engine printed.
     */
    private static long checkEngine(List<BrowserRun.Output> outs, int rank) {
        String tag = "[output:" + rank + "]";
        String printed = "[stdout:" + rank + "] drawing on rank " + rank + " (pid ";
        int line = indexOf(outs, o -> o.text().startsWith(printed));
        Matcher pid = Pattern.compile(Pattern.quote(printed) + "(\\d+)\\)\n?").matcher(outs.get(line).text());
        assertThat(pid.matches()).as("engine %d's line: %s", rank, outs.get(line).text()).isTrue();

        int html = indexOf(outs, o -> o.mime().equals("text/html") && o.text().contains("engine-" + rank));
        BrowserRun.Output shown = outs.get(html);
        assertThat(shown.html()).as("HTML rendered as elements, not as escaped text")
                .contains("<b class=\"engine-rank\">engine-" + rank + "</b> says hello").doesNotContain("&lt;");
        assertThat(shown.text()).isEqualTo("engine-" + rank + " says hello");
        assertThat(tagBefore(outs, html)).as("the line before engine %d's HTML", rank).isEqualTo(tag);

        // rank r draws a bar 60 + 20 * r pixels wide: the size tells which engine's image this is
        int width = 60 + 20 * rank;
        int image = indexOf(outs, o -> o.mime().equals("image/png") && !o.images().isEmpty()
                && o.images().get(0).naturalWidth() == width);
        assertThat(outs.get(image).images()).singleElement().satisfies(img -> {
            assertThat(img.src()).startsWith("data:image/png;base64,iVBORw0KGgo");
            assertThat(img.naturalHeight()).as("decoded height").isEqualTo(16);
        });
        assertThat(tagBefore(outs, image)).as("the line before engine %d's image", rank).isEqualTo(tag);
        return Long.parseLong(pid.group(1));
    }

    /** The index of the only output that matches. */
    private static int indexOf(List<BrowserRun.Output> outs, Predicate<BrowserRun.Output> match) {
        List<Integer> found = IntStream.range(0, outs.size()).filter(i -> match.test(outs.get(i))).boxed().toList();
        assertThat(found).as("matching outputs among %s", outs).hasSize(1);
        return found.get(0);
    }

    /** The last line of the stdout output right before outs[i] (the engine tag a display follows), or what is there instead. */
    private static String tagBefore(List<BrowserRun.Output> outs, int i) {
        assertThat(i).as("an output before the display").isPositive();
        BrowserRun.Output before = outs.get(i - 1);
        assertThat(before.mime()).as("output before the display: %s", before).isEqualTo("application/vnd.jupyter.stdout");
        String[] lines = before.text().strip().split("\n");
        return lines[lines.length - 1];
    }
}
