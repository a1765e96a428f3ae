package org.jparallel.cluster.ship;

import org.jparallel.engine.data.ClassBundle;
import org.jparallel.engine.data.DataError;
import org.jparallel.engine.data.DataOps;
import org.jparallel.engine.data.LoaderObjectInputStream;
import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.EvaluatorOptions;
import org.jparallel.protocol.Outcome;
import org.jparallel.jshell.OutputSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lambdas typed in one JShell (the kernel's) run in another (an engine's) in the same JVM, through
 * the same shipping and engine-side operations the cluster uses, without the network in between.
 */
@Timeout(120)
class ShippingBetweenEvaluatorsTest {
    private static Evaluator kernel;
    private static Evaluator engine;
    private static DataOps ops;

    /** Output collected from a sink. */
    private static final class Out implements OutputSink {
        final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(String stream, String t) {
            text.append(t);
        }
    }

    @BeforeAll
    static void start() {
        EvaluatorOptions o = EvaluatorOptions.defaults().withImports(List.of("java.util.*", "java.util.stream.*",
                "org.jparallel.engine.data.*"));
        kernel = new Evaluator(o);
        engine = new Evaluator(o);
        kernel.warmUp();
        engine.warmUp();
        // The engine's own notebook, whose generated class names clash with the kernel's.
        ok(engine, "int factor = -1;");
        ok(engine, "String greeting = \"engine's own\";");
        ok(engine, "int twice(int x) { return -2 * x; }");
        ops = new DataOps(engine, 0);
    }

    @AfterAll
    static void stop() {
        kernel.close();
        engine.close();
    }

    private static Outcome ok(Evaluator e, String code) {
        Outcome r = e.eval(code, new Out());
        assertThat(r.status()).as(code + " -> " + r.failure()).isEqualTo(Outcome.Status.OK);
        return r;
    }

    private static Object value(String code) {
        return ok(kernel, code).value();
    }

    private static CodeShipper shipper() {
        return new CodeShipper(NotebookClasses.from(kernel::snippetClasses, kernel::snippetClassLoader));
    }

    private static Object inKernel(byte[] bytes) throws Exception {
        return new LoaderObjectInputStream(bytes, kernel.snippetClassLoader()).readObject();
    }

    /**
     * System.out goes to the evaluator that ran the latest cell (one per JVM in real engines): the
     * engine's must have, before its functions run, as in an engine process.
     */
    private static void engineRanLast() {
        ok(engine, "int jp$claim = 0;");
    }

    private static List<?> map(Object fn, List<?> items, Out out) throws Exception {
        engineRanLast();
        CodeShipper.Shipment f = shipper().function(fn);
        CodeShipper.Shipment data = shipper().data(items, "the items");
        Map<String, byte[]> classes = CodeShipper.union(List.of(f, data));
        // Through the wire format, as the engines get it.
        classes = ClassBundle.decode(ClassBundle.encode(classes));
        return (List<?>) inKernel(ops.map(classes, f.payload(), data.payload(), out));
    }

    private static Object call(Object fn, Out out) throws Exception {
        CodeShipper.Shipment f = shipper().function(fn);
        engineRanLast();
        return inKernel(ops.call(f.classes(), f.payload(), out));
    }

    @Test
    void squaresOfALambdaTypedInACell() throws Exception {
        Object fn = value("SerFunction<Integer, Integer> sq = x -> x * x; sq");
        List<?> r = map(fn, IntStream.range(0, 32).boxed().toList(), new Out());
        assertThat(r).isEqualTo(IntStream.range(0, 32).map(i -> i * i).boxed().toList());
    }

    @Test
    void notebookVariablesAndMethodsTheLambdaUsesHaveTheKernelsValues() throws Exception {
        ok(kernel, "int factor = 3;");
        ok(kernel, "int twice(int x) { return 2 * x; }");
        Object fn = value("SerFunction<Integer, Integer> g = x -> twice(x) * factor; g");
        assertThat(map(fn, List.of(1, 2, 3), new Out())).isEqualTo(List.of(6, 12, 18));
        ok(kernel, "factor = 10;");
        assertThat(map(fn, List.of(1), new Out())).isEqualTo(List.of(20));
        // The engine's own variable of the same name is untouched.
        Out out = new Out();
        assertThat(engine.eval("factor", out).valueText()).isEqualTo("-1");
    }

    @Test
    void capturedLocalsAndNotebookRecordsTravel() throws Exception {
        ok(kernel, "record Point(int x, int y) implements java.io.Serializable { int sum() { return x + y; } }");
        Object fn = value("SerCallable<List<Point>> mk() { int k = 7; return () -> List.of(new Point(k, 1), new Point(2, k)); } mk()");
        Object r = call(fn, new Out());
        assertThat(r.toString()).isEqualTo("[Point[x=7, y=1], Point[x=2, y=7]]");
        // The result's classes are the kernel's own.
        assertThat(((List<?>) r).get(0).getClass().getClassLoader()).isSameAs(kernel.snippetClassLoader());
    }

