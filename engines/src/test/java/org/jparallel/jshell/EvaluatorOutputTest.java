package org.jparallel.jshell;

import org.jparallel.protocol.Outcome.Status;
import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@WithEvaluator(warm = true)
class EvaluatorOutputTest {
    private static Evaluator ev; // shared by the tests, set by WithEvaluator

    @Test
    void printWithoutNewlineArrivesBeforeEvalReturns() {
        FakeSink sink = new FakeSink();
        ev.eval("System.out.print(\"no newline\")", sink);
        assertThat(sink.out()).isEqualTo("no newline");
    }

    @Test
    void stdoutAndStderrKeepTheirOrder() {
        FakeSink sink = new FakeSink();
        ev.eval("System.out.println(\"one\");\nSystem.err.println(\"two\");\nSystem.out.println(\"three\");", sink);
        assertThat(sink.all()).isEqualTo("one\ntwo\nthree\n");
        assertThat(sink.out()).isEqualTo("one\nthree\n");
        assertThat(sink.err()).isEqualTo("two\n");
    }

    @Test
    void outputOfAThreadTheCellStartsArrives() {
        FakeSink sink = new FakeSink();
        Outcome r = ev.eval("Thread t = new Thread(() -> { for (int i = 0; i < 3; i++) System.out.println(\"worker \" + i); });\n"
                + "t.start();\nt.join();\nSystem.out.println(\"cell\");", sink);
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(sink.out()).isEqualTo("worker 0\nworker 1\nworker 2\ncell\n");
    }

    @Test
    void threadsLeftRunningWriteToTheIdleSink() throws Exception {
        FakeSink idle = new FakeSink();
        ev.setIdleSink(idle);
        try {
            FakeSink sink = new FakeSink();
            Outcome r = ev.eval("java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);\n"
                    + "new Thread(() -> { try { go.await(); } catch (InterruptedException e) { }\n"
                    + "  System.out.println(\"late\"); }).start();\ngo", sink);
            ((java.util.concurrent.CountDownLatch) r.value()).countDown(); // outside any cell
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!idle.out().contains("late") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(idle.out()).isEqualTo("late\n");
        } finally {
            ev.setIdleSink(null);
        }
    }

    @Test
    void sinkIsNeverCalledFromTheCellsThreads() {
        FakeSink sink = new FakeSink();
        ev.eval("for (int i = 0; i < 20000; i++) { System.out.println(\"line \" + i); }", sink);
        assertThat(sink.threads()).isNotEmpty().allMatch(n -> n.equals("jshell-output") || n.equals(Thread.currentThread().getName()));
    }

    @Test
    void twoHundredThousandLinesArriveInOrder() {
        FakeSink sink = new FakeSink();
        long t0 = System.nanoTime();
        Outcome r = ev.eval("for (int i = 0; i < 200_000; i++) { System.out.println(i); }", sink);
        long nanos = System.nanoTime() - t0;
        assertThat(r.status()).isEqualTo(Status.OK);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            expected.append(i).append('\n');
        }
        assertThat(sink.out()).isEqualTo(expected.toString());
        assertThat(sink.calls()).isLessThan(200_000 / 10); // batched, not one call per line
        System.err.printf("[measure] 200000 lines in %d ms: %.0f lines/s, %d sink calls%n",
                TimeUnit.NANOSECONDS.toMillis(nanos), 200_000 / (nanos / 1e9), sink.calls());
    }

    @Test
    void unicodeSurvivesWholeAndSplitAcrossWrites() {
        FakeSink sink = new FakeSink();
        String text = "héllo wörld ✓ 中文 😀 \uD83D\uDC4D🏽";
        ev.eval("String t = \"" + text + "\";\nSystem.out.println(t);\n"
                + "byte[] b = t.getBytes(java.nio.charset.StandardCharsets.UTF_8);\n"
                + "for (int i = 0; i < b.length; i++) { System.out.write(b[i]); System.out.flush(); }\n"
                + "System.out.println();\n"
                + "System.out.println(\"😀\".repeat(5000));", sink);
        assertThat(sink.out()).isEqualTo(text + "\n" + text + "\n" + "😀".repeat(5000) + "\n");
    }
}
