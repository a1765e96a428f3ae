package org.jparallel.kernel;

import org.jparallel.jshell.Evaluator;
import org.jparallel.magics.MagicHandler;
import org.jparallel.protocol.Outcome;

import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a cell: a %%cell magic whole, or its lines in source order, Java chunks through the
 * Evaluator and %line magics through their handlers, stopping at the first failure. The result
 * is the value of the last part.
 */
final class CellRunner {
    private static final Logger LOG = Logger.getLogger(CellRunner.class.getName());

    private final Supplier<MagicRegistry> magics;

    CellRunner(Supplier<MagicRegistry> magics) {
        this.magics = magics;
    }

    /** Runs the cell with ctx current; never throws. */
    Outcome run(String code, KernelCellContext ctx) {
        MagicRegistry registry = magics.get();
        MagicHandler router = registry.autoRouter();
        if (router != null) {
            CellParser.LineMagic only = CellParser.singleLineMagic(code);
            if (only != null && router.handlesLine(only.name())) {
                return line(router, only.name(), only.args(), ctx);
            }
            return cell(router, "px", "", code, ctx);
        }
        return runParsed(code, ctx, registry);
    }

    /** Runs the cell's text ignoring %autopx: what %%time and friends run as their body. */
    Outcome runBody(String code, KernelCellContext ctx) {
        return runParsed(code, ctx, magics.get());
    }

    private Outcome runParsed(String code, KernelCellContext ctx, MagicRegistry registry) {
        CellParser.CellMagic cm = CellParser.cellMagic(code);
        if (cm != null) {
            MagicHandler h = registry.forCell(cm.name());
            if (h == null) {
                return Outcome.error("UsageError", registry.unknown(cm.name(), true), List.of());
            }
            return cell(h, cm.name(), cm.args(), cm.body(), ctx);
        }
        Outcome last = Outcome.success();
        for (CellParser.Part part : CellParser.parts(code)) {
            if (part instanceof CellParser.JavaChunk chunk) {
                last = java(chunk.code(), ctx);
            } else if (part instanceof CellParser.LineMagic m) {
                MagicHandler h = registry.forLine(m.name());
                last = h == null ? Outcome.error("UsageError", registry.unknown(m.name(), false), List.of())
                        : line(h, m.name(), m.args(), ctx);
            }
            if (!last.ok()) {
                return last;
            }
        }
        return last;
    }

    /** Runs Java source in the Evaluator, output to the cell. */
    Outcome java(String source, KernelCellContext ctx) {
        Evaluator ev = ctx.evaluator();
        try {
            return ev.eval(source, ctx.sink());
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "the evaluator failed on a cell", e);
            return Outcome.error("InternalError", "the Java evaluator failed on this cell (" + describe(e)
                    + "); the kernel keeps running, run the cell again or restart the kernel", List.of());
        }
    }

    private Outcome line(MagicHandler h, String name, String args, KernelCellContext ctx) {
        try {
            return outcome(h.line(name, args, ctx));
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "line magic %" + name + " failed", e);
            return Outcome.error("MagicError", "%" + name + " failed unexpectedly: " + describe(e), List.of());
        }
    }

    private Outcome cell(MagicHandler h, String name, String args, String body, KernelCellContext ctx) {
        try {
            return outcome(h.cell(name, args, body, ctx));
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "cell magic %%" + name + " failed", e);
            return Outcome.error("MagicError", "%%" + name + " failed unexpectedly: " + describe(e), List.of());
        }
    }

    /** A handler's outcome; a handler that returned nothing succeeded with nothing to show. */
    private static Outcome outcome(Outcome o) {
        return o == null ? Outcome.success() : o;
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}
