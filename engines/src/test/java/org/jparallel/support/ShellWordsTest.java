package org.jparallel.support;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShellWordsTest {
    @Test
    void splitsLikeAShell() {
        assertThat(ShellWords.split("--hostfile 'my hosts.txt'  -x \"A B\" plain\\ word")).containsExactly(
                "--hostfile", "my hosts.txt", "-x", "A B", "plain word");
        assertThat(ShellWords.split("")).isEmpty();
        assertThat(ShellWords.split("''")).containsExactly("");
        assertThatThrownBy(() -> ShellWords.split("'open")).hasMessageContaining("an unterminated single quote");
    }

    @Test
    void joinRoundTrips() {
        List<String> words = List.of("-Dx=a b", "it's", "\"q\"", "back\\slash", "", "-Xmx1g");
        assertThat(ShellWords.split(ShellWords.join(words))).isEqualTo(words);
    }
}
