package org.jparallel.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A small Java notebook executed headless by {@code jupyter nbconvert --to notebook --execute}. */
class NbconvertIT {

    @Test
    void notebookRunsHeadlessWithItsOutputs() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "nbconvert").toAbsolutePath());
        Path source = Path.of("src", "test", "resources", "notebooks", "java-basics.ipynb").toAbsolutePath();
        Path executed = work.resolve("java-basics.executed.ipynb");
        Files.deleteIfExists(executed);
        ProcessBuilder pb = KernelSpecFixtures.jupyterProcess(List.of(KernelSpecFixtures.venvBin("jupyter").toString(),
                "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=120",
                "--output-dir", work.toString(), "--output", executed.getFileName().toString(), source.toString()));
        ToolRun run = ToolRun.run(pb, null, Duration.ofMinutes(4));
        assertThat(run.exitCode()).as(run.output()).isZero();

        JsonArray cells = JsonParser.parseString(Files.readString(executed, StandardCharsets.UTF_8))
                .getAsJsonObject().getAsJsonArray("cells");
        assertThat(cells).hasSize(6);
        assertThat(outputs(cells, 1)).isEmpty();
        JsonObject stream = outputs(cells, 2).get(0).getAsJsonObject();
        assertThat(stream.get("output_type").getAsString()).isEqualTo("stream");
        assertThat(text(stream.get("text"))).isEqualTo("sum = 15\n");
        JsonObject display = outputs(cells, 3).get(0).getAsJsonObject();
        assertThat(display.get("output_type").getAsString()).isEqualTo("display_data");
        assertThat(text(display.getAsJsonObject("data").get("text/html"))).isEqualTo("<b>bold</b>");
        JsonObject result = outputs(cells, 4).get(0).getAsJsonObject();
        assertThat(result.get("output_type").getAsString()).isEqualTo("execute_result");
        assertThat(text(result.getAsJsonObject("data").get("text/plain"))).isEqualTo("25");
        assertThat(cells.get(4).getAsJsonObject().get("execution_count").getAsInt()).isEqualTo(4);
        JsonObject md = outputs(cells, 5).get(0).getAsJsonObject();
        assertThat(text(md.getAsJsonObject("data").get("text/markdown"))).isEqualTo("*rendered* by a cell magic");
    }

    private static JsonArray outputs(JsonArray cells, int i) {
        return cells.get(i).getAsJsonObject().getAsJsonArray("outputs");
    }

    /** nbformat stores text as a string or a list of lines. */
    private static String text(com.google.gson.JsonElement e) {
        if (e.isJsonArray()) {
            StringBuilder sb = new StringBuilder();
            e.getAsJsonArray().forEach(x -> sb.append(x.getAsString()));
            return sb.toString();
        }
        return e.getAsString();
    }
}
