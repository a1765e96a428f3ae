package org.jparallel.cluster.ship;

import org.jparallel.engine.data.FunctionPayload;
import org.jparallel.engine.data.LoaderObjectInputStream;
import org.jparallel.engine.data.ShippedClasses;
import org.jparallel.testing.InMemoryJava;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ships functions from one set of notebook classes (the kernel's) to an isolated loader (an engine's),
 * with classes compiled in memory under JShell's names.
 */
class CodeShipperTest {
    private static final String HEAD = "package REPL;\nimport org.jparallel.engine.data.*;\nimport java.util.*;\n";

    /** The kernel side: notebook classes compiled and loaded, with fields set as cells would. */
    private static final class Kernel {
        final Map<String, byte[]> bytecode;
        final ClassLoader loader;

        Kernel(Map<String, String> sources) {
            Map<String, String> full = new LinkedHashMap<>();
            sources.forEach((k, v) -> full.put(k, HEAD + v));
            bytecode = InMemoryJava.compile(full);
            loader = new InMemoryJava.Loader(bytecode, getClass().getClassLoader());
        }

        Object call(String cls, String method, Object... args) throws Exception {
            Class<?> c = Class.forName(cls, true, loader);
            for (var m : c.getDeclaredMethods()) {
                if (m.getName().equals(method)) {
                    m.setAccessible(true);
                    return m.invoke(null, args);
                }
            }
            throw new NoSuchMethodException(method);
        }

        void set(String cls, String field, Object value) throws Exception {
            var f = Class.forName(cls, true, loader).getDeclaredField(field);
            f.setAccessible(true);
            f.set(null, value);
        }

        CodeShipper shipper() {
            return new CodeShipper(NotebookClasses.from(() -> bytecode, () -> loader));
        }
    }

    /** Runs a shipment as an engine does: define the classes apart, set the variables, call the function. */
    @SuppressWarnings("unchecked")
    private static Object runOnEngine(ShippedClasses engine, CodeShipper.Shipment s, Object arg) throws Exception {
        ClassLoader loader = engine.loaderFor(s.classes());
        Object fn = FunctionPayload.read(s.payload(), loader);
        if (fn instanceof Callable<?> c) {
            return c.call();
        }
        return ((Function<Object, Object>) fn).apply(arg);
    }

    private static ShippedClasses engine() {
        return new ShippedClasses(CodeShipperTest.class.getClassLoader());
    }

    @Test
    void aLambdaCapturingALocalRunsOnTheEngine() throws Exception {
        Kernel k = new Kernel(Map.of("REPL.$JShell$3", """
                public class $JShell$3 {
                    public static SerFunction<Integer, Integer> times(int k) { return x -> x * k; }
                }"""));
        Object fn = k.call("REPL.$JShell$3", "times", 5);
        CodeShipper.Shipment s = k.shipper().function(fn);
        assertThat(s.classes()).containsOnlyKeys("REPL.$JShell$3");
        assertThat(runOnEngine(engine(), s, 7)).isEqualTo(35);
    }

    @Test
    void aLambdaSeesTheCurrentValueOfNotebookVariablesItReadsDirectlyOrThroughMethods() throws Exception {
        Kernel k = new Kernel(Map.of(
                "REPL.$JShell$1", "public class $JShell$1 { public static int factor; public static String unused; }",
                "REPL.$JShell$2", "public class $JShell$2 { public static int offset; }",
                "REPL.$JShell$4", """
                        public class $JShell$4 {
                            public static int scale(int x) { return x * $JShell$1.factor; }
                        }""",
                "REPL.$JShell$5", """
                        public class $JShell$5 {
                            public static SerFunction<Integer, Integer> f() { return x -> $JShell$4.scale(x) + $JShell$2.offset; }
                        }"""));
        k.set("REPL.$JShell$1", "factor", 3);
        k.set("REPL.$JShell$1", "unused", "never read");
        k.set("REPL.$JShell$2", "offset", 100);
        Object fn = k.call("REPL.$JShell$5", "f");
        CodeShipper.Shipment s = k.shipper().function(fn);
        assertThat(s.classes()).containsKeys("REPL.$JShell$1", "REPL.$JShell$2", "REPL.$JShell$4", "REPL.$JShell$5");
        ShippedClasses engine = engine();
        assertThat(runOnEngine(engine, s, 2)).isEqualTo(106);

        k.set("REPL.$JShell$1", "factor", 10); // the notebook changes the variable: the next call sees it
        assertThat(runOnEngine(engine, k.shipper().function(fn), 2)).isEqualTo(120);
    }

