package org.jparallel.kernel;

import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.OutputSink;
import org.jparallel.kernel.core.Frontend;
import org.jparallel.notebook.CellContext;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The magics' view of a cell: output to the core's {@link Frontend} of the cell's execute_request,
 * after what the cell's Java code printed before (flushed from the Evaluator first).
 */
final class KernelCellContext implements CellContext {
    private static final Logger LOG = Logger.getLogger(KernelCellContext.class.getName());

    private final Frontend frontend;
    private final Evaluator evaluator;
    private final ShutdownHooks shutdownHooks;
    private final List<Runnable> interruptHooks = new CopyOnWriteArrayList<>();
    private final OutputSink sink;

    KernelCellContext(Frontend frontend, Evaluator evaluator, ShutdownHooks shutdownHooks) {
        this.frontend = frontend;
        this.evaluator = evaluator;
        this.shutdownHooks = shutdownHooks;
        this.sink = frontend::stream;
    }

    /** The sink the Evaluator writes this cell's System.out/err to. */
    OutputSink sink() {
        return sink;
    }

    @Override
    public void stream(String name, String text) {
        // What the cell printed before must come first.
        evaluator.flushOutput();
        frontend.stream(name, text);
    }

    @Override
    public String display(Map<String, Object> bundle, Map<String, Object> metadata, String displayId) {
        String id = displayId == null ? UUID.randomUUID().toString() : displayId;
        evaluator.flushOutput();
        frontend.display(bundle, metadata, id);
        return id;
    }

    @Override
    public void updateDisplay(String displayId, Map<String, Object> bundle, Map<String, Object> metadata) {
        evaluator.flushOutput();
        frontend.updateDisplay(displayId, bundle, metadata);
    }

    @Override
    public void clearOutput(boolean wait) {
        evaluator.flushOutput();
        frontend.clearOutput(wait);
    }

    @Override
    public void onInterrupt(Runnable hook) {
        interruptHooks.add(hook);
    }

    @Override
    public void onShutdown(Runnable hook) {
        shutdownHooks.add(hook);
    }

    @Override
    public Evaluator evaluator() {
        return evaluator;
    }

    /** Runs the interrupt hooks registered during this cell; each failure is logged, not thrown. */
    void interrupted() {
        for (Runnable hook : interruptHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an interrupt hook failed", e);
            }
        }
    }

    /** The cell has finished: its interrupt hooks no longer apply. */
    void finished() {
        interruptHooks.clear();
    }
}
