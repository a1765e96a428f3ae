package org.jparallel.jshell;

import org.jparallel.protocol.Outcome.Status;
import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@WithEvaluator(warm = true)
class EvaluatorBasicsTest {
    private static Evaluator ev; // shared by the tests, set by WithEvaluator

    private static Outcome run(String code) {
        return ev.eval(code, new FakeSink());
    }

    @Test
    void stateCarriesAcrossCells() {
        assertThat(run("int base = 40;").status()).isEqualTo(Status.OK);
        assertThat(run("int addTwo(int v) { return v + 2; }").status()).isEqualTo(Status.OK);
        Outcome r = run("addTwo(base)");
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.hasValue()).isTrue();
        assertThat(r.valueText()).isEqualTo("42");
        assertThat(r.value()).isEqualTo(42);
    }

    @Test
    void mixedCellRunsInOrderAndShowsTheLastExpression() {
        FakeSink sink = new FakeSink();
        Outcome r = ev.eval("import java.time.Duration;\nint a = 2;\nSystem.out.println(\"a=\" + a);\n"
                + "class Box { int v; Box(int v) { this.v = v; } }\nvoid show(Box b) { System.out.println(\"box \" + b.v); }\n"
                + "show(new Box(a * 3));\nDuration.ofSeconds(a)", sink);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(sink.out()).isEqualTo("a=2\nbox 6\n");
        assertThat(r.valueText()).isEqualTo("PT2S");
        assertThat(r.value()).isEqualTo(java.time.Duration.ofSeconds(2));
    }

    @Test
    void valueObjectIsTheObjectItself() {
        Outcome r = run("List<String> names = new ArrayList<>(List.of(\"x\", \"y\"));\nnames");
        assertThat(r.value()).isInstanceOf(List.class).isEqualTo(List.of("x", "y"));
        assertThat(r.valueText()).isEqualTo("[x, y]");
        Outcome arr = run("new int[] {1, 2, 3}");
        assertThat(arr.valueText()).isEqualTo("int[3] { 1, 2, 3 }");
        assertThat(arr.value()).isEqualTo(new int[] {1, 2, 3});
        Outcome s = run("\"abc\"");
        assertThat(s.valueText()).isEqualTo("\"abc\"");
        assertThat(s.value()).isEqualTo("abc");
        Outcome assign = run("int counter = 1;\ncounter = 7");
        assertThat(assign.value()).isEqualTo(7);
        assertThat(assign.valueText()).isEqualTo("7");
    }

    @Test
    void statementsDeclarationsAndSemicolonEndedExpressionsHaveNoValue() {
        assertThat(run("int q = 5;").hasValue()).isFalse();
        assertThat(run("System.out.println(1)").hasValue()).isFalse();
        assertThat(run("q + 1;").hasValue()).isFalse();
        assertThat(run("q + 1").hasValue()).isTrue();
        assertThat(run("void nothing() {}\nnothing()").hasValue()).isFalse();
    }
}
