package org.jparallel.cluster;

import org.jparallel.cluster.ship.NotebookClasses;
import org.jparallel.cluster.ship.ShippingException;
import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.EvaluatorOptions;
import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data API over three in-process engines, with lambdas typed in a kernel JShell. */
@Timeout(120)
class ViewTest {
    private static FakeEngines engines;
    private static Evaluator kernel;
    private static View all;

    @BeforeAll
    static void start() {
        engines = new FakeEngines(3);
        kernel = new Evaluator(EvaluatorOptions.defaults().withImports(List.of("java.util.*", "java.util.stream.*",
                "org.jparallel.engine.data.*")));
        kernel.warmUp();
        all = new View(engines, TargetSpec.all(), () -> NotebookClasses.from(kernel::snippetClasses, kernel::snippetClassLoader));
    }

    @AfterAll
    static void stop() {
        engines.close();
        kernel.close();
    }

    private static Object fn(String code) {
        Outcome r = kernel.eval(code, (s, t) -> { });
        assertThat(r.status()).as(String.valueOf(r.failure())).isEqualTo(Outcome.Status.OK);
        return r.value();
    }

    @SuppressWarnings("unchecked")
    @Test
    void mapSyncOfSquaresKeepsTheInputOrder() {
        var sq = (org.jparallel.engine.data.SerFunction<Integer, Integer>) fn("SerFunction<Integer, Integer> sq = x -> x * x; sq");
        assertThat(all.mapSync(sq, IntStream.range(0, 32).boxed().toList()))
                .isEqualTo(IntStream.range(0, 32).map(i -> i * i).boxed().toList());
        assertThat(all.mapSync(sq, List.of(4))).containsExactly(16);
        assertThat(all.mapSync(sq, List.<Integer>of())).isEmpty();
        List<Integer> big = IntStream.range(0, 100_000).boxed().toList();
        List<Integer> r = all.mapSync(sq, big);
        assertThat(r).hasSize(100_000);
        assertThat(r.get(99_999)).isEqualTo(99_999 * 99_999);
    }

    @SuppressWarnings("unchecked")
    @Test
    void applySyncRunsOnEveryEngineOfTheView() {
        engines.execute(List.of(0, 1, 2), "int rank = -1;", new RunOutputs(List.of(0, 1, 2)));
        for (int i = 0; i < 3; i++) {
            engines.evaluator(i).eval("rank = " + i + ";", (s, t) -> { });
        }
        var hello = (org.jparallel.engine.data.SerCallable<String>) fn("SerCallable<String> hello = () -> { System.out.println(\"hi\"); return \"ok\"; }; hello");
        AsyncResult<List<String>> ar = all.applyAsync(hello);
        assertThat(ar.get(Duration.ofSeconds(30))).containsExactly("ok", "ok", "ok");
        assertThat(ar.stdout()).containsExactly("hi\n", "hi\n", "hi\n");
        View some = new View(engines, TargetSpec.parse("1:"), () -> NotebookClasses.from(kernel::snippetClasses, kernel::snippetClassLoader));
        assertThat(some.applySync(hello)).hasSize(2);
        assertThat(some.targets()).containsExactly(1, 2);
    }

