package org.jparallel.jshell;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@WithEvaluator
class EvaluatorAnalysisTest {
    private static Evaluator ev; // shared by the tests, set by WithEvaluator

    @BeforeAll
    static void start() {
        ev.eval("String greeting = \"hi\";\nint computeTotal(int a) { return a; }", new FakeSink());
    }

    private static int cp(String s) {
        return s.codePointCount(0, s.length());
    }

    @Test
    void completesAMemberAndSpansTheToken() {
        String code = "System.out.pri";
        Completion c = ev.complete(code, cp(code));
        assertThat(c.matches()).contains("println(", "print(", "printf(");
        assertThat(c.cursorStart()).isEqualTo(code.indexOf("pri"));
        assertThat(c.cursorEnd()).isEqualTo(code.length());
    }

    @Test
    void completesUserDefinitionsInsideAMultiSnippetCell() {
        String code = "int x = 1;\nSystem.out.println(x);\ncomputeTo";
        Completion c = ev.complete(code, cp(code));
        assertThat(c.matches()).containsExactly("computeTotal(");
        assertThat(c.cursorStart()).isEqualTo(code.indexOf("computeTo"));
    }

    @Test
    void completesNamesDeclaredEarlierInTheSameCell() {
        String code = "import java.time.*;\nString greeting = \"x\"; int n = 2;\ngreeting.toUpperC";
        Completion c = ev.complete(code, cp(code));
        assertThat(c.matches()).containsExactly("toUpperCase(");
        assertThat(c.cursorStart()).isEqualTo(code.indexOf("toUpperC"));
        String local = "var words = new java.util.ArrayList<String>();\nwords.isEm";
        assertThat(ev.complete(local, cp(local)).matches()).containsExactly("isEmpty()");
    }

    @Test
    void positionsAreCodePointsEvenAfterEmoji() {
        String code = "String s = \"😀😀 ✓\"; greeting.toUpp";
        int cursor = cp(code); // two emoji: 2 code points fewer than UTF-16 units
        assertThat(cursor).isEqualTo(code.length() - 2);
        Completion c = ev.complete(code, cursor);
        assertThat(c.matches()).contains("toUpperCase(");
        assertThat(c.cursorEnd()).isEqualTo(cursor);
        assertThat(c.cursorStart()).isEqualTo(cursor - "toUpp".length());
        // the cursor in the middle of the cell, after the emoji, also counts in code points
        String mid = "\"😀\".len + 1";
        Completion m = ev.complete(mid, 7); // after ".len": 1 quote + 1 emoji + 1 quote + ".len"
        assertThat(m.matches()).contains("length()");
        assertThat(m.cursorStart()).isEqualTo(4);
        assertThat(m.cursorEnd()).isEqualTo(7);
    }

    @Test
    void inspectGivesTheSignature() {
        String code = "Math.max(";
        assertThat(ev.inspect(code, cp(code), 0)).hasValueSatisfying(t -> assertThat(t).contains("max(int a, int b)"));
        String user = "computeTotal(3)";
        assertThat(ev.inspect(user, 4, 0)).hasValueSatisfying(t -> assertThat(t).contains("int computeTotal(int a)"));
        assertThat(ev.inspect("String.valueOf", 9, 0)).hasValueSatisfying(t -> assertThat(t).contains("String String.valueOf("));
        assertThat(ev.inspect("int q = 3;\ngreeting", 14, 0)).hasValueSatisfying(t -> assertThat(t).contains("greeting", "java.lang.String"));
        assertThat(ev.inspect("   ", 1, 0)).isEmpty();
    }

    @Test
    void isCompleteKnowsTheThreeStates() {
        assertThat(ev.isComplete("int y = 2;")).isEqualTo(new IsComplete("complete", ""));
        assertThat(ev.isComplete("greeting.length()")).isEqualTo(new IsComplete("complete", ""));
        assertThat(ev.isComplete("")).isEqualTo(new IsComplete("complete", ""));
        assertThat(ev.isComplete("for (int i = 0; i < 3; i++) {")).isEqualTo(new IsComplete("incomplete", "    "));
        assertThat(ev.isComplete("class A {\n  void m() {")).isEqualTo(new IsComplete("incomplete", "        "));
        assertThat(ev.isComplete("int z = 1 +")).isEqualTo(new IsComplete("incomplete", ""));
        assertThat(ev.isComplete("String s = \"\"\"\n  text")).isEqualTo(new IsComplete("incomplete", ""));
        assertThat(ev.isComplete("foo())").status()).isEqualTo("invalid");
        assertThat(ev.isComplete("}").status()).isEqualTo("invalid");
        assertThat(ev.isComplete("String s = \")\";").status()).isEqualTo("complete");
    }
}
