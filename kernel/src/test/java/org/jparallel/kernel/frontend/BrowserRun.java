package org.jparallel.kernel.frontend;

import com.google.gson.Gson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs kernel/src/test/browser/run-notebook.js: headless Chromium opens a notebook on a running
 * server, runs all cells from the Run menu and reports what the page shows.
 */
final class BrowserRun {
    /** What the page showed after the run. */
    record Page(String url, String ui, String error, List<String> consoleErrors, Kernel kernelBefore, Kernel kernelAfter,
                List<Cell> cells) {
        /** Every output text of every cell, in page order. */
        List<String> outputTexts() {
            return cells.stream().flatMap(c -> c.outputs().stream()).map(Output::text).collect(Collectors.toList());
        }

        /** The first code cell whose input contains the text. */
        Cell cellWith(String inputText) {
            return cells.stream().filter(c -> c.input().contains(inputText)).findFirst()
                    .orElseThrow(() -> new AssertionError("no cell on the page has input containing '" + inputText + "'; cells: " + cells));
        }
    }

    /** The kernel's name and status as the notebook toolbar shows them, and the page's title. */
    record Kernel(String kernel, String status, String title) {
    }

    /** A code cell: its prompt ("[3]:"), input text and outputs. */
    record Cell(int index, String prompt, String input, List<Output> outputs) {
        String allText() {
            return outputs.stream().map(Output::text).collect(Collectors.joining());
        }
    }

    /**
     * One output: its prompt (for results), MIME type rendered, text content, inner HTML for
     * text/html, and the images it shows.
     */
    record Output(String prompt, String mime, String text, String html, List<Image> images) {
    }

    /** An {@code <img>} of an output: the start of its src, and its decoded size (0 x 0 when it did not decode). */
    record Image(String src, int naturalWidth, int naturalHeight) {
    }

    private BrowserRun() {
    }

    /**
     * Opens {@code notebook} (a path under the server's root) in the given UI, runs all cells and
     * returns the page; the screenshot is written either way. {@code focus}: text of an output to
     * scroll into view before the screenshot, or null.
     */
    static Page run(JupyterServer server, JupyterServer.Kind ui, String notebook, Path screenshot, String focus,
                    Duration limit, Path workDir) throws IOException, InterruptedException {
        Path script = Toolchain.repo().resolve("kernel/src/test/browser/run-notebook.js");
        Path result = workDir.resolve("page-" + screenshot.getFileName() + ".json");
        Path log = workDir.resolve("browser-" + screenshot.getFileName() + ".log");
        Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
        Files.createDirectories(screenshot.getParent());
        List<String> cmd = new ArrayList<>(List.of(Toolchain.node(), script.toString(),
                "--base", server.base(), "--token", server.token(), "--notebook", notebook,
                "--ui", ui == JupyterServer.Kind.LAB ? "lab" : "notebook", "--result", result.toString(),
                "--screenshot", screenshot.toString(), "--profile", profile.toString(),
                "--timeout", Long.toString(limit.toSeconds())));
        if (focus != null) {
            cmd.addAll(List.of("--focus", focus));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JPARALLEL_CHROMIUM", Toolchain.chromium().toString());
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process p = pb.start();
        boolean ended;
        try {
            ended = p.waitFor(limit.toSeconds() + 60, TimeUnit.SECONDS);
        } finally {
            ProcessTrees.stop(p.toHandle(), Duration.ofSeconds(5));
            // A browser left behind by a dead driver is found by its own profile directory.
            List<ProcessHandle> left = ProcessTrees.kill(ProcessTrees.withArgument(profile.toString()));
            if (!left.isEmpty()) {
                throw new IllegalStateException("Chromium processes still alive after the run: " + left);
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!ended) {
            throw new AssertionError("the browser run did not end within " + (limit.toSeconds() + 60) + " s:\n" + output);
        }
        if (!Files.isRegularFile(result)) {
            throw new AssertionError("the browser run wrote no result (exit " + p.exitValue() + "):\n" + output);
        }
        Page page = new Gson().fromJson(Files.readString(result, StandardCharsets.UTF_8), Page.class);
        if (p.exitValue() != 0 || page.error() != null) {
            throw new AssertionError("the browser run failed (exit " + p.exitValue() + "): " + page.error() + "\n" + output
                    + "\ncells on the page: " + page.cells() + "\nserver log:\n" + server.logTail() + "\nscreenshot: " + screenshot);
        }
        String name = Path.of(notebook).getFileName().toString().replaceFirst("\\.ipynb$", "");
        if (page.kernelAfter() == null || page.kernelAfter().title() == null || !page.kernelAfter().title().contains(name)) {
            throw new AssertionError("the page shows another document than " + notebook + ": " + page.kernelAfter());
        }
        return page;
    }
}
