package org.jparallel.protocol;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterStateTest {

    @Test
    void statesTravelAsTheLowercaseWordsJpclusterShows() {
        assertThat(Arrays.stream(ClusterState.values()).map(ClusterState::wireName))
                .containsExactly("starting", "running", "failed", "stopping", "stopped", "lost");
        for (ClusterState s : ClusterState.values()) {
            assertThat(ClusterState.fromWire(s.wireName())).isSameAs(s);
        }
        assertThat(ClusterState.fromWire(" Running ")).isSameAs(ClusterState.RUNNING);
    }

    @Test
    void anUnknownStateIsASentenceNamingTheKnownOnes() {
        assertThatThrownBy(() -> ClusterState.fromWire("paused"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'paused' is not a cluster state; the states are starting, running, failed, stopping,"
                        + " stopped and lost");
        assertThatThrownBy(() -> ClusterState.fromWire(null)).hasMessageStartingWith("'null' is not a cluster state");
    }
}
