package org.jparallel.engine;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineEnvironmentTest {
    private static final Map<String, String> BASE = Map.of("JPARALLEL_KEY", "k", "JPARALLEL_CONTROLLER", "tcp://127.0.0.1:5000");

    private static Map<String, String> with(String... kv) {
        var m = new java.util.HashMap<>(BASE);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void mpirunsRankWinsOverTheLocalLaunchersVariables() {
        EngineEnvironment e = EngineEnvironment.from(with("OMPI_COMM_WORLD_RANK", "2", "OMPI_COMM_WORLD_SIZE", "4",
                "JPARALLEL_ENGINE_ID", "0", "JPARALLEL_ENGINE_COUNT", "1"));
        assertThat(e.rank()).isEqualTo(2);
        assertThat(e.size()).isEqualTo(4);
        EngineEnvironment local = EngineEnvironment.from(with("JPARALLEL_ENGINE_ID", "1", "JPARALLEL_ENGINE_COUNT", "3"));
        assertThat(local.rank()).isEqualTo(1);
        assertThat(local.size()).isEqualTo(3);
    }

    @Test
    void missingKeyOrBadAddressIsExplained() {
        assertThatThrownBy(() -> EngineEnvironment.from(Map.of("JPARALLEL_CONTROLLER", "tcp://127.0.0.1:1")))
                .hasMessageContaining("JPARALLEL_KEY is not set");
        assertThatThrownBy(() -> EngineEnvironment.from(with("JPARALLEL_CONTROLLER", "localhost:1")))
                .hasMessageContaining("JPARALLEL_CONTROLLER must be a ZeroMQ endpoint");
        assertThatThrownBy(() -> EngineEnvironment.from(with("OMPI_COMM_WORLD_RANK", "x")))
                .hasMessageContaining("OMPI_COMM_WORLD_RANK must be a whole number");
        assertThatThrownBy(() -> EngineEnvironment.from(with("JPARALLEL_ENGINE_ID", "3", "JPARALLEL_ENGINE_COUNT", "3")))
                .hasMessageContaining("does not fit");
    }

    @Test
    void theKeyNeverShowsInItsText() {
        assertThat(EngineEnvironment.from(with("JPARALLEL_KEY", "s3cr3t")).toString()).doesNotContain("s3cr3t");
    }
}
