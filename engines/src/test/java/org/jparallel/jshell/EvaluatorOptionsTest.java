package org.jparallel.jshell;

import org.jparallel.protocol.Outcome.Status;
import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithEvaluator
class EvaluatorOptionsTest {

    @Test
    void defaultsAreTheHostClassPathAndJshellsImports() {
        EvaluatorOptions o = EvaluatorOptions.defaults();
        assertThat(o.classPath()).isEqualTo(EvaluatorOptions.hostClassPath()).isNotEmpty();
        assertThat(o.imports()).contains("java.util.*", "java.util.stream.*");
        assertThat(o.flushMillis()).isEqualTo(20);
        assertThat(o.batchBytes()).isEqualTo(65536);
        assertThatThrownBy(() -> o.withFlushMillis(0)).hasMessageContaining("flushMillis");
    }

    @Test
    void importsAndStartupSnippetsRunFirst() {
        EvaluatorOptions o = EvaluatorOptions.defaults()
                .withImports(List.of("java.time.*", "import static java.lang.Math.max;"))
                .withStartup(List.of("int startupValue = 5;", "String hello() { return \"hi\"; }"));
        try (Evaluator ev = new Evaluator(o)) {
            assertThat(ev.eval("LocalDate.of(2024, 2, 29).plusDays(1)", new FakeSink()).valueText()).isEqualTo("2024-03-01");
            assertThat(ev.eval("max(3, 9)", new FakeSink()).value()).isEqualTo(9);
            assertThat(ev.eval("hello() + startupValue", new FakeSink()).value()).isEqualTo("hi5");
            assertThat(ev.snippetCount()).isEqualTo(3);
        }
    }

    @Test
    void withoutACompletionIndexJShellsIndexGetsNoPathsAndCellsStillCompileAgainstTheJdkAndTheClassPath() throws Exception {
        try (Evaluator ev = new Evaluator(EvaluatorOptions.defaults().withCompletionIndex(EvaluatorOptions.CompletionIndex.NONE))) {
            ev.warmUp();
            // the index asks for its paths on its own thread as soon as source analysis exists
            int[] asked = awaitIndexRequests(ev);
            assertThat(asked[1]).as("requests refused").isGreaterThan(0);
            assertThat(asked[0]).as("requests served").isZero();
            assertThat(ev.eval("new com.google.gson.Gson().toJson(List.of(1, 2))", new FakeSink()).value()).isEqualTo("[1,2]");
            assertThat(ev.eval("java.time.Duration.ofSeconds(90).toMinutes()", new FakeSink()).value()).isEqualTo(1L);
            assertThat(ev.complete("Lis", 3).matches()).contains("List");
        }
        try (Evaluator ev = new Evaluator(EvaluatorOptions.defaults())) {
            int[] asked = awaitIndexRequests(ev);
            assertThat(asked[0]).as("requests served").isGreaterThan(0);
            assertThat(asked[1]).as("requests refused").isZero();
        }
    }

    @Test
    void aCompletionIndexHeldUntilIdleIsBuiltOnceTheEvaluatorRestsOrAtTheFirstCompletion() throws Exception {
        EvaluatorOptions held = EvaluatorOptions.defaults().withCompletionIndex(EvaluatorOptions.CompletionIndex.WHEN_IDLE);
        try (Evaluator ev = new Evaluator(held)) {
            assertThat(ev.eval("int a = 1;", new FakeSink()).status()).isEqualTo(Status.OK);
            // just used: the index thread waits (it asked for its paths when JShell started)
            assertThat(ev.completionIndexReleased()).isFalse();
            assertThat(ev.completionIndexRequests()[0]).as("requests served").isZero();
            int[] asked = awaitIndexRequests(ev); // a second without use releases it
            assertThat(ev.completionIndexReleased()).isTrue();
            assertThat(asked[0]).as("requests served").isGreaterThan(0);
        }
        try (Evaluator ev = new Evaluator(held)) {
            assertThat(ev.completionIndexReleased()).isFalse();
            assertThat(ev.complete("Strin", 5).matches()).contains("String");
            assertThat(ev.completionIndexReleased()).isTrue();
        }
        // closed while held: the index thread (one per JVM) is not left waiting
        Evaluator closed = new Evaluator(held);
        closed.close();
        try (Evaluator ev = new Evaluator(EvaluatorOptions.defaults())) {
            assertThat(awaitIndexRequests(ev)[0]).as("requests served").isGreaterThan(0);
        }
    }

