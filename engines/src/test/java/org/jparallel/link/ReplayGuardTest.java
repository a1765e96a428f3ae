package org.jparallel.link;


import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayGuardTest {
    /** A clock the test moves by hand. */
    static final class StepClock extends Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void secondSightingOfAnIdIsAReplay() {
        ReplayGuard g = new ReplayGuard(10);
        assertThat(g.firstTime("a")).isTrue();
        assertThat(g.firstTime("b")).isTrue();
        assertThat(g.firstTime("a")).isFalse();
    }

    @Test
    void emptyOrMissingIdsAndDatesAreRefused() {
        ReplayGuard g = new ReplayGuard(10);
        assertThat(g.firstTime("")).isFalse();
        assertThat(g.firstTime(null)).isFalse();
        assertThat(g.refusal("", Instant.now().toString())).isEqualTo("it has no msg_id");
        assertThat(g.refusal("x", "")).isEqualTo("it has no valid date ('')");
        assertThat(g.refusal("y", "yesterday")).isEqualTo("it has no valid date ('yesterday')");
    }

    @Test
    void memoryIsBoundedAndWhatCannotBeRememberedIsRefused() {
        StepClock clock = new StepClock();
        ReplayGuard g = new ReplayGuard(3, Duration.ofMinutes(5), clock);
        for (String id : new String[]{"a", "b", "c", "d"}) {
            assertThat(g.refusal(id, clock.now.toString())).isNull();
            clock.advance(Duration.ofMillis(1));
        }
        assertThat(g.size()).isEqualTo(3);
        assertThat(g.refusal("d", clock.now.toString())).contains("was seen before");
        // "a" was forgotten: a message dated as early as it is refused, not accepted again
        assertThat(g.refusal("a", "2026-12-03T10:00:00Z")).startsWith("it is older than the oldest message id");
        assertThatThrownBy(() -> new ReplayGuard(0)).hasMessageContaining("positive");
    }

    /**
     * An hour of a busy link in simulation (16 engines heartbeating every second, a request every
     * 10 s): a request's id is never forgotten while a replay of it could pass the date check,
     * and older replays fail the date check; memory stays at the window's worth of ids.
     */
    @Test
    void anHourOfHeartbeatsFromSixteenEnginesNeverLetsAReplayThrough() {
        StepClock clock = new StepClock();
        ReplayGuard g = new ReplayGuard(16384, ReplayGuard.DEFAULT_WINDOW, clock);
        Instant start = clock.now;
        String firstRequestDate = start.toString();
        assertThat(g.refusal("request-0", firstRequestDate)).isNull();
        int maxSize = 0;
        for (int second = 1; second <= 3600; second++) {
            clock.advance(Duration.ofSeconds(1));
            for (int e = 0; e < 16; e++) {
                assertThat(g.refusal("hb-" + e + "-" + second, clock.now.toString())).isNull();
            }
            if (second % 10 == 0) {
                assertThat(g.refusal("request-" + second, clock.now.toString())).isNull();
            }
            maxSize = Math.max(maxSize, g.size());
            // the first request, replayed at any time in the hour, never gets through
            if (second % 60 == 0 || second == 299 || second == 301) {
                assertThat(g.refusal("request-0", firstRequestDate)).as("replay at %d s", second).isNotNull();
            }
            // and a recent one replayed within the window is refused by its id
            if (second % 10 == 5 && second > 10) {
                String id = "request-" + (second - 5);
                assertThat(g.refusal(id, clock.now.minusSeconds(5).toString())).contains("was seen before");
            }
        }
        assertThat(g.refusal("request-0", firstRequestDate)).contains("more than 5 min ago");
        assertThat(maxSize).as("about 5 minutes of ids").isLessThan(17 * 301 + 40);
        assertThat(g.refusal("late", clock.now.plus(Duration.ofMinutes(6)).toString())).contains("ahead");
        assertThat(g.refusal("local", "2026-12-03T11:00:00.000001")).as("a date without a zone is UTC").isNull();
    }
}