    @Test
    void printedOutputGoesToTheRequest() throws Exception {
        Object fn = value("SerCallable<Integer> p = () -> { System.out.println(\"hello from the engine\"); return 1; }; p");
        Out out = new Out();
        assertThat(call(fn, out)).isEqualTo(1);
        assertThat(out.text.toString()).isEqualTo("hello from the engine\n");
    }

    @Test
    void anExceptionInTheLambdaComesBackWithTheUsersTrace() throws Exception {
        Object fn = value("SerFunction<Integer, Integer> bad = x -> 10 / x; bad");
        assertThatThrownBy(() -> map(fn, List.of(1, 0), new Out())).isInstanceOfSatisfying(DataError.class, e -> {
            assertThat(e.ename()).isEqualTo("java.lang.ArithmeticException");
            assertThat(e.evalue()).isEqualTo("/ by zero");
            assertThat(e.traceback().get(0)).isEqualTo("java.lang.ArithmeticException: / by zero");
            assertThat(e.traceback()).contains("    at lambda (notebook)");
            assertThat(String.join("\n", e.traceback())).doesNotContain("org.jparallel").doesNotContain("jdk.jshell");
        });
    }

    @Test
    void aVariableThatCannotTravelIsNamedInTheKernel() {
        ok(kernel, "Thread worker = new Thread(() -> {});");
        Object fn = value("SerCallable<String> w = () -> worker.getName(); w");
        assertThatThrownBy(() -> shipper().function(fn)).isInstanceOf(ShippingException.class)
                .hasMessageContaining("the notebook variable worker cannot be sent to the engines")
                .hasMessageContaining("java.lang.Thread, which is not Serializable");
    }

    @Test
    void pushDefinesTypedVariablesAndPullReadsThemBack() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("n", 5);
        values.put("xs", new java.util.ArrayList<>(List.of(1, 2, 3)));
        values.put("name", "jp");
        values.put("grid", new double[]{0.5, 1.5});
        CodeShipper.Shipment s = shipper().data(values, "the values to push");
        List<String> declared = ops.push(s.classes(), s.payload(), new Out());
        assertThat(declared).containsExactly("int n", "java.util.List<Integer> xs", "String name", "double[] grid");
        ok(engine, "int total = n + xs.stream().mapToInt(Integer::intValue).sum() + name.length() + (int) grid[1];");
        Object pulled = inKernel(ops.pull(List.of("total", "xs"), new Out()));
        assertThat(pulled).isEqualTo(List.of(14, List.of(1, 2, 3)));
        assertThatThrownBy(() -> ops.pull(List.of("nope"), new Out())).isInstanceOf(DataError.class)
                .hasMessage("nope is not defined on engine 0");
        assertThatThrownBy(() -> ops.pull(List.of("a b"), new Out())).hasMessage("'a b' is not a valid Java variable name");
    }

    @Test
    void valuesOfTheEnginesOwnClassesCannotComeBack() throws Exception {
        ok(engine, "record Local(int v) implements java.io.Serializable {}");
        ok(engine, "Local loc = new Local(1);");
        assertThatThrownBy(() -> ops.pull(List.of("loc"), new Out())).isInstanceOf(DataError.class)
                .hasMessageContaining("the value of loc on engine 0 is a Local, a class defined on the engines");
        ok(engine, "Object lock = new Object();");
        assertThatThrownBy(() -> ops.pull(List.of("lock"), new Out())).isInstanceOf(DataError.class)
                .hasMessageContaining("holds a java.lang.Object, which is not Serializable");
    }

    @Test
    void anInterruptStopsALoopingLambda() throws Exception {
        Object fn = value("SerCallable<Integer> spin = () -> { long i = 0; while (true) { i++; } }; spin");
        CodeShipper.Shipment f = shipper().function(fn);
        // The engine interrupts the thread serving the request, as Engine.interruptCurrent does.
        Thread serving = Thread.currentThread();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            serving.interrupt();
        });
        stopper.start();
        assertThatThrownBy(() -> ops.call(f.classes(), f.payload(), new Out())).isInstanceOf(DataError.class)
                .satisfies(e -> assertThat(((DataError) e).ename()).isEqualTo("Interrupted"));
        stopper.join();
        assertThat(Thread.interrupted()).isFalse();
        // The engine keeps working.
        assertThat(engine.eval("1 + 1", new Out()).valueText()).isEqualTo("2");
    }
}
