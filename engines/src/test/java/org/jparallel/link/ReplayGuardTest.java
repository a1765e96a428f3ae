package org.jparallel.link;


import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayGuardTest {
    @Test
    void secondSightingOfAnIdIsAReplay() {
        ReplayGuard g = new ReplayGuard(10);
        assertThat(g.firstTime("a")).isTrue();
        assertThat(g.firstTime("b")).isTrue();
        assertThat(g.firstTime("a")).isFalse();
    }

    @Test
    void emptyOrMissingIdsAreRefused() {
        ReplayGuard g = new ReplayGuard(10);
        assertThat(g.firstTime("")).isFalse();
        assertThat(g.firstTime(null)).isFalse();
    }

    @Test
    void memoryIsBoundedOldestForgottenFirst() {
        ReplayGuard g = new ReplayGuard(3);
        for (String id : new String[]{"a", "b", "c", "d"}) {
            assertThat(g.firstTime(id)).isTrue();
        }
        assertThat(g.size()).isEqualTo(3);
        assertThat(g.firstTime("d")).isFalse();
        assertThat(g.firstTime("a")).as("forgotten").isTrue();
        assertThatThrownBy(() -> new ReplayGuard(0)).hasMessageContaining("positive");
    }
}
