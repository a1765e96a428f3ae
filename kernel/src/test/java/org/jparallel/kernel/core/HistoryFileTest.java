package org.jparallel.kernel.core;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryFileTest {
    @TempDir
    Path dir;

    private static String rows(History h, Object... request) {
        JsonObject reply = h.reply(Json.obj(request));
        return reply.getAsJsonArray("history").toString();
    }

    @Test
    void laterSessionsSeeEarlierOnesWithOutputs() {
        Path file = dir.resolve("history.jsonl");
        History first = new History();
        first.add(1, "int a = 1;");
        first.attach(new HistoryFile(file));
        first.add(2, "a + 1");
        first.setOutput(2, "2");
        assertThat(first.session()).isEqualTo(1);

        History second = new History();
        second.attach(new HistoryFile(file));
        assertThat(second.session()).isEqualTo(2);
        second.add(1, "\"again\"");
        assertThat(rows(second, "hist_access_type", "tail", "n", 10, "output", true))
                .isEqualTo("[[1,1,[\"int a = 1;\",null]],[1,2,[\"a + 1\",\"2\"]],[2,1,[\"\\\"again\\\"\",null]]]");
        assertThat(rows(second, "hist_access_type", "range", "session", -1, "start", 2, "stop", 3))
                .isEqualTo("[[1,2,\"a + 1\"]]");
        assertThat(rows(second, "hist_access_type", "range", "session", 0, "start", 1, "stop", 2))
                .isEqualTo("[[2,1,\"\\\"again\\\"\"]]");
    }

    @Test
    void tornLinesAreSkippedAndLongFilesCompacted() throws Exception {
        Path file = dir.resolve("history.jsonl");
        StringBuilder sb = new StringBuilder("{\"session\":3,\"line\":1,\"inp\n");
        for (int i = 0; i < HistoryFile.KEEP + 5; i++) {
            sb.append(Json.obj("session", 4, "line", i, "input", "x" + i)).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        History h = new History();
        h.attach(new HistoryFile(file));
        assertThat(h.session()).isEqualTo(5);
        assertThat(rows(h, "hist_access_type", "tail", "n", 1)).isEqualTo("[[4," + (HistoryFile.KEEP + 4) + ",\"x" + (HistoryFile.KEEP + 4) + "\"]]");
        assertThat(Files.readAllLines(file)).hasSize(HistoryFile.KEEP + 1);
    }
}