    private static int[] awaitIndexRequests(Evaluator ev) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int[] asked = ev.completionIndexRequests();
        while ((asked[0] + asked[1] == 0 || !ev.completionIndexReleased()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            asked = ev.completionIndexRequests();
        }
        return asked;
    }

    @Test
    void aBadImportOrStartupSnippetIsAClearError() {
        assertThatThrownBy(() -> new Evaluator(EvaluatorOptions.defaults().withImports(List.of("no.such.pkg.*"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The import 'no.such.pkg.*' failed");
        assertThatThrownBy(() -> new Evaluator(EvaluatorOptions.defaults().withStartup(List.of("int broken = ;"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A startup snippet failed");
    }

    @Test
    void warmUpLeavesNoTraceAndMakesTrivialCellsFast() {
        long t0 = System.nanoTime();
        try (Evaluator ev = new Evaluator(EvaluatorOptions.defaults())) {
            long built = System.nanoTime();
            ev.warmUp();
            long warmed = System.nanoTime();
            Outcome first = ev.eval("40 + 2", new FakeSink());
            long firstDone = System.nanoTime();
            assertThat(first.value()).isEqualTo(42);
            // warm-up snippets are gone and temporary names start again at $1
            assertThat(ev.eval("$1", new FakeSink()).value()).isEqualTo(42);
            assertThat(ev.eval("jp$w", new FakeSink()).status()).isEqualTo(Status.ERROR);
            assertThat(ev.snippetCount()).isEqualTo(3);
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String cell = i % 2 == 0 ? "1 + 1" : "int x" + i + " = 3;";
                long s = System.nanoTime();
                assertThat(ev.eval(cell, new FakeSink()).status()).isEqualTo(Status.OK);
                times.add(System.nanoTime() - s);
            }
            times.sort(null);
            System.err.printf("[measure] construction %d ms, warmUp %d ms, first eval after warmUp %.1f ms, "
                            + "median trivial eval %.1f ms (min %.1f, max %.1f)%n",
                    TimeUnit.NANOSECONDS.toMillis(built - t0), TimeUnit.NANOSECONDS.toMillis(warmed - built),
                    (firstDone - warmed) / 1e6, times.get(times.size() / 2) / 1e6, times.get(0) / 1e6,
                    times.get(times.size() - 1) / 1e6);
        }
    }

    @Test
    void aWarmUpGivesWayToWaitingWorkAndStillLeavesNoTrace(Evaluator first, Evaluator second) throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        first.warmUp(() -> asked.incrementAndGet() == 3); // other work waits once two warm-up snippets ran
        assertThat(asked.get()).as("the warm-up stopped when told to").isEqualTo(3);
        assertThat(first.eval("jp$w", new FakeSink()).status()).as("its snippets are dropped").isEqualTo(Status.ERROR);
        assertThat(first.eval("40 + 2", new FakeSink()).value()).isEqualTo(42);
        assertThat(first.eval("$1", new FakeSink()).value()).isEqualTo(42);
        first.warmUp(() -> { throw new AssertionError("a finished warm-up does not run again"); });

        // a cell that waits for the evaluator cuts the warm-up short; the cell runs as usual
        Thread warming = new Thread(second::warmUp);
        warming.start();
        assertThat(second.eval("int after = 7; after * 6", new FakeSink()).value()).isEqualTo(42);
        warming.join(60_000);
        assertThat(warming.isAlive()).isFalse();
        assertThat(second.eval("jp$w", new FakeSink()).status()).isEqualTo(Status.ERROR);
    }
}
