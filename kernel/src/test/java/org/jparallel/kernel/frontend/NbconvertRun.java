package org.jparallel.kernel.frontend;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Executes a notebook headless with {@code jupyter nbconvert --execute} on the build's
 * kernelspec and reads back its code cells: what a user gets from a headless run.
 */
final class NbconvertRun {
    /** A code cell of the executed notebook: its source, execution count and outputs' texts. */
    record Cell(String source, Integer count, List<String> streams, List<String> results, List<String> displays,
                List<String> errors, List<String> tags) {
        /** Everything the cell shows as text, in order. */
        String text() {
            List<String> all = new ArrayList<>(streams);
            all.addAll(results);
            all.addAll(displays);
            all.addAll(errors);
            return String.join("", all);
        }
    }

    private NbconvertRun() {
    }

    /**
     * Runs {@code notebook} in a copy under workDir (so the sources stay as they are) and returns
     * its code cells. Errors in cells tagged {@code raises-exception} are expected; any other
     * error fails the run. Bounded by {@code limit}.
     */
    static List<Cell> execute(Path notebook, Path workDir, Duration limit) throws IOException, InterruptedException {
        Path share = BuildKernelspec.writeInto(Files.createDirectories(workDir.resolve("share")));
        Path out = workDir.resolve("executed.ipynb");
        ProcessBuilder pb = new ProcessBuilder(Toolchain.venvTool("jupyter").toString(), "nbconvert", "--to", "notebook",
                "--execute", "--ExecutePreprocessor.kernel_name=" + BuildKernelspec.NAME,
                "--ExecutePreprocessor.timeout=" + limit.toSeconds(), "--output-dir", workDir.toString(),
                "--output", out.getFileName().toString(), notebook.toString())
                .directory(notebook.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("nbconvert.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", share.toString());
        env.put("JUPYTER_DATA_DIR", Files.createDirectories(workDir.resolve("user-data")).toString());
        env.put("JUPYTER_CONFIG_DIR", Files.createDirectories(workDir.resolve("config")).toString());
        env.put("JUPYTER_RUNTIME_DIR", Files.createDirectories(workDir.resolve("runtime")).toString());
        FrontendFixtures.isolateClusters(env, workDir);
        Process p = pb.start();
        boolean ended;
        try {
            ended = p.waitFor(limit.toSeconds() + 60, TimeUnit.SECONDS);
        } finally {
            ProcessTrees.stop(p.toHandle(), Duration.ofSeconds(10));
        }
        String log = Files.readString(workDir.resolve("nbconvert.log"), StandardCharsets.UTF_8);
        if (!ended) {
            throw new AssertionError(notebook.getFileName() + " did not finish within " + limit.toSeconds() + " s:\n" + log);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
            throw new AssertionError("nbconvert failed on " + notebook.getFileName() + " (exit " + p.exitValue() + "):\n" + log);
        }
        List<ProcessHandle> left = ProcessTrees.withArgument(workDir.resolve("runtime").toString());
        ProcessTrees.kill(left);
        if (!left.isEmpty()) {
            throw new AssertionError("the kernel of " + notebook.getFileName() + " outlived nbconvert: " + left);
        }
        return cells(out);
    }

    /** The code cells of a notebook file (executed or as committed). */
    static List<Cell> cells(Path notebook) throws IOException {
        JsonObject nb = JsonParser.parseString(Files.readString(notebook, StandardCharsets.UTF_8)).getAsJsonObject();
        List<Cell> cells = new ArrayList<>();
        for (JsonElement e : nb.getAsJsonArray("cells")) {
            JsonObject c = e.getAsJsonObject();
            if (!"code".equals(c.get("cell_type").getAsString())) {
                continue;
            }
            List<String> streams = new ArrayList<>();
            List<String> results = new ArrayList<>();
            List<String> displays = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (JsonElement o : c.getAsJsonArray("outputs")) {
                JsonObject out = o.getAsJsonObject();
                switch (out.get("output_type").getAsString()) {
                    case "stream" -> streams.add(text(out.get("text")));
                    case "execute_result" -> results.add(plain(out));
                    case "display_data" -> displays.add(plain(out));
                    case "error" -> errors.add(out.get("ename").getAsString() + ": " + out.get("evalue").getAsString()
                            + "\n" + text(out.get("traceback")));
                    default -> { }
                }
            }
            JsonElement count = c.get("execution_count");
            List<String> tags = new ArrayList<>();
            JsonObject meta = c.getAsJsonObject("metadata");
            if (meta != null && meta.has("tags")) {
                meta.getAsJsonArray("tags").forEach(t -> tags.add(t.getAsString()));
            }
            cells.add(new Cell(text(c.get("source")), count == null || count.isJsonNull() ? null : count.getAsInt(),
                    streams, results, displays, errors, tags));
        }
        return cells;
    }

    private static String plain(JsonObject output) {
        JsonObject data = output.getAsJsonObject("data");
        return data != null && data.has("text/plain") ? text(data.get("text/plain")) : "";
    }

    /** Notebook text fields are a string or a list of lines. */
    private static String text(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "";
        }
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            JsonArray a = e.getAsJsonArray();
            a.forEach(x -> sb.append(x.getAsString()).append(a.size() > 1 && !x.getAsString().endsWith("\n") ? "\n" : ""));
            return sb.toString();
        }
        return e.getAsString();
    }
}
