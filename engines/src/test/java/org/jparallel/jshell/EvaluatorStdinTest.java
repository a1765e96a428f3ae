package org.jparallel.jshell;

import org.jparallel.protocol.Outcome.Status;
import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@WithEvaluator
class EvaluatorStdinTest {
    private static Evaluator ev; // shared by the tests, set by WithEvaluator

    /** Answers lines from a list and notes what the cell had printed when each was asked. */
    private static final class Answers implements StdinSource {
        final Deque<String> lines;
        final List<String> seenOutput = new ArrayList<>();
        final FakeSink sink;

        Answers(FakeSink sink, String... lines) {
            this.sink = sink;
            this.lines = new ArrayDeque<>(List.of(lines));
        }

        @Override
        public String readLine(String prompt, boolean password) {
            seenOutput.add(sink.out());
            return lines.poll();
        }
    }

    @Test
    void scannerNextLineAsksTheSourceAndThePromptIsShownFirst() {
        FakeSink sink = new FakeSink();
        Answers answers = new Answers(sink, "Ada Lovelace");
        ev.setStdin(answers);
        try {
            Outcome r = ev.eval("System.out.print(\"Name: \");\nString name = new java.util.Scanner(System.in).nextLine();\n"
                    + "System.out.println(\"Hello, \" + name + \"!\");", sink);
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(answers.seenOutput).containsExactly("Name: ");
            assertThat(sink.out()).isEqualTo("Name: Hello, Ada Lovelace!\n");
        } finally {
            ev.setStdin(null);
        }
    }

    @Test
    void eachLineIsOneRequestAndEndOfInputIsNull() {
        FakeSink sink = new FakeSink();
        Answers answers = new Answers(sink, "3", "4", "héllo 😀");
        ev.setStdin(answers);
        try {
            Outcome r = ev.eval("var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));\n"
                    + "int a = Integer.parseInt(in.readLine());\nint b = Integer.parseInt(in.readLine());\n"
                    + "String t = in.readLine();\nString end = in.readLine();\na * b + \" \" + t + \" \" + end", sink);
            assertThat(r.status()).isEqualTo(Status.OK);
            assertThat(r.value()).isEqualTo("12 héllo 😀 null");
            assertThat(answers.seenOutput).hasSize(4);
        } finally {
            ev.setStdin(null);
        }
    }

    @Test
    void withoutASourceReadingFailsWithAClearMessage() {
        ev.setStdin(null);
        Outcome r = ev.eval("new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()", new FakeSink());
        assertThat(r.status()).isEqualTo(Status.ERROR);
        assertThat(r.failure().ename()).isEqualTo("java.io.IOException");
        assertThat(r.failure().evalue()).contains("System.in has no input here").contains("allow_stdin");
    }
}
