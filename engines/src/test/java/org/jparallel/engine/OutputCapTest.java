package org.jparallel.engine;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutputCapTest {

    @Test
    void underTheLimitEverythingPassesAndThereIsNoNotice() {
        OutputCap cap = new OutputCap(100);
        assertThat(cap.admit("stdout", "hello\n")).isEqualTo("hello\n");
        assertThat(cap.admit("stdout", "x".repeat(94))).hasSize(94);
        assertThat(cap.admit("stderr", "y".repeat(100))).hasSize(100);
        assertThat(cap.notices(3)).isEmpty();
        assertThat(cap.dropped()).isZero();
    }

    @Test
    void eachStreamIsCutAtItsLimitThenDroppedAndTheNoticeCountsWhatWasDropped() {
        OutputCap cap = new OutputCap(10);
        assertThat(cap.admit("stdout", "0123456")).isEqualTo("0123456");
        assertThat(cap.admit("stdout", "789abcdef")).as("no newline: cut inside the line").isEqualTo("789");
        assertThat(cap.admit("stdout", "more")).isEmpty();
        assertThat(cap.admit("stderr", "still shown")).isEqualTo("still shown".substring(0, 10));
        assertThat(cap.dropped()).isEqualTo(6 + 4 + 1);
        Map<String, String> notices = cap.notices(2);
        assertThat(notices).containsOnlyKeys("stdout", "stderr");
        assertThat(notices.get("stdout")).isEqualTo("\n[output truncated: 0.0 MB of stdout from engine 2 not shown; at"
                + " most 0.0 MB of each stream per engine per cell reaches the notebook (JPARALLEL_OUTPUT_LIMIT_MB)]\n");
    }

    @Test
    void aCutKeepsWholeLinesSoTheNoticeStartsItsOwnLine() {
        OutputCap cap = new OutputCap(12);
        assertThat(cap.admit("stdout", "line one\nline two\n")).isEqualTo("line one\n");
        assertThat(cap.notices(0).get("stdout")).startsWith("[output truncated: ");
    }

    @Test
    void bytesAreCountedInUtf8AndSurrogatePairsAreNeverSplit() {
        OutputCap cap = new OutputCap(7);
        // "é" is 2 bytes, "𝄞" (a surrogate pair) is 4: 2 + 4 = 6, the next 4 bytes do not fit
        assertThat(cap.admit("stdout", "é𝄞𝄞")).isEqualTo("é𝄞");
        assertThat(cap.dropped()).isEqualTo(4);
        assertThat(OutputCap.utf8Length("a€𝄞", 0, 4)).isEqualTo(1 + 3 + 4);
    }

    @Test
    void theNoticeSaysMegabytes() {
        OutputCap cap = new OutputCap(1L << 20);
        String line = "x".repeat(1023) + "\n";
        long sent = 0;
        for (int i = 0; i < 3 * 1024; i++) {
            sent += cap.admit("stdout", line).length();
        }
        assertThat(sent).isEqualTo(1L << 20);
        assertThat(cap.notices(0).get("stdout")).startsWith("[output truncated: 2.0 MB of stdout from engine 0 not shown;"
                + " at most 1.0 MB");
    }

    @Test
    void theEnvironmentValueIsMegabytesAndZeroTurnsTheCapOff() {
        assertThat(OutputCap.parse(null)).isEqualTo(4L << 20);
        assertThat(OutputCap.parse("0.5")).isEqualTo(1L << 19);
        assertThat(OutputCap.parse("lots")).isEqualTo(4L << 20);
        assertThat(OutputCap.parse("-3")).isEqualTo(4L << 20);
        OutputCap off = new OutputCap(OutputCap.parse("0"));
        assertThat(off.admit("stdout", "y".repeat(10_000))).hasSize(10_000);
        assertThat(off.notices(1)).isEmpty();
    }
}
