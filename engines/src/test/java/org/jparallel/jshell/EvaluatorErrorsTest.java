package org.jparallel.jshell;

import org.jparallel.protocol.Outcome.Status;
import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@WithEvaluator
class EvaluatorErrorsTest {
    private static Evaluator ev; // shared by the tests, set by WithEvaluator

    /** The caret line the traceback shows under {@code token} of {@code line}. */
    private static String caretUnder(String line, String token) {
        return " ".repeat(4 + line.indexOf(token)) + "^";
    }

    @Test
    void compileErrorNamesTheLineAndPutsACaretUnderTheProblem() {
        FakeSink sink = new FakeSink();
        Outcome r = ev.eval("int ok = 1;\nSystem.out.println(\"before\");\nint bad = ok + missingName;\nSystem.out.println(\"after\");", sink);
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.failure().ename()).isEqualTo("CompilationError");
        assertThat(r.failure().evalue()).isEqualTo("cannot find symbol: variable missingName");
        assertThat(r.failure().traceback()).containsSubsequence(
                "line 3: cannot find symbol",
                "    int bad = ok + missingName;",
                caretUnder("int bad = ok + missingName;", "missingName"));
        assertThat(sink.out()).isEqualTo("before\n");
    }

    @Test
    void syntaxErrorOnALaterLine() {
        Outcome r = ev.eval("int a1 = 1;\n\nvoid m() {\n    int q = 1\n}", new FakeSink());
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.failure().evalue()).isEqualTo("';' expected");
        assertThat(r.failure().traceback()).containsSubsequence("line 4: ';' expected", "        int q = 1", " ".repeat(4 + "    int q = 1".length()) + "^");
    }

    @Test
    void cellEndingInsideABlockIsAClearErrorAndRunsNothing() {
        FakeSink sink = new FakeSink();
        Outcome r = ev.eval("System.out.println(\"x\");\nfor (int i = 0; i < 3; i++) {\n  System.out.println(i);", sink);
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.failure().ename()).isEqualTo("CompilationError");
        assertThat(r.failure().evalue()).contains("'{' is never closed");
        assertThat(r.failure().traceback()).containsSubsequence("line 2: '{' is never closed: the cell ends before the code is complete",
                "    for (int i = 0; i < 3; i++) {", caretUnder("for (int i = 0; i < 3; i++) {", "{"));
        assertThat(sink.out()).isEmpty();
    }

    @Test
    void runtimeExceptionKeepsTheUserFramesOnly() {
        ev.eval("int divide(int a, int b) {\n    return a / b;\n}", new FakeSink());
        Outcome r = ev.eval("int zero = 0;\ndivide(1, zero)", new FakeSink());
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.failure().ename()).isEqualTo("java.lang.ArithmeticException");
        assertThat(r.failure().evalue()).isEqualTo("/ by zero");
        assertThat(r.failure().traceback().get(0)).isEqualTo("java.lang.ArithmeticException: / by zero");
        assertThat(r.failure().traceback()).hasSize(3);
        assertThat(r.failure().traceback().get(1)).matches("    at divide \\(#\\d+:2\\)");
        assertThat(r.failure().traceback().get(2)).matches("    at \\(#\\d+:1\\)");
        assertThat(String.join("\n", r.failure().traceback())).doesNotContain("jdk.jshell", "org.jparallel", "reflect");
    }

    @Test
    void exceptionFromLibraryCodeShowsLibraryFramesAndCauses() {
        Outcome r = ev.eval("class Oops extends RuntimeException { Oops(String m, Throwable c) { super(m, c); } }\n"
                + "try { new ArrayList<String>().get(2); } catch (IndexOutOfBoundsException e) { throw new Oops(\"wrapped\", e); }",
                new FakeSink());
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.failure().ename()).isEqualTo("Oops");
        assertThat(r.failure().traceback().get(0)).isEqualTo("Oops: wrapped");
        assertThat(r.failure().traceback()).anyMatch(l -> l.startsWith("Caused by: java.lang.IndexOutOfBoundsException: Index 2 out of bounds"));
        assertThat(r.failure().traceback()).anyMatch(l -> l.contains("java.util.ArrayList.get"));
        assertThat(String.join("\n", r.failure().traceback())).doesNotContain("jdk.jshell", "org.jparallel");
    }

    @Test
    void messagesDoNotShowJShellsWrapperNames() {
        Outcome npe = ev.eval("String nothing = null;\nnothing.length()", new FakeSink());
        assertThat(npe.failure().ename()).isEqualTo("java.lang.NullPointerException");
        assertThat(npe.failure().evalue()).contains("because \"nothing\" is null").doesNotContain("REPL");
        Outcome cce = ev.eval("class Apple { }\nObject fruit = new Apple();\nString s = (String) fruit;", new FakeSink());
        assertThat(cce.failure().ename()).isEqualTo("java.lang.ClassCastException");
        assertThat(cce.failure().evalue()).startsWith("class Apple cannot be cast to class java.lang.String").doesNotContain("REPL");
    }

    @Test
    void unresolvedReferenceIsAnError() {
        Outcome r = ev.eval("int usesMissing() {\n    return notYetDefined(3);\n}", new FakeSink());
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.failure().ename()).isEqualTo("CompilationError");
        assertThat(r.failure().evalue()).isEqualTo("cannot find symbol: method notYetDefined(int) (used by method usesMissing())");
        assertThat(r.failure().traceback()).containsSubsequence("line 2: cannot find symbol: method notYetDefined(int)",
                "        return notYetDefined(3);", caretUnder("    return notYetDefined(3);", "notYetDefined"));
        // calling it before the missing method exists is an error too
        Outcome call = ev.eval("usesMissing()", new FakeSink());
        assertThat(call.status()).isEqualTo(Status.ERROR);
        assertThat(call.failure().ename()).isEqualTo("UnresolvedReferenceError");
        assertThat(call.failure().evalue()).contains("method usesMissing()", "notYetDefined(int)");
        // defining it later makes the first one usable (JShell keeps forward references)
        assertThat(ev.eval("int notYetDefined(int v) { return v * 10; }", new FakeSink()).status()).isEqualTo(Status.OK);
        assertThat(ev.eval("usesMissing()", new FakeSink()).value()).isEqualTo(30);
    }

    @Test
    void forwardReferenceResolvedInTheSameCellIsFine() {
        Outcome r = ev.eval("boolean isEven(int n) { return n == 0 || isOdd(n - 1); }\n"
                + "boolean isOdd(int n) { return n != 0 && isEven(n - 1); }\nisEven(10)", new FakeSink());
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.value()).isEqualTo(true);
    }

    @Test
    void errorsLeaveTheEvaluatorUsable() {
        ev.eval("throw new IllegalStateException(\"x\")", new FakeSink());
        ev.eval("int ) broken", new FakeSink());
        assertThat(ev.eval("// only a comment\n\n", new FakeSink())).isEqualTo(Outcome.success());
        assertThat(ev.eval("6 * 7", new FakeSink()).value()).isEqualTo(42);
    }
}
