package org.jparallel.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutputCapTest {

    @Test
    void underTheLimitEverythingPassesAndThereIsNoNotice() {
        OutputCap cap = new OutputCap(100);
        assertThat(cap.admit("stdout", "hello\n")).isEqualTo("hello\n");
        assertThat(cap.admit("stderr", "x".repeat(94))).hasSize(94);
        assertThat(cap.notice(3)).isNull();
        assertThat(cap.dropped()).isZero();
    }

    @Test
    void theLimitCutsOnceThenDropsAndTheNoticeCountsWhatWasDropped() {
        OutputCap cap = new OutputCap(10);
        assertThat(cap.admit("stdout", "0123456")).isEqualTo("0123456");
        assertThat(cap.admit("stdout", "789abcdef")).isEqualTo("789");
        assertThat(cap.admit("stderr", "more")).isEmpty();
        assertThat(cap.dropped()).isEqualTo(6 + 4);
        assertThat(cap.cutStream()).isEqualTo("stdout");
        assertThat(cap.notice(2)).isEqualTo("\n[output truncated: 0.0 MB from engine 2 not shown; at most 0.0 MB of output"
                + " per engine per cell reaches the notebook (JPARALLEL_OUTPUT_LIMIT_MB)]\n");
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
    void theNoticeStartsOnItsOwnLineAndSaysMegabytes() {
        OutputCap cap = new OutputCap(1L << 20);
        String line = "x".repeat(1023) + "\n";
        long sent = 0;
        for (int i = 0; i < 3 * 1024; i++) {
            sent += cap.admit("stdout", line).length();
        }
        assertThat(sent).isEqualTo(1L << 20);
        assertThat(cap.notice(0)).startsWith("[output truncated: 2.0 MB from engine 0 not shown; at most 1.0 MB");
    }

    @Test
    void theEnvironmentValueIsMegabytesAndZeroTurnsTheCapOff() {
        assertThat(OutputCap.parse(null)).isEqualTo(4L << 20);
        assertThat(OutputCap.parse("0.5")).isEqualTo(1L << 19);
        assertThat(OutputCap.parse("lots")).isEqualTo(4L << 20);
        assertThat(OutputCap.parse("-3")).isEqualTo(4L << 20);
        OutputCap off = new OutputCap(OutputCap.parse("0"));
        assertThat(off.admit("stdout", "y".repeat(10_000))).hasSize(10_000);
        assertThat(off.notice(1)).isNull();
    }
}
