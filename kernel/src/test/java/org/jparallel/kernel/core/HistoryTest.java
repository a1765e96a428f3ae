package org.jparallel.kernel.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryTest {
    private final History history = new History();

    HistoryTest() {
        history.add(1, "int x = 6;");
        history.add(2, "6*7");
        history.setOutput(2, "42");
        history.add(3, "x + 1");
        history.add(4, "6*7");
    }

    private JsonArray rows(Object... request) {
        JsonObject reply = history.reply(Json.obj(request));
        assertThat(reply.get("status").getAsString()).isEqualTo("ok");
        return reply.getAsJsonArray("history");
    }

    @Test
    void tailGivesTheLastEntriesOldestFirst() {
        JsonArray rows = rows("hist_access_type", "tail", "n", 2, "output", false, "raw", true);
        assertThat(rows.toString()).isEqualTo("[[1,3,\"x + 1\"],[1,4,\"6*7\"]]");
    }

    @Test
    void outputPairsInputWithItsText() {
        JsonArray rows = rows("hist_access_type", "range", "session", 0, "start", 2, "stop", 3, "output", true);
        assertThat(rows.toString()).isEqualTo("[[1,2,[\"6*7\",\"42\"]]]");
    }

    @Test
    void rangeIsHalfOpenAndOtherSessionsAreEmpty() {
        assertThat(rows("hist_access_type", "range", "session", 1, "start", 1, "stop", 3).size()).isEqualTo(2);
        assertThat(rows("hist_access_type", "range", "session", 7, "start", 1, "stop", 3).size()).isZero();
    }

    @Test
    void searchMatchesWholeInputsByGlobWithUniqueAndN() {
        assertThat(rows("hist_access_type", "search", "pattern", "6*7").size()).isEqualTo(2);
        assertThat(rows("hist_access_type", "search", "pattern", "6*7", "unique", true).toString())
                .isEqualTo("[[1,4,\"6*7\"]]");
        assertThat(rows("hist_access_type", "search", "pattern", "*", "n", 3).toString())
                .startsWith("[[1,2,");
        assertThat(rows("hist_access_type", "search", "pattern", "x").size()).isZero();
        assertThat(rows("hist_access_type", "search", "pattern", "x ? 1").size()).isEqualTo(1);
    }

    @Test
    void globQuotesRegexCharacters() {
        assertThat(History.glob("a.b(*)").matcher("a.b(c)").matches()).isTrue();
        assertThat(History.glob("a.b(*)").matcher("axb(c)").matches()).isFalse();
    }
}