    @Test
    void variablesReadByMethodsOfObjectsTheFunctionCreatesTravelToo() throws Exception {
        Kernel k = new Kernel(Map.of(
                "REPL.$JShell$1", "public class $JShell$1 { public static String unit; }",
                "REPL.$JShell$2", """
                        public class $JShell$2 {
                            public static abstract class Base { @Override public String toString() { return "x" + $JShell$1.unit; } }
                            public static class Meter extends Base { }
                        }""",
                "REPL.$JShell$3", """
                        public class $JShell$3 {
                            public static SerCallable<String> f() { return () -> String.valueOf(new $JShell$2.Meter()); }
                        }"""));
        k.set("REPL.$JShell$1", "unit", "m");
        CodeShipper.Shipment s = k.shipper().function(k.call("REPL.$JShell$3", "f"));
        assertThat(runOnEngine(engine(), s, null)).isEqualTo("xm");
    }

    @Test
    void aVariableThatCannotTravelIsNamed() throws Exception {
        Kernel k = new Kernel(Map.of(
                "REPL.$JShell$1", "public class $JShell$1 { public static Object conn = new Object(); }",
                "REPL.$JShell$2", """
                        public class $JShell$2 {
                            public static SerCallable<String> f() { return () -> String.valueOf($JShell$1.conn); }
                        }"""));
        Object fn = k.call("REPL.$JShell$2", "f");
        assertThatThrownBy(() -> k.shipper().function(fn)).isInstanceOf(ShippingException.class)
                .hasMessageContaining("the notebook variable conn cannot be sent to the engines")
                .hasMessageContaining("java.lang.Object, which is not Serializable");
    }

    @Test
    void capturedNotebookObjectsTravelWithTheirClassesAndNonSerializableOnesAreNamed() throws Exception {
        Kernel k = new Kernel(Map.of(
                "REPL.$JShell$6", """
                        public class $JShell$6 {
                            public record Pt(int x, int y) implements java.io.Serializable {
                                int sum() { return x + y + $JShell$7.bonus; }
                            }
                            public static class Plain { }
                        }""",
                "REPL.$JShell$7", "public class $JShell$7 { public static int bonus; }",
                "REPL.$JShell$8", """
                        public class $JShell$8 {
                            public static SerCallable<Integer> sum($JShell$6.Pt p) { return () -> p.sum(); }
                            public static SerCallable<String> plain($JShell$6.Plain p) { return () -> p.toString(); }
                        }"""));
        k.set("REPL.$JShell$7", "bonus", 1000);
        Object pt = Class.forName("REPL.$JShell$6$Pt", true, k.loader).getDeclaredConstructors()[0].newInstance(1, 2);
        Object fn = k.call("REPL.$JShell$8", "sum", pt);
        CodeShipper.Shipment s = k.shipper().function(fn);
        assertThat(s.classes()).containsKeys("REPL.$JShell$6", "REPL.$JShell$6$Pt", "REPL.$JShell$7", "REPL.$JShell$8");
        assertThat(runOnEngine(engine(), s, null)).isEqualTo(1003);

        Object plain = Class.forName("REPL.$JShell$6$Plain", true, k.loader).getDeclaredConstructor().newInstance();
        Object fn2 = k.call("REPL.$JShell$8", "plain", plain);
        assertThatThrownBy(() -> k.shipper().function(fn2)).isInstanceOf(ShippingException.class)
                .hasMessage("the function cannot be sent to the engines: it holds a Plain (a notebook class), which is not"
                        + " Serializable; make Plain implement java.io.Serializable, or create the value inside the function, on the engines");
    }

    @Test
    void aNonSerializableLambdaIsExplained() {
        Function<Integer, Integer> f = x -> x;
        assertThatThrownBy(() -> new CodeShipper(NotebookClasses.none()).function(List.of(f)))
                .isInstanceOf(ShippingException.class).hasMessageContaining("a lambda whose type is not serializable");
    }

