package org.jparallel.magics;


import org.jparallel.cluster.ParallelException;
import org.jparallel.cluster.TargetSpec;
import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What %px shows, run against simulated engines (the real ones are in the end-to-end tests). */
@Timeout(30)
class PxRunnerTest {
    // No progress line unless a test asks for one: on a loaded machine a run of a few ms can take
    // longer than a short progress delay, and the line would join the output the test compares.
    private static final PxRunner.Timing FAST = new PxRunner.Timing(60_000, 10, 500, 100, 64 * 1024);
    private static final PxRunner.Timing PROGRESS = new PxRunner.Timing(300, 10, 500, 100, 64 * 1024);

    private static PxSettings settings(GroupOutputs g, boolean stream, double timeout) {
        return new PxSettings(TargetSpec.all(), true, g, stream, false, timeout, null, false);
    }

    private static Outcome run(FakeBackend b, OutputArea area, PxSettings s) {
        return run(b, area, s, FAST);
    }

    private static Outcome run(FakeBackend b, OutputArea area, PxSettings s, PxRunner.Timing timing) {
        PxRunner r = new PxRunner(b, timing);
        PxRun run = r.start(s, "code");
        return r.await(run, s.groupOutputs(), s.stream(), s.timeoutSeconds(), area);
    }

    private static FakeBackend twoEnginesInterleaved() {
        FakeBackend b = new FakeBackend(0, 1);
        b.on(1).out("one\n").pause(60).out("three\n").err("warn1\n").result("11");
        b.on(0).pause(30).out("two\n").pause(60).out("four\nfive").out(" six\n").err("warn0\n").result("10");
        return b;
    }

    @Test
    void streamedOutputEndsGroupedByEngineWithoutClearing() {
        OutputArea area = new OutputArea();
        Outcome o = run(twoEnginesInterleaved(), area, settings(GroupOutputs.ENGINE, true, 0));
        assertThat(o.ok()).isTrue();
        assertThat(area.text()).isEqualTo("""
                [stdout:0] two
                [stdout:0] four
                [stdout:0] five six
                [stderr:0] warn0
                Out[0:1]: 10
                [stdout:1] one
                [stdout:1] three
                [stderr:1] warn1
                Out[1:1]: 11
                """);
        assertThat(area.count("stream")).isZero(); // streamed through displays only
        // One display per engine and stream while running, then the two results.
        assertThat(area.count("display")).isEqualTo(6);
        assertThat(area.count("update")).isGreaterThan(0);
    }

    @Test
    void groupedByType() {
        OutputArea area = new OutputArea();
        run(twoEnginesInterleaved(), area, settings(GroupOutputs.TYPE, true, 0));
        assertThat(area.text()).isEqualTo("""
                [stdout:0] two
                [stdout:0] four
                [stdout:0] five six
                [stdout:1] one
                [stdout:1] three
                [stderr:0] warn0
                [stderr:1] warn1
                Out[0:1]: 10
                Out[1:1]: 11
                """);
    }

    @Test
    void inArrivalOrder() {
        OutputArea area = new OutputArea();
        FakeBackend b = new FakeBackend(0, 1);
        b.on(1).out("a").pause(100).out("b\n").result("1");
        b.on(0).pause(50).out("x\n").pause(200).result("0");
        run(b, area, settings(GroupOutputs.ORDER, false, 0));
        assertThat(area.text()).isEqualTo("""
                [stdout:1] a
                [stdout:0] x
                [stdout:1] b
                Out[1:1]: 1
                Out[0:1]: 0
                """);
        assertThat(area.blocks).extracting(bl -> bl.kind).containsExactly("stdout", "display", "display");
    }

    @Test
    void notStreamedMeansEverythingAtTheEndAsStreams() {
        OutputArea area = new OutputArea();
        Outcome o = run(twoEnginesInterleaved(), area, settings(GroupOutputs.ENGINE, false, 0));
        assertThat(o.ok()).isTrue();
        assertThat(area.text()).startsWith("[stdout:0] two\n[stdout:0] four\n[stdout:0] five six\n[stderr:0] warn0\nOut[0:1]: 10\n");
        assertThat(area.count("update")).isZero();
        assertThat(area.blocks).extracting(bl -> bl.kind)
                .containsExactly("stdout", "stderr", "display", "stdout", "stderr", "display");
    }

    @Test
    void multiLineValuesStartOnTheirOwnLine() {
        OutputArea area = new OutputArea();
        FakeBackend b = new FakeBackend(0);
        b.on(0).result("int[2] { 1,\n2 }");
        run(b, area, settings(GroupOutputs.ENGINE, true, 0));
        assertThat(area.text()).isEqualTo("Out[0:1]: \nint[2] { 1,\n2 }\n");
    }

