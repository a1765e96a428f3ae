package org.jparallel.jshell;

import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A declaration JShell wrongly keeps as "recoverable" must not break the cells after it. */
@WithEvaluator
class EvaluatorPoisonTest {
    private static Evaluator ev; // shared by the tests, set by WithEvaluator

    @Test
    void aConstantStringOverTheClassFileLimitIsACompileErrorAndLaterCellsRun() {
        Outcome r = ev.eval("String big = \"" + "y".repeat(1 << 20) + "\";", new FakeSink());
        assertThat(r.status()).isEqualTo(Outcome.Status.ERROR);
        assertThat(r.failure().ename()).isEqualTo("CompilationError");
        assertThat(r.failure().evalue()).isEqualTo("constant string too long");
        Outcome next = ev.eval("6 * 7", new FakeSink());
        assertThat(next.status()).isEqualTo(Outcome.Status.OK);
        assertThat(next.valueText()).isEqualTo("42");
        Outcome big = ev.eval("String big = \"small\"; big", new FakeSink());
        assertThat(big.valueText()).isEqualTo("\"small\"");
        Outcome block = ev.eval("String tb = \"\"\"\n" + "z".repeat(70_000) + "\"\"\";", new FakeSink());
        assertThat(block.failure().evalue()).isEqualTo("constant string too long");
        Outcome escapes = ev.eval("String e = \"" + "\\u00e9".repeat(40_000) + "\";", new FakeSink());
        assertThat(escapes.failure().evalue()).as("40,000 two-byte characters written as escapes").isEqualTo("constant string too long");
        assertThat(ev.eval("\"" + "\\n".repeat(40_000) + "\".length()", new FakeSink()).valueText())
                .as("40,000 one-byte escapes fit").isEqualTo("40000");
        assertThat(ev.eval("// \"" + "q".repeat(70_000) + "\"\n1 + 1", new FakeSink()).valueText())
                .as("a comment is no literal").isEqualTo("2");
        assertThat(ev.eval("6 * 7", new FakeSink()).valueText()).isEqualTo("42");
    }

    @Test
    void aForwardReferenceStillWaitsForItsDeclaration() {
        Outcome f = ev.eval("int later() { return helper() * 2; }", new FakeSink());
        assertThat(f.status()).isEqualTo(Outcome.Status.ERROR);
        assertThat(f.failure().evalue()).contains("helper");
        assertThat(ev.eval("int helper() { return 21; }", new FakeSink()).status()).isEqualTo(Outcome.Status.OK);
        assertThat(ev.eval("later()", new FakeSink()).valueText()).isEqualTo("42");
    }
}
