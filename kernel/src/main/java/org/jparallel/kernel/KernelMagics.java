package org.jparallel.kernel;


import org.jparallel.magics.MagicHandler;
import org.jparallel.notebook.CellContext;
import org.jparallel.protocol.Outcome;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The kernel's own magics: %lsmagic, %time / %%time (wall time of Java code), and %%html,
 * %%markdown, %%latex, %%svg (show the cell's text as that MIME type).
 */
final class KernelMagics implements MagicHandler {
    private static final Map<String, String> RENDERED = Map.of(
            "html", "text/html", "markdown", "text/markdown", "latex", "text/latex", "svg", "image/svg+xml");

    private final Supplier<MagicRegistry> registry;
    private final Supplier<CellRunner> runner;

    KernelMagics(Supplier<MagicRegistry> registry, Supplier<CellRunner> runner) {
        this.registry = registry;
        this.runner = runner;
    }

    @Override
    public List<String> lineMagics() {
        return List.of("lsmagic", "time");
    }

    @Override
    public List<String> cellMagics() {
        return List.of("html", "latex", "markdown", "svg", "time");
    }

    @Override
    public boolean autoRoute() {
        return false;
    }

    @Override
    public Outcome line(String name, String args, CellContext ctx) {
        return switch (name) {
            case "lsmagic" -> lsmagic(args, ctx);
            case "time" -> args.isBlank()
                    ? Outcome.error("UsageError", "%time needs Java code after it, e.g. %time compute(1000)", List.of())
                    : time(args, ctx, false);
            default -> Outcome.error("UsageError", "the kernel has no line magic %" + name, List.of());
        };
    }

    @Override
    public Outcome cell(String name, String args, String body, CellContext ctx) {
        if (name.equals("time")) {
            return time(body, ctx, true);
        }
        String mime = RENDERED.get(name);
        if (mime == null) {
            return Outcome.error("UsageError", "the kernel has no cell magic %%" + name, List.of());
        }
        if (!args.isBlank()) {
            return Outcome.error("UsageError", "%%" + name + " takes no arguments; put the content on the following lines", List.of());
        }
        ctx.display(Map.of(mime, body, "text/plain", body), Map.of(), null);
        return Outcome.success();
    }

    private Outcome lsmagic(String args, CellContext ctx) {
        if (!args.isBlank()) {
            return Outcome.error("UsageError", "%lsmagic takes no arguments", List.of());
        }
        MagicRegistry r = registry.get();
        String text = "Available line magics:\n" + joined("%", r.lineNames()) + "\n\n"
                + "Available cell magics:\n" + joined("%%", r.cellNames()) + "\n";
        ctx.stream("stdout", text);
        return Outcome.success();
    }

    private static String joined(String prefix, List<String> names) {
        return names.stream().map(n -> prefix + n).collect(Collectors.joining("  "));
    }

    /** Runs code (a cell body may hold magics too) and prints its wall time after its output. */
    private Outcome time(String code, CellContext ctx, boolean body) {
        KernelCellContext kctx = (KernelCellContext) ctx;
        long start = System.nanoTime();
        Outcome o = body ? runner.get().runBody(code, kctx) : runner.get().java(code, kctx);
        long nanos = System.nanoTime() - start;
        ctx.stream("stdout", "Wall time: " + formatNanos(nanos) + "\n");
        return o;
    }

    /** Nanoseconds as IPython prints times: "812 µs", "12.3 ms", "4.56 s". */
    static String formatNanos(long nanos) {
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%d µs", nanos / 1000);
        }
        if (nanos < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.3g ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.3g s", nanos / 1e9);
    }
}