    @Test
    void failuresOnSomeEnginesKeepTheOthersOutputAndEndTheCellWithAParallelError() {
        OutputArea area = new OutputArea();
        FakeBackend b = new FakeBackend(0, 1, 2, 3);
        b.on(0).out("fine\n").result("0");
        b.on(1).out("before\n").fail("java.lang.ArithmeticException", "/ by zero",
                "java.lang.ArithmeticException: / by zero", "    at divide (#3:2)", "    at (#4:1)");
        b.on(3).fail("CompilationError", "cannot find symbol", "cannot find symbol", "  symbol: variable y", "y + 1", "^");
        PxRunner r = new PxRunner(b, FAST);
        PxSettings s = settings(GroupOutputs.ENGINE, true, 0);
        PxRun px = r.start(s, "code");
        Outcome o = r.await(px, GroupOutputs.ENGINE, true, 0, area);
        assertThat(o.ok()).isFalse();
        assertThat(o.ename()).isEqualTo("ParallelError");
        assertThat(o.evalue()).isEqualTo("2 of 4 engines failed");
        assertThat(o.traceback()).containsExactly(
                "[1:execute] java.lang.ArithmeticException: / by zero",
                "    at divide (#3:2)",
                "    at (#4:1)",
                "[3:execute] CompilationError: cannot find symbol",
                "  symbol: variable y",
                "y + 1",
                "^",
                "ParallelError: 2 of 4 engines failed");
        assertThat(area.text()).isEqualTo("[stdout:0] fine\nOut[0:1]: 0\n[stdout:1] before\n");
        assertThatThrownBy(px.result::get).isInstanceOf(ParallelException.class)
                .hasMessageStartingWith("2 of 4 engines failed\n[1:execute] java.lang.ArithmeticException: / by zero");
    }

    @Test
    void aLongWaitShowsProgressThatEndsFinalised() {
        OutputArea area = new OutputArea();
        FakeBackend b = new FakeBackend(0, 1);
        b.on(0).out("quick\n");
        b.on(1).pause(800).out("slow\n");
        run(b, area, settings(GroupOutputs.ENGINE, true, 0), PROGRESS);
        assertThat(area.text()).matches("(?s)\\[stdout:0] quick\n\\[stdout:1] slow\n2/2 engines done in \\d+\\.\\d s\n");
        assertThat(area.log).contains("display d1"); // the progress line appeared while engine 1 was busy
    }

    @Test
    void progressWithoutStreamingStaysAboveTheOutput() {
        OutputArea area = new OutputArea();
        FakeBackend b = new FakeBackend(0);
        b.on(0).pause(600).out("late\n");
        run(b, area, settings(GroupOutputs.ENGINE, false, 0), PROGRESS);
        assertThat(area.text()).matches("1/1 engines done in \\d+\\.\\d s\n\\[stdout:0] late\n");
    }

    @Test
    void aTimeoutInterruptsTheEnginesStillRunningAndSaysWhereTheyWere() {
        OutputArea area = new OutputArea();
        FakeBackend b = new FakeBackend(0, 1);
        b.on(0).out("done\n");
        b.on(1).out("waiting\n").hang();
        Outcome o = run(b, area, settings(GroupOutputs.ENGINE, true, 0.4));
        assertThat(o.ename()).isEqualTo("TimeoutError");
        assertThat(o.evalue()).isEqualTo("engine 1 was still running after 0.4 s");
        assertThat(o.traceback()).containsExactly(
                "[1:execute] still running after 0.4 s, at:",
                "    at java.lang.Thread.sleep(Native Method)",
                "    at the cell's code (notebook)",
                "The engines were interrupted and are ready for the next %px.",
                "TimeoutError: engine 1 was still running after 0.4 s");
        assertThat(b.calls).containsSubsequence("stacks [1]", "interrupt [1]");
        assertThat(area.text()).contains("[stdout:0] done\n[stdout:1] waiting\n");
    }