    @Test
    void theEngineNeverUsesItsOwnNotebookClassesOfTheSameName() throws Exception {
        // The engine's JShell has its own REPL.$JShell$1 with another meaning; it is the engines' parent loader.
        Map<String, byte[]> engineOwn = InMemoryJava.compile(Map.of("REPL.$JShell$1",
                HEAD + "public class $JShell$1 { public static int factor = -1; public static int other; }"));
        ClassLoader engineJShell = new InMemoryJava.Loader(engineOwn, getClass().getClassLoader());
        Class.forName("REPL.$JShell$1", true, engineJShell);

        Kernel k = new Kernel(Map.of(
                "REPL.$JShell$1", "public class $JShell$1 { public static int factor; }",
                "REPL.$JShell$2", "public class $JShell$2 { public static SerCallable<Integer> f() { return () -> $JShell$1.factor; } }"));
        k.set("REPL.$JShell$1", "factor", 42);
        CodeShipper.Shipment s = k.shipper().function(k.call("REPL.$JShell$2", "f"));
        assertThat(runOnEngine(new ShippedClasses(engineJShell), s, null)).isEqualTo(42);
    }

    @Test
    void aRedefinedNotebookClassGetsAFreshLoaderAndStaysCorrect() throws Exception {
        ShippedClasses engine = engine();
        Kernel v1 = new Kernel(Map.of("REPL.$JShell$2",
                "public class $JShell$2 { public static SerFunction<Integer, Integer> f() { return x -> x + 1; } }"));
        Kernel v2 = new Kernel(Map.of("REPL.$JShell$2",
                "public class $JShell$2 { public static SerFunction<Integer, Integer> f() { return x -> x + 2; } }"));
        CodeShipper.Shipment s1 = v1.shipper().function(v1.call("REPL.$JShell$2", "f"));
        CodeShipper.Shipment s2 = v2.shipper().function(v2.call("REPL.$JShell$2", "f"));
        assertThat(runOnEngine(engine, s1, 1)).isEqualTo(2);
        ClassLoader first = engine.loaderFor(s1.classes());
        assertThat(engine.loaderFor(s1.classes())).isSameAs(first);
        assertThat(runOnEngine(engine, s2, 1)).isEqualTo(3);
        assertThat(engine.loaderFor(s2.classes())).isNotSameAs(first);
    }

    @Test
    void aLambdaInANotebookVariableThatTheFunctionCallsIsFollowed() throws Exception {
        Kernel k = new Kernel(Map.of(
                "REPL.$JShell$1", "public class $JShell$1 { public static int k; }",
                "REPL.$JShell$2", """
                        public class $JShell$2 {
                            public static SerFunction<Integer, Integer> inner;
                            public static void define() { inner = x -> x * $JShell$1.k; }
                        }""",
                "REPL.$JShell$3", """
                        public class $JShell$3 {
                            public static SerFunction<Integer, Integer> outer() { return x -> $JShell$2.inner.apply(x) + 1; }
                        }"""));
        k.call("REPL.$JShell$2", "define");
        k.set("REPL.$JShell$1", "k", 6);
        assertThat(runOnEngine(engine(), k.shipper().function(k.call("REPL.$JShell$3", "outer")), 7)).isEqualTo(43);
    }

    @Test
    void dataWithNotebookObjectsCarriesTheirClassesAndResultsResolveBackInTheKernel() throws Exception {
        Kernel k = new Kernel(Map.of("REPL.$JShell$6",
                "public class $JShell$6 { public record Pt(int x) implements java.io.Serializable { } }"));
        Object pt = Class.forName("REPL.$JShell$6$Pt", true, k.loader).getDeclaredConstructors()[0].newInstance(9);
        CodeShipper.Shipment s = k.shipper().data(List.of(pt), "the value of pts");
        assertThat(s.classes()).containsOnlyKeys("REPL.$JShell$6$Pt", "REPL.$JShell$6");
        ClassLoader engineLoader = engine().loaderFor(s.classes());
        Object onEngine = new LoaderObjectInputStream(new ByteArrayInputStream(s.payload()), engineLoader).readObject();
        Object enginePt = ((List<?>) onEngine).get(0);
        assertThat(enginePt.getClass().getClassLoader()).isSameAs(engineLoader);
        assertThat(enginePt.toString()).isEqualTo("Pt[x=9]");

        // Back in the kernel, the engine's object resolves to the kernel's own class.
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(back)) {
            o.writeObject(enginePt);
        }
        Object inKernel = new LoaderObjectInputStream(new ByteArrayInputStream(back.toByteArray()), k.loader).readObject();
        assertThat(inKernel).isEqualTo(pt);

        assertThatThrownBy(() -> k.shipper().data(new Object(), "the value of x"))
                .hasMessageContaining("the value of x cannot be sent to the engines: it holds a java.lang.Object");
    }
}
