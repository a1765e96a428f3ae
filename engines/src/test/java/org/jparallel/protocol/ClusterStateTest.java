package org.jparallel.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterStateTest {

    @Test
    void statesTravelAsTheLowercaseWordsJpclusterShows() {
        assertThat(Arrays.stream(ClusterState.values()).map(ClusterState::wireName))
                .containsExactly("starting", "running", "failed", "stopping", "stopped", "lost");
        for (ClusterState s : ClusterState.values()) {
            assertThat(ClusterState.fromWire(s.wireName())).isSameAs(s);
        }
        assertThat(ClusterState.RUNNING).hasToString("running");
    }

    @Test
    void anUnknownStateReadsAsLostAndEnded() {
        assertThat(ClusterState.fromWire("paused")).isSameAs(ClusterState.LOST);
        assertThat(ClusterState.fromWire(null)).isSameAs(ClusterState.LOST);
        assertThat(ClusterState.LOST.ended()).isTrue();
        assertThat(ClusterState.STARTING.ended()).isFalse();
        assertThat(ClusterState.RUNNING.ended()).isFalse();
    }
}