    @Test
    void pushPullScatterGatherRoundTrips() {
        all.push(Map.of("n", 7, "names", List.of("a", "b")));
        assertThat(all.<Integer>pull("n")).containsExactly(7, 7, 7);
        assertThat(all.<List<String>>pull("names")).containsExactly(List.of("a", "b"), List.of("a", "b"), List.of("a", "b"));
        List<Integer> data = IntStream.range(0, 10).boxed().toList();
        all.scatter("part", data);
        assertThat(all.<List<Integer>>pull("part")).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6), List.of(7, 8, 9));
        assertThat(all.<Integer>gather("part")).isEqualTo(data);
        all.execute("part = part.stream().map(x -> x * 10).toList();");
        assertThat(all.<Integer>gather("part")).isEqualTo(data.stream().map(x -> x * 10).toList());
        all.scatter("few", List.of("x"));
        assertThat(all.<List<String>>pull("few")).containsExactly(List.of("x"), List.of(), List.of());
    }

    @SuppressWarnings("unchecked")
    @Test
    void failuresNameTheEnginesAndTheProblem() {
        var inv = (org.jparallel.engine.data.SerFunction<Integer, Integer>) fn("SerFunction<Integer, Integer> inv = x -> 100 / x; inv");
        assertThatThrownBy(() -> all.mapSync(inv, List.of(1, 2, 0, 4, 5, 6))).isInstanceOfSatisfying(ParallelException.class, e -> {
            assertThat(e.getMessage()).startsWith("1 of 3 engines failed\n[1:map] java.lang.ArithmeticException: / by zero\n"
                    + "    at lambda (notebook)");
            assertThat(e.getStackTrace()[0].getClassName()).doesNotStartWith("java.util.concurrent");
            assertThat(e.failures().get(0).engine()).isEqualTo(1);
        });
        assertThatThrownBy(() -> all.pull("undefinedThing")).isInstanceOf(ParallelException.class)
                .hasMessageContaining("[0:pull] NameError: undefinedThing is not defined on engine 0");
        assertThatThrownBy(() -> all.push(Map.of("bad name", 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'bad name' is not a valid Java variable name");
        assertThatThrownBy(() -> all.push(Map.of("t", new Object()))).isInstanceOf(ShippingException.class)
                .hasMessageStartingWith("the value of t cannot be sent to the engines");
        all.execute("int notAList = 3;");
        assertThatThrownBy(() -> all.gather("notAList")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gather needs notAList to be a list on every engine; on engine 0 it is a java.lang.Integer");
        assertThatThrownBy(() -> new View(engines, TargetSpec.parse("5"), NotebookClasses::none).targets())
                .hasMessage("target 5 is out of range: the engines are 0-2");
    }

    @SuppressWarnings("unchecked")
    @Test
    void whatEnginesPrintDuringABlockingCallShowsInTheCell() {
        StringBuilder shown = new StringBuilder();
        org.jparallel.notebook.CellContext.setCurrent(new org.jparallel.notebook.CellContext() {
            @Override
            public void stream(String name, String text) {
                shown.append(name).append(": ").append(text);
            }

            @Override
            public String display(Map<String, Object> bundle, Map<String, Object> metadata, String displayId) {
                return "d";
            }

            @Override
            public void updateDisplay(String displayId, Map<String, Object> bundle, Map<String, Object> metadata) {
            }

            @Override
            public void clearOutput(boolean wait) {
            }

            @Override
            public void onInterrupt(Runnable hook) {
            }

            @Override
            public void onShutdown(Runnable hook) {
            }

            @Override
            public Evaluator evaluator() {
                return kernel;
            }
        });
        try {
            var noisy = (org.jparallel.engine.data.SerCallable<Integer>) fn(
                    "SerCallable<Integer> noisy = () -> { System.out.println(\"out\"); System.err.println(\"err\"); return 1; }; noisy");
            all.applySync(noisy);
            assertThat(shown.toString()).isEqualTo("stdout: [stdout:0] out\nstderr: [stderr:0] err\nstdout: [stdout:1] out\n"
                    + "stderr: [stderr:1] err\nstdout: [stdout:2] out\nstderr: [stderr:2] err\n");
        } finally {
            org.jparallel.notebook.CellContext.setCurrent(null);
        }
    }

    @Test
    void executeGivesValuesAndOutput() {
        AsyncResult<List<String>> ar = all.executeAsync("System.out.println(\"x\"); 6 * 7");
        assertThat(ar.get()).containsExactly("42", "42", "42");
        assertThat(ar.stdout()).containsExactly("x\n", "x\n", "x\n");
        assertThatThrownBy(() -> all.execute("throw new IllegalStateException(\"boom\");"))
                .isInstanceOf(ParallelException.class).hasMessageStartingWith("3 of 3 engines failed");
    }
}