    @Test
    void enginesStuckInNativeCodeAreReportedWithTheirStacksAndTheWayOut() {
        OutputArea area = new OutputArea();
        FakeBackend b = new FakeBackend(0, 1);
        b.on(0).stuck();
        b.on(1).stuck();
        long t0 = System.nanoTime();
        Outcome o = run(b, area, settings(GroupOutputs.ENGINE, true, 0.3));
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
        assertThat(o.ename()).isEqualTo("TimeoutError");
        assertThat(o.evalue()).isEqualTo("engines 0, 1 were still running after 0.3 s");
        assertThat(o.traceback()).contains(
                "[0:execute] still running after 0.3 s, at:",
                "    at mpi.Comm.recv(Native Method)",
                "    at ring (notebook)",
                "[1:execute] still running after 0.3 s, at:",
                "Engines 0, 1 did not stop when interrupted: stuck in native code (an MPI call such as recv, for example)"
                        + " that cannot be interrupted. Run %cluster restart to replace the engines.");
        assertThat(String.join("\n", o.traceback())).doesNotContain("jdk.internal").doesNotContain("org.jparallel");
    }

    @Test
    void interruptingTheCellInterruptsTheEngines() throws Exception {
        OutputArea area = new OutputArea();
        FakeBackend b = new FakeBackend(0, 1);
        b.on(0).out("spinning\n").hang();
        b.on(1).hang();
        PxRunner r = new PxRunner(b, FAST);
        PxSettings s = settings(GroupOutputs.ENGINE, true, 0);
        PxRun run = r.start(s, "while (true) {}");
        Runnable hook = PxRunner.interruptHook(run);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            hook.run();
        });
        t.start();
        Outcome o = r.await(run, GroupOutputs.ENGINE, true, 0, area);
        assertThat(o.ename()).isEqualTo("Interrupted");
        assertThat(o.evalue()).isEqualTo("the cell was interrupted; engines 0, 1 stopped");
        assertThat(o.traceback()).containsExactly("The engines were interrupted and are ready for the next %px.",
                "Interrupted: the cell was interrupted; engines 0, 1 stopped");
        assertThat(b.calls).contains("interrupt [0, 1]");
        assertThat(area.text()).isEqualTo("[stdout:0] spinning\n");
    }

    @Test
    void bigOutputIsSplitIntoSeveralDisplaysAndStillEndsInEngineOrder() {
        OutputArea area = new OutputArea();
        FakeBackend b = new FakeBackend(0, 1);
        StringBuilder expected0 = new StringBuilder();
        StringBuilder expected1 = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            b.on(1).out("line " + i + "\n");
            b.on(0).out("zero " + i + "\n");
            expected0.append("[stdout:0] zero ").append(i).append('\n');
            expected1.append("[stdout:1] line ").append(i).append('\n');
        }
        PxRunner r = new PxRunner(b, new PxRunner.Timing(60_000, 1, 500, 100, 100));
        PxSettings s = settings(GroupOutputs.ENGINE, true, 0);
        r.await(r.start(s, "code"), GroupOutputs.ENGINE, true, 0, area);
        assertThat(area.text()).isEqualTo(expected0.toString() + expected1);
        assertThat(area.count("display")).isGreaterThan(10);
    }

    @Test
    void targetsAreResolvedAgainstTheEnginesAndBadOnesSendNothing() {
        FakeBackend b = new FakeBackend(0, 1, 2, 3);
        PxRunner r = new PxRunner(b, FAST);
        PxSettings s = new PxSettings(TargetSpec.parse("::2"), true, GroupOutputs.ENGINE, true, false, 0, null, false);
        PxRun run = r.start(s, "x");
        assertThat(run.targets).containsExactly(0, 2);
        r.await(run, GroupOutputs.ENGINE, true, 0, new OutputArea());
        PxSettings bad = new PxSettings(TargetSpec.parse("7"), true, GroupOutputs.ENGINE, true, false, 0, null, false);
        assertThatThrownBy(() -> r.start(bad, "x")).isInstanceOf(UsageError.class)
                .hasMessage("target 7 is out of range: the engines are 0-3");
        assertThat(b.calls).containsExactly("execute [0, 2] x");
    }

    @Test
    void theAsyncResultHasValuesAndOutput() {
        FakeBackend b = new FakeBackend(0, 1);
        b.on(0).out("a\n").result("\"x\"");
        b.on(1).out("b\n");
        PxRunner r = new PxRunner(b, FAST);
        PxRun run = r.start(settings(GroupOutputs.ENGINE, true, 0), "code");
        assertThat(run.result.get(java.time.Duration.ofSeconds(10))).containsExactly("\"x\"", null);
        assertThat(run.result.stdout()).containsExactly("a\n", "b\n");
        assertThat(run.result.ready()).isTrue();
        assertThat(run.result.toString()).isEqualTo("<AsyncResult(%px): finished, engines 0, 1>");
        assertThat(List.of(run.result.engines())).containsExactly(List.of(0, 1));
    }
}
