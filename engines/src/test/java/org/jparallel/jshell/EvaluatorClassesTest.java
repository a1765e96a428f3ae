package org.jparallel.jshell;

import org.jparallel.protocol.Outcome.Status;
import org.jparallel.protocol.Outcome;
import org.jparallel.support.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

@WithEvaluator(warm = true)
class EvaluatorClassesTest {
    private static Evaluator ev; // shared by the tests, set by WithEvaluator

    @Test
    void snippetClassesHoldTheClassOfADefinedLambda() {
        Outcome r = ev.eval("Runnable hello = () -> System.out.println(\"hi\");\nhello", new FakeSink());
        Object lambda = r.value();
        assertThat(lambda).isInstanceOf(Runnable.class);
        String name = lambda.getClass().getName();
        String host = name.substring(0, name.indexOf("$$Lambda"));
        Map<String, byte[]> classes = ev.snippetClasses();
        assertThat(classes).containsKey(host);
        byte[] b = classes.get(host);
        assertThat(b).startsWith((byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE);
        assertThat(lambda.getClass().getClassLoader()).isSameAs(ev.snippetClassLoader());
    }

    /** Loads shipped snippet classes, as an engine would, apart from any JShell. */
    private static final class ShippedClasses extends ClassLoader {
        private final Map<String, byte[]> classes;

        ShippedClasses(Map<String, byte[]> classes) {
            super(EvaluatorClassesTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSerializableLambdaShipsWithTheSnippetClasses() throws Exception {
        Outcome r = ev.eval("int factor = 3;\nint scale(int v) { return v * factor; }\n"
                + "Function<Integer, Integer> job = (Function<Integer, Integer> & java.io.Serializable) x -> scale(x) + 1;\njob",
                new FakeSink());
        assertThat(r.status()).isEqualTo(Status.OK);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r.value());
        }
        ShippedClasses loader = new ShippedClasses(ev.snippetClasses());
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, loader);
            }
        }) {
            Function<Integer, Integer> shipped = (Function<Integer, Integer>) in.readObject();
            assertThat(shipped.getClass().getClassLoader()).isSameAs(loader);
            // the shipped classes start fresh: factor is 0 there, as in a new engine
            assertThat(shipped.apply(7)).isEqualTo(1);
        }
    }

    @Test
    void cellsShareTheHostsClassesAndTheirState() {
        int before = SharedProbe.COUNTER.get();
        Outcome r = ev.eval("org.jparallel.jshell.SharedProbe.COUNTER.incrementAndGet()", new FakeSink());
        assertThat(r.value()).isEqualTo(before + 1);
        assertThat(SharedProbe.COUNTER.get()).isEqualTo(before + 1);
        assertThat(ev.eval("org.jparallel.support.Threads.class", new FakeSink()).value()).isSameAs(Threads.class);
        assertThat(ev.eval("import static org.jparallel.jshell.SharedProbe.COUNTER;\nCOUNTER.get()", new FakeSink()).value())
                .isEqualTo(before + 1);
    }

    @Test
    void snippetCountCountsUserSnippets() {
        int before = ev.snippetCount();
        ev.eval("int c1 = 1;\nint c2 = 2;\nc1 + c2", new FakeSink());
        assertThat(ev.snippetCount()).isEqualTo(before + 3);
    }

    @Test
    void extraClassPathEntriesAreCompiledAndRunAgainst(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src/extra/Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package extra;\npublic class Greeter {\n"
                + "  public static String greet(String who) { return \"hello \" + who; }\n}\n");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString());
        assertThat(rc).isZero();
        List<String> cp = new ArrayList<>(EvaluatorOptions.hostClassPath());
        cp.add(classes.toString());
        // Several fresh evaluators: adding the entries one by one while JShell's indexer read the
        // class path lost the last entry in about one start in eight.
        for (int i = 0; i < 10; i++) {
            int start = i;
            try (Evaluator other = new Evaluator(EvaluatorOptions.defaults().withClassPath(cp))) {
                Outcome r = other.eval("import extra.Greeter;\nGreeter.greet(\"engine\")", new FakeSink());
                assertThat(r.status()).as(() -> "start " + start + ": " + r.failure()).isEqualTo(Status.OK);
                assertThat(r.value()).isEqualTo("hello engine");
                Object greeterClass = other.eval("Greeter.class", new FakeSink()).value();
                assertThat(((Class<?>) greeterClass).getClassLoader()).isSameAs(other.snippetClassLoader());
            }
        }
    }
}
