package org.jparallel.kernel.frontend;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The example notebooks under notebooks/ run headless (nbconvert) on the build's kernel with
 * real MPI engines and show what their text says; the committed files hold a real run's outputs.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class NotebooksIT {
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final Pattern PI = Pattern.compile("pi ~ (\\d\\.\\d+)");

    @Test
    void monteCarloPiReducesOnRankZero() throws Exception {
        List<NbconvertRun.Cell> cells = run("monte-carlo-pi.ipynb");
        assertThat(cell(cells, "%cluster start").text()).contains("2/2 engines ready");
        assertThat(cell(cells, "long countInside").text())
                .contains("[stdout:0] rank 0 of 2 ready").contains("[stdout:1] rank 1 of 2 ready");

        NbconvertRun.Cell reduce = cell(cells, "MPI.COMM_WORLD.reduce(sendbuf, recvbuf, 1, MPI.LONG, MPI.SUM, 0)");
        assertThat(reduce.text()).as("only rank 0 prints after the reduce")
                .contains("[stdout:0] pi ~ ").contains("from 10,000,000 points on 2 ranks").doesNotContain("[stdout:1]");
        assertThat(pis(reduce.text())).singleElement().satisfies(pi -> assertThat(pi).isCloseTo(Math.PI, within(0.005)));

        NbconvertRun.Cell converge = cell(cells, "allReduce");
        assertThat(converge.text().lines().filter(l -> l.startsWith("[stdout:0]")).count()).isEqualTo(5);
        assertThat(converge.text()).contains("20,000,000 points").doesNotContain("[stdout:1]");
        // The last estimate (20 million points) is within a few standard deviations (3.7e-4) of pi.
        List<Double> estimates = pis(converge.text());
        assertThat(estimates).hasSize(5);
        assertThat(estimates.get(4)).isCloseTo(Math.PI, within(0.002));

        NbconvertRun.Cell map = cell(cells, "view.mapSync(seed ->");
        assertThat(map.text()).containsPattern("counts per task: \\[\\d+, \\d+, \\d+, \\d+\\]");
        assertThat(pis(map.text())).singleElement().satisfies(pi -> assertThat(pi).isCloseTo(Math.PI, within(0.005)));
        assertThat(cell(cells, "%cluster stop").text()).contains("Stopped cluster 'default' (2 engines)");
    }

    @Test
    void wordCountAgreesWithASerialCount() throws Exception {
        List<NbconvertRun.Cell> cells = run("word-count.ipynb");
        assertThat(cell(cells, "String text = \"\"\"").text()).isEqualTo("15 lines, 1327 characters\n");
        // scatter deals contiguous chunks: 8 lines to engine 0, 7 to engine 1.
        NbconvertRun.Cell scattered = cell(cells, "lines, starting: ");
        assertThat(scattered.text()).contains("[stdout:0] 8 lines, starting: The harbour at Kell Point")
                .contains("[stdout:1] 7 lines, starting: The fishermen say the tide is");

        NbconvertRun.Cell counted = cell(cells, "counts.merge(word, 1, Integer::sum)");
        int engine0 = intAfter(counted.text(), "[stdout:0] ", " words");
        int engine1 = intAfter(counted.text(), "[stdout:1] ", " words");
        NbconvertRun.Cell gathered = cell(cells, "view.gather(\"words\")");
        assertThat(gathered.text()).startsWith((engine0 + engine1) + " words gathered; first ten: [the, harbour, at, kell,")
                .contains("same counts as the parallel count: true");
        NbconvertRun.Cell merged = cell(cells, "view.pull(\"counts\")");
        assertThat(merged.text()).startsWith("136 distinct words\nthe       39\nand        9\n");
        assertThat(cell(cells, "wordsPerLine").text()).contains("total: " + (engine0 + engine1));
        assertThat(engine0 + engine1).isEqualTo(257);
    }

    @Test
    void magicsTourShowsEachOption() throws Exception {
        List<NbconvertRun.Cell> cells = run("magics-tour.ipynb");
        assertThat(cell(cells, "%cluster status").text()).contains("running: 4/4 engines");
        assertThat(cell(cells, "%px rank * rank").text()).containsPattern("Out\\[0:\\d+\\]: 0")
                .containsPattern("Out\\[1:\\d+\\]: 1").containsPattern("Out\\[2:\\d+\\]: 4").containsPattern("Out\\[3:\\d+\\]: 9");
        assertThat(cell(cells, "--targets 0,2").text()).isEqualTo("[stdout:0] hello from engine 0\n[stdout:2] hello from engine 2\n");
        assertThat(cell(cells, "-t ::2").displays()).satisfiesExactly(
                d -> assertThat(d).matches("Out\\[0:\\d+\\]: 0"), d -> assertThat(d).matches("Out\\[2:\\d+\\]: 20"));
        assertThat(cell(cells, "-t -1").displays()).singleElement()
                .satisfies(d -> assertThat(d).matches("Out\\[3:\\d+\\]: \"the last engine is 3\""));
        assertThat(cell(cells, "--targets 1:3").text()).contains("[stdout:1] engine 1 of 4").contains("[stdout:2] engine 2 of 4")
                .doesNotContain("[stdout:0]").doesNotContain("[stdout:3]");

        // --group-outputs=type: every stdout, then every stderr, then the values.
        String byType = cell(cells, "--group-outputs=type").text();
        List<Integer> at = List.of("[stdout:0]", "[stdout:3]", "[stderr:0]", "[stderr:3]", "Out[0:", "Out[3:").stream()
                .map(byType::indexOf).collect(Collectors.toList());
        assertThat(at).doesNotContain(-1).isSorted();

        NbconvertRun.Cell noblock = cell(cells, "Thread.sleep(1000)");
        assertThat(noblock.results()).singleElement().satisfies(r -> assertThat(r).startsWith("<AsyncResult(%px): "));
        assertThat(cell(cells, "the kernel is free meanwhile").text()).isEqualTo("the kernel is free meanwhile: 42\n");
        String result = cell(cells, "%pxresult").text();
        IntStream.range(0, 4).forEach(i -> assertThat(result).contains("[stdout:" + i + "] engine " + i + " slept for a second"));
        assertThat(cell(cells, "squares.get()").results()).containsExactly("[0, 1, 4, 9]");

        NbconvertRun.Cell failed = cell(cells, "refuses");
        assertThat(failed.tags()).contains("raises-exception");
        assertThat(failed.text())
                .contains("[stdout:0] engine 0 is fine").contains("[stdout:3] engine 3 is fine").doesNotContain("[stdout:2]");
        assertThat(failed.errors()).singleElement().satisfies(e -> assertThat(e)
                .startsWith("ParallelError: 1 of 4 engines failed").contains("[2:execute] java.lang.IllegalStateException: engine 2 refuses"));

        NbconvertRun.Cell timedOut = cell(cells, "--timeout 2");
        assertThat(timedOut.errors()).singleElement().satisfies(e -> assertThat(e)
                .startsWith("TimeoutError: engine 1 was still running after 2 s").contains("Thread.sleep"));
        assertThat(timedOut.text()).contains("[stdout:0] engine 0 finished").doesNotContain("[stdout:1] engine 1 finished");
        String ready = cell(cells, "is ready again").text();
        IntStream.range(0, 4).forEach(i -> assertThat(ready).contains("[stdout:" + i + "] engine " + i + " is ready again"));

        assertThat(exactly(cells, "%pxconfig").text()).startsWith("%pxconfig: targets=all block=true group-outputs=engine");
        assertThat(exactly(cells, "%px rank").text())
                .startsWith("Parallel execution on engines 0, 1\n").doesNotContain("Out[2:");
        assertThat(cell(cells, "%autopx").text()).isEqualTo("%autopx enabled\n");
        assertThat(cell(cells, "Long.bitCount").text()).contains("[stdout:2] engine 2 in binary: 10").containsPattern("Out\\[3:\\d+\\]: 2");
        assertThat(cell(cells, "%cluster stop").text()).contains("Stopped cluster 'default' (4 engines)");
    }

    /** Runs the notebook headless, and checks that the committed copy holds the outputs of a run. */
    private static List<NbconvertRun.Cell> run(String name) throws Exception {
        Path notebook = Toolchain.repo().resolve("notebooks").resolve(name);
        Path work = FrontendFixtures.freshWorkDir("notebooks-" + name.replace(".ipynb", ""));
        Path copy = Files.copy(notebook, Files.createDirectories(work.resolve("notebooks")).resolve(name));
        List<NbconvertRun.Cell> fresh = NbconvertRun.execute(copy, work, LIMIT);
        List<NbconvertRun.Cell> committed = NbconvertRun.cells(notebook);
        assertThat(committed).as("code cells of the committed %s", name).hasSameSizeAs(fresh);
        for (int i = 0; i < fresh.size(); i++) {
            assertThat(committed.get(i).count()).as("committed execution count of cell %d of %s", i + 1, name).isEqualTo(i + 1);
            assertThat(committed.get(i).text().isEmpty()).as("committed %s, cell %d has outputs like a fresh run", name, i + 1)
                    .isEqualTo(fresh.get(i).text().isEmpty());
        }
        return fresh;
    }

    private static NbconvertRun.Cell cell(List<NbconvertRun.Cell> cells, String sourceText) {
        return cells.stream().filter(c -> c.source().contains(sourceText)).findFirst()
                .orElseThrow(() -> new AssertionError("no code cell contains '" + sourceText + "'"));
    }

    private static NbconvertRun.Cell exactly(List<NbconvertRun.Cell> cells, String source) {
        return cells.stream().filter(c -> c.source().strip().equals(source)).findFirst()
                .orElseThrow(() -> new AssertionError("no code cell is '" + source + "'"));
    }

    private static List<Double> pis(String text) {
        Matcher m = PI.matcher(text);
        List<Double> out = new ArrayList<>();
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    private static int intAfter(String text, String before, String after) {
        Matcher m = Pattern.compile(Pattern.quote(before) + "(\\d+)" + Pattern.quote(after)).matcher(text);
        assertThat(m.find()).as("'%sN%s' in %s", before, after, text).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
