package org.jparallel.link;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SilenceTest {
    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final Silence silence = new Silence(500, now::get);

    /** One poll of the owner's loop: asked to wait waitMs, it returned after tookMs. */
    private void poll(long waitMs, long tookMs) {
        long began = now.get();
        now.addAndGet(tookMs * MS);
        silence.waited(began, waitMs);
    }

    @Test
    void silenceGrowsWhileThePeerSaysNothing() {
        for (int i = 0; i < 30; i++) {
            poll(250, 250);
        }
        assertThat(silence.silentMillis()).isEqualTo(7_500);
        assertThat(silence.pausedMillis()).isZero();
        silence.heard();
        assertThat(silence.silentMillis()).isZero();
    }

    @Test
    void aPauseOfThisProcessIsNotThePeersSilence() {
        poll(250, 250);
        poll(250, 40_250); // stopped with SIGSTOP for 40 s, or the machine slept
        assertThat(silence.silentMillis()).isEqualTo(500);
        assertThat(silence.pausedMillis()).isEqualTo(40_000);
        // after the pause the peer still has the whole timeout to answer; if it does not, the silence shows
        for (int i = 0; i < 24; i++) {
            poll(250, 250);
        }
        assertThat(silence.silentMillis()).isEqualTo(6_500);
    }

    @Test
    void aLateWakeUpWithinTheThresholdIsOrdinarySilence() {
        poll(250, 700); // 450 ms late: a busy machine, not a pause
        assertThat(silence.silentMillis()).isEqualTo(700);
        assertThat(silence.pausedMillis()).isZero();
    }

    @Test
    void theThresholdMustBePositive() {
        assertThatThrownBy(() -> new Silence(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }
}
