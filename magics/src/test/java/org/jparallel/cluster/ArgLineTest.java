package org.jparallel.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgLineTest {
    @Test
    void splitsLikeAShell() {
        assertThat(ArgLine.split("--hostfile 'my hosts.txt'  -x \"A B\" plain\\ word")).containsExactly(
                "--hostfile", "my hosts.txt", "-x", "A B", "plain word");
        assertThat(ArgLine.split("")).isEmpty();
        assertThat(ArgLine.split("''")).containsExactly("");
        assertThatThrownBy(() -> ArgLine.split("'open")).hasMessageContaining("unclosed");
    }

    @Test
    void joinRoundTrips() {
        List<String> words = List.of("-Dx=a b", "it's", "\"q\"", "back\\slash", "", "-Xmx1g");
        assertThat(ArgLine.split(ArgLine.join(words))).isEqualTo(words);
    }
}
