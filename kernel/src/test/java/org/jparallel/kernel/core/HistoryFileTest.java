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
        int many = HistoryFile.KEEP + HistoryFile.SLACK + 5;
        for (int i = 0; i < many; i++) {
            sb.append(Json.obj("session", 4, "line", i, "input", "x" + i)).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        History h = new History();
        h.attach(new HistoryFile(file));
        assertThat(h.session()).isEqualTo(5);
        assertThat(rows(h, "hist_access_type", "tail", "n", 1)).isEqualTo("[[4," + (many - 1) + ",\"x" + (many - 1) + "\"]]");
        assertThat(Files.readAllLines(file)).hasSize(HistoryFile.KEEP + 1);
        assertThat(Files.readAllLines(file).get(0)).contains("\"x" + (many - HistoryFile.KEEP) + "\"");
    }

    @Test
    void aFileWithinItsSlackIsNotRewrittenAtEachStart() throws Exception {
        Path file = dir.resolve("history.jsonl");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < HistoryFile.KEEP + 3; i++) {
            sb.append(Json.obj("session", 1, "line", i, "input", "x" + i)).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        new History().attach(new HistoryFile(file));
        assertThat(Files.readAllLines(file)).hasSize(HistoryFile.KEEP + 3 + 1).last().isEqualTo("{\"session\":2}");
    }

    @Test
    void bigOutputsAreClippedBigInputsStayInMemoryAndABigFileIsCutByBytes() throws Exception {
        Path file = dir.resolve("history.jsonl");
        String mb = "y".repeat(1 << 20);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) { // 12 MB of outputs, as a session that returned big strings left it
            sb.append(Json.obj("session", 1, "line", i, "input", "s" + i, "output", mb)).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        History h = new History();
        h.attach(new HistoryFile(file));
        assertThat(Files.size(file)).isLessThan(64 * 1024);
        assertThat(Files.readAllLines(file)).hasSize(12 + 1);
        String stored = h.reply(Json.obj("hist_access_type", "range", "session", 1, "start", 11, "stop", 12, "output", true))
                .getAsJsonArray("history").get(0).getAsJsonArray().get(2).getAsJsonArray().get(1).getAsString();
        assertThat(stored).startsWith("y".repeat(HistoryFile.MAX_OUTPUT_CHARS))
                .endsWith("... (" + ((1 << 20) - HistoryFile.MAX_OUTPUT_CHARS) + " more characters not kept in history)");

        h.add(1, "z".repeat(HistoryFile.MAX_INPUT_CHARS + 1));
        h.setOutput(1, mb);
        h.add(2, "small");
        assertThat(rows(h, "hist_access_type", "range", "session", 0, "start", 1, "stop", 2))
                .contains("z".repeat(100)); // still in this session's memory
        assertThat(Files.readString(file)).doesNotContain("z".repeat(100)).contains("\"small\"");
        assertThat(Files.size(file)).isLessThan(64 * 1024);
    }

    @Test
    void clipKeepsSurrogatePairsWhole() {
        String s = "a".repeat(HistoryFile.MAX_OUTPUT_CHARS - 1) + "\uD83D\uDE00" + "b".repeat(200);
        assertThat(HistoryFile.clip(s)).startsWith("a".repeat(HistoryFile.MAX_OUTPUT_CHARS - 1) + "\n... (202 more");
        assertThat(HistoryFile.clip(HistoryFile.clip(s))).isEqualTo(HistoryFile.clip(s));
    }
}
