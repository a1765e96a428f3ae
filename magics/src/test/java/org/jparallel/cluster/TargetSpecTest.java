package org.jparallel.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetSpecTest {
    private static final List<Integer> FOUR = List.of(0, 1, 2, 3);

    private static List<Integer> on(String spec, List<Integer> ids) {
        return TargetSpec.parse(spec).resolve(ids);
    }

    @Test
    void allSelectsEveryEngineSorted() {
        assertThat(on("all", List.of(2, 0, 1))).containsExactly(0, 1, 2);
        assertThat(on(" ALL ", FOUR)).containsExactly(0, 1, 2, 3);
        assertThat(TargetSpec.parse("all").isAll()).isTrue();
    }

    @Test
    void singleIdsAndListsAreEngineIds() {
        assertThat(on("3", FOUR)).containsExactly(3);
        assertThat(on("0,2", FOUR)).containsExactly(0, 2);
        assertThat(on("[2, 0]", FOUR)).containsExactly(2, 0);
        assertThat(on("1,1,1", FOUR)).containsExactly(1);
        assertThat(on("-1", FOUR)).containsExactly(3);
        assertThat(on("5", List.of(4, 5, 6))).containsExactly(5);
    }

    @Test
    void slicesFollowPythonOverTheSortedIds() {
        assertThat(on("1:3", FOUR)).containsExactly(1, 2);
        assertThat(on("::2", FOUR)).containsExactly(0, 2);
        assertThat(on("1::2", FOUR)).containsExactly(1, 3);
        assertThat(on("-2:", FOUR)).containsExactly(2, 3);
        assertThat(on(":", FOUR)).containsExactly(0, 1, 2, 3);
        assertThat(on("::-1", FOUR)).containsExactly(3, 2, 1, 0);
        assertThat(on("2:100", FOUR)).containsExactly(2, 3);
        assertThat(on("1:3", List.of(10, 11, 12, 13))).containsExactly(11, 12);
        assertThat(on("0,2:", FOUR)).containsExactly(0, 2, 3);
    }

    @Test
    void slicesMatchPythonForEveryShortSlice() {
        // Python's rules spelled out: for each start/stop/step in -5..5, compare with a direct model.
        for (Integer start : nullable()) {
            for (Integer stop : nullable()) {
                for (Integer step : nullable()) {
                    if (step != null && step == 0) {
                        continue;
                    }
                    String spec = s(start) + ":" + s(stop) + (step == null ? "" : ":" + step);
                    List<Integer> expected = python(start, stop, step, 4);
                    if (expected.isEmpty()) {
                        assertThatThrownBy(() -> on(spec, FOUR)).hasMessageContaining("select no engine");
                    } else {
                        assertThat(on(spec, FOUR)).as(spec).containsExactlyElementsOf(expected);
                    }
                }
            }
        }
    }

    private static List<Integer> nullable() {
        List<Integer> out = new java.util.ArrayList<>();
        out.add(null);
        IntStream.rangeClosed(-5, 5).forEach(out::add);
        return out;
    }

    private static String s(Integer i) {
        return i == null ? "" : i.toString();
    }

    /** CPython's PySlice_AdjustIndices, written out independently of the code under test. */
    private static List<Integer> python(Integer start, Integer stop, Integer step, int n) {
        int st = step == null ? 1 : step;
        int a;
        int b;
        if (start == null) {
            a = st < 0 ? n - 1 : 0;
        } else {
            a = start;
            if (a < 0) {
                a += n;
                if (a < 0) {
                    a = st < 0 ? -1 : 0;
                }
            } else if (a >= n) {
                a = st < 0 ? n - 1 : n;
            }
        }
        if (stop == null) {
            b = st < 0 ? -1 : n;
        } else {
            b = stop;
            if (b < 0) {
                b += n;
                if (b < 0) {
                    b = st < 0 ? -1 : 0;
                }
            } else if (b >= n) {
                b = st < 0 ? n - 1 : n;
            }
        }
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = a; st > 0 ? i < b : i > b; i += st) {
            out.add(i);
        }
        return out;
    }

    @Test
    void outOfRangeTargetsNameTheTargetAndTheEngines() {
        assertThatThrownBy(() -> on("4", FOUR)).hasMessage("target 4 is out of range: the engines are 0-3");
        assertThatThrownBy(() -> on("0,7", FOUR)).hasMessageContaining("target 7 is out of range");
        assertThatThrownBy(() -> on("-5", FOUR)).hasMessageContaining("target -5 is out of range");
        assertThatThrownBy(() -> on("5:9", FOUR)).hasMessageContaining("targets '5:9' select no engine");
        assertThatThrownBy(() -> on("all", List.of())).hasMessageContaining("no engines");
    }

    @Test
    void garbageIsRejectedWithTheBadPartNamed() {
        assertThatThrownBy(() -> TargetSpec.parse("")).hasMessageContaining("targets are empty");
        assertThatThrownBy(() -> TargetSpec.parse("abc")).hasMessageContaining("'abc' is not an engine id");
        assertThatThrownBy(() -> TargetSpec.parse("1,,2")).hasMessageContaining("empty item");
        assertThatThrownBy(() -> TargetSpec.parse("1:2:3:4")).hasMessageContaining("more than two colons");
        assertThatThrownBy(() -> TargetSpec.parse("::0")).hasMessageContaining("step cannot be zero");
        assertThatThrownBy(() -> TargetSpec.parse("1.5")).hasMessageContaining("'1.5' is not an engine id");
        assertThatThrownBy(() -> TargetSpec.parse("99999999999")).hasMessageContaining("is not an engine id");
    }

    @Test
    void explicitListsAndDescriptions() {
        assertThat(TargetSpec.of(List.of(1, 3)).resolve(FOUR)).containsExactly(1, 3);
        assertThat(TargetSpec.of(List.of(1, 3)).toString()).isEqualTo("1,3");
        assertThatThrownBy(() -> TargetSpec.of(List.of())).hasMessageContaining("empty");
        assertThat(TargetSpec.describe(List.of(3, 1, 0, 2))).isEqualTo("0-3");
        assertThat(TargetSpec.describe(List.of(0, 2))).isEqualTo("0, 2");
        assertThat(TargetSpec.describe(List.of(0, 1))).isEqualTo("0, 1");
    }
}
