package org.jparallel.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutcomeTest {

    @Test
    void anErrorWithoutTracebackShowsItsNameAndValue() {
        Outcome o = Outcome.error("UsageError", "%px needs code", List.of());
        assertThat(o.ok()).isFalse();
        assertThat(o.status()).isEqualTo(Outcome.Status.ERROR);
        assertThat(o.traceback()).containsExactly("UsageError: %px needs code");
        assertThat(Outcome.error("E", "v", List.of("line 1")).traceback()).containsExactly("line 1");
    }

    @Test
    void successAndValuesCarryNoFailure() {
        assertThat(Outcome.success().ok()).isTrue();
        assertThat(Outcome.success().hasValue()).isFalse();
        assertThat(Outcome.success().ename()).isNull();
        assertThat(Outcome.success().traceback()).isEmpty();
        Outcome v = Outcome.value(null, "null");
        assertThat(v.hasValue()).isTrue();
        assertThat(v.valueText()).isEqualTo("null");
        assertThat(Outcome.interrupted().ename()).isEqualTo("Interrupted");
        assertThat(Outcome.interrupted().ok()).isFalse();
    }

    @Test
    void aFailureGoesWithAFailedStatusOnly() {
        assertThatThrownBy(() -> new Outcome(Outcome.Status.OK, false, null, null, new Outcome.Failure("E", "v", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome(Outcome.Status.ERROR, false, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
