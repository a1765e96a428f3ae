import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.EvaluatorOptions;
import org.jparallel.magics.ParallelMagics;
import org.jparallel.notebook.CellContext;
import org.jparallel.protocol.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the parallel magics and the data API on a real cluster under mpirun, in one JVM that plays
 * the kernel (a JShell evaluator, the magics, a cell context that keeps what the notebook would
 * show): %px round trip of a trivial statement (and the same through view.execute), mapSync of
 * 100,000 squares, applySync, and output throughput
 * of %%px (every line checked). Not a test: it prints figures.
 *
 * <pre>
 * mvn -q -DskipTests package
 * MPI_JAR=... java -cp "kernel/target/lib/*" bench/magics/MagicsBench.java [--engines 2] [--reps 30] [--lines 100000]
 * </pre>
 */
public class MagicsBench {
    /** What the notebook shows for one cell: stream text and displays by id. */
    static final class Cell implements CellContext {
        final Evaluator evaluator;
        final StringBuilder streams = new StringBuilder();
        final Map<String, String> displays = new LinkedHashMap<>();
        int ids;
        int updates;

        Cell(Evaluator evaluator) {
            this.evaluator = evaluator;
        }

        @Override
        public synchronized void stream(String name, String text) {
            streams.append(text);
        }

        @Override
        public synchronized String display(Map<String, Object> bundle, Map<String, Object> metadata, String displayId) {
            String id = displayId != null ? displayId : "d" + ids++;
            displays.put(id, String.valueOf(bundle.get("text/plain")));
            return id;
        }

        @Override
        public synchronized void updateDisplay(String displayId, Map<String, Object> bundle, Map<String, Object> metadata) {
            updates++;
            displays.put(displayId, String.valueOf(bundle.get("text/plain")));
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
            return evaluator;
        }

        synchronized String shown() {
            StringBuilder sb = new StringBuilder(streams);
            displays.values().forEach(sb::append);
            return sb.toString();
        }
    }

    public static void main(String[] args) throws Exception {
        int engines = intArg(args, "--engines", 2);
        int reps = intArg(args, "--reps", 30);
        int lines = intArg(args, "--lines", 100_000);
        Evaluator kernel = new Evaluator(EvaluatorOptions.defaults().withImports(List.of("java.util.*", "java.util.stream.*",
                "org.jparallel.cluster.*")));
        kernel.warmUp();
        ParallelMagics magics = new ParallelMagics();
        Cell start = cell(kernel);
        long t0 = System.nanoTime();
        check(magics.line("cluster", "start -n " + engines, start), start);
        System.out.printf(Locale.ROOT, "cluster start, %d engines: %.2f s (%s)%n", engines, (System.nanoTime() - t0) / 1e9,
                start.streams.toString().strip());
        try {
            pxRoundTrips(magics, kernel, reps, false);

            eval(kernel, "var view = Cluster.active().get().view(); var items = IntStream.range(0, 100000).boxed().toList();"
                    + " var expected = items.stream().map(x -> x * x).toList();");
            Outcome r = eval(kernel, "double[] ms = new double[" + reps + "]; for (int i = -3; i < ms.length; i++) {"
                    + " long s = System.nanoTime(); var got = view.mapSync(x -> x * x, items);"
                    + " if (i >= 0) ms[i] = (System.nanoTime() - s) / 1e6;"
                    + " if (!got.equals(expected)) throw new AssertionError(\"wrong squares\"); } ms");
            report("mapSync of 100,000 squares (ms)", (double[]) r.value());

            Outcome a = eval(kernel, "double[] am = new double[" + reps + "]; for (int i = -3; i < am.length; i++) {"
                    + " long s = System.nanoTime(); view.applySync(() -> 1); if (i >= 0) am[i] = (System.nanoTime() - s) / 1e6; } am");
            report("applySync of () -> 1 (ms)", (double[]) a.value());

            // The same statement as %px through the API: the difference to %px is the magic's own cost.
            Outcome x = eval(kernel, "double[] xm = new double[" + reps + "]; for (int i = -3; i < xm.length; i++) {"
                    + " long s = System.nanoTime(); view.execute(\"int x = 1;\"); if (i >= 0) xm[i] = (System.nanoTime() - s) / 1e6; } xm");
            report("view.execute(\"int x = 1;\") (ms)", (double[]) x.value());
            pxRoundTrips(magics, kernel, reps, true);

            for (String mode : List.of("", "--no-stream")) {
                Cell c = cell(kernel);
                long s = System.nanoTime();
                check(magics.cell("px", mode, "for (int i = 0; i < " + lines + "; i++) { System.out.println(\"line \" + i); }", c), c);
                double secs = (System.nanoTime() - s) / 1e9;
                String shown = c.shown();
                int found = 0;
                for (int e = 0; e < engines; e++) {
                    int from = 0;
                    for (int i = 0; i < lines; i++) {
                        String line = "[stdout:" + e + "] line " + i + "\n";
                        int at = shown.indexOf(line, from);
                        if (at < 0) {
                            throw new AssertionError("line " + i + " of engine " + e + " is missing from the output");
                        }
                        from = at + line.length();
                        found++;
                    }
                }
                System.out.printf(Locale.ROOT, "%%%%px %s printing %d lines on each of %d engines: %.2f s, %.0f lines/s,"
                                + " all %d lines shown in order (%d displays, %d updates)%n", mode.isEmpty() ? "(streamed)" : mode,
                        lines, engines, secs, found / secs, found, c.displays.size(), c.updates);
            }
        } finally {
            Cell stop = cell(kernel);
            check(magics.line("cluster", "stop", stop), stop);
            kernel.close();
        }
    }

    /** %px of a trivial statement, reps times after 3 unmeasured; again later, when the engines are warm. */
    private static void pxRoundTrips(ParallelMagics magics, Evaluator kernel, int reps, boolean again) {
        double[] px = new double[reps];
        for (int i = -3; i < reps; i++) {
            Cell c = cell(kernel);
            long s = System.nanoTime();
            check(magics.line("px", "int x = 1;", c), c);
            if (i >= 0) {
                px[i] = (System.nanoTime() - s) / 1e6;
            }
        }
        report(again ? "%px int x = 1; again (ms)" : "%px int x = 1; round trip (ms)", px);
    }

    private static Cell cell(Evaluator kernel) {
        Cell c = new Cell(kernel);
        CellContext.setCurrent(c);
        return c;
    }

    private static Outcome eval(Evaluator kernel, String code) {
        Outcome r = kernel.eval(code, (s, t) -> System.out.print(t));
        if (r.status() != Outcome.Status.OK) {
            throw new IllegalStateException("the cell failed: " + r.failure());
        }
        return r;
    }

    private static void check(Outcome o, Cell c) {
        if (!o.ok()) {
            throw new IllegalStateException(o.ename() + ": " + o.evalue() + "\n" + String.join("\n", o.traceback()) + "\n" + c.shown());
        }
    }

    private static void report(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-36s median %.2f, p10 %.2f, p90 %.2f, min %.2f (n=%d)%n", what, s[s.length / 2],
                s[s.length / 10], s[s.length * 9 / 10], s[0], s.length);
    }

    private static int intArg(String[] args, String name, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return dflt;
    }
}
