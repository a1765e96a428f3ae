package org.jparallel.jshell;

import org.jparallel.protocol.Outcome.Status;
import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@WithEvaluator(warm = true)
class EvaluatorInterruptTest {
    private static Evaluator ev; // shared by the tests, set by WithEvaluator

    /** Starts a cell, waits until its snippet thread runs {@code marker}, interrupts it. */
    private static Outcome runAndInterrupt(String cell, String marker, FakeSink sink) throws Exception {
        CompletableFuture<Outcome> f = CompletableFuture.supplyAsync(() -> ev.eval(cell, sink));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Arrays.stream(ev.runningStack()).anyMatch(e -> e.toString().contains(marker))) {
            assertThat(System.nanoTime()).as("cell should reach " + marker).isLessThan(deadline);
            assertThat(f.isDone()).as("cell ended before it was interrupted: " + (f.isDone() ? f.get() : "")).isFalse();
            Thread.sleep(10);
        }
        StackTraceElement[] stack = ev.runningStack();
        ev.interrupt();
        Outcome r = f.get(20, TimeUnit.SECONDS);
        // where the cell is stuck: the user's frames, ending with the snippet's own
        if (stack.length > 0) {
            assertThat(stack[stack.length - 1].getClassName()).startsWith("REPL.$JShell$");
            assertThat(stack).noneMatch(e -> e.getClassName().startsWith("jdk.jshell")
                    || e.getClassName().startsWith("org.jparallel.jshell.Snippet"));
        }
        return r;
    }

    @Test
    void interruptStopsABusyLoop() throws Exception {
        ev.eval("void spinForever() { long n = 0; while (true) { n++; } }", new FakeSink());
        Outcome r = runAndInterrupt("System.out.println(\"start\");\nspinForever();\nSystem.out.println(\"never\");",
                "spinForever", new FakeSink());
        assertThat(r.status()).isEqualTo(Status.INTERRUPTED);
        assertThat(r.failure().ename()).isEqualTo("Interrupted");
        assertThat(r.failure().evalue()).isEqualTo("the cell was interrupted");
        assertThat(ev.isRunning()).isFalse();
        assertThat(ev.eval("21 * 2", new FakeSink()).value()).isEqualTo(42);
    }

    @Test
    void interruptStopsALoopWrittenInTheCell() throws Exception {
        FakeSink sink = new FakeSink();
        Outcome r = runAndInterrupt("System.out.println(\"looping\");\nwhile (true) { }", "REPL.", sink);
        assertThat(r.status()).isEqualTo(Status.INTERRUPTED);
        assertThat(sink.out()).isEqualTo("looping\n");
    }

    @Test
    void interruptStopsSleep() throws Exception {
        long t0 = System.nanoTime();
        Outcome r = runAndInterrupt("Thread.sleep(600_000);", "sleep", new FakeSink());
        assertThat(r.status()).isEqualTo(Status.INTERRUPTED);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(60);
        assertThat(ev.eval("\"after\"", new FakeSink()).value()).isEqualTo("after");
    }

    @Test
    void interruptStopsThreadsTheCellStarted() throws Exception {
        FakeSink sink = new FakeSink();
        Outcome r = runAndInterrupt("Thread worker = new Thread(() -> { while (true) { } }, \"busy-worker\");\n"
                + "worker.start();\nSystem.out.println(\"started\");\nworker.join();", "join", sink);
        assertThat(r.status()).isEqualTo(Status.INTERRUPTED);
        assertThat(sink.out()).isEqualTo("started\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("busy-worker"))
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("busy-worker"));
    }

    @Test
    void interruptStopsAPrintingLoopAndOutputKeepsWorking() throws Exception {
        Outcome r = runAndInterrupt("long k = 0;\nwhile (true) { System.out.println(k++); }", "println", new FakeSink());
        assertThat(r.status()).isEqualTo(Status.INTERRUPTED);
        FakeSink next = new FakeSink();
        assertThat(ev.eval("System.out.println(\"fine\")", next).status()).isEqualTo(Status.OK);
        assertThat(next.out()).isEqualTo("fine\n");
    }

    @Test
    void interruptWithoutARunningCellDoesNothing() {
        ev.interrupt();
        assertThat(ev.eval("1 + 1", new FakeSink()).value()).isEqualTo(2);
    }

}
