package org.jparallel.kernel;

import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.OutputSink;
import org.jparallel.notebook.CellContext;
import org.jparallel.wire.Message;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The kernel's side of a cell: its output goes to iopub as children of the cell's execute_request. */
final class KernelCellContext implements CellContext {
    private static final Logger LOG = Logger.getLogger(KernelCellContext.class.getName());

    private final Message request;
    private final boolean silent;
    private final IopubPublisher iopub;
    private final Evaluator evaluator;
    private final ShutdownHooks shutdownHooks;
    private final List<Runnable> interruptHooks = new CopyOnWriteArrayList<>();
    private final OutputSink sink;

    KernelCellContext(Message request, boolean silent, IopubPublisher iopub, Evaluator evaluator,
                      ShutdownHooks shutdownHooks) {
        this.request = request;
        this.silent = silent;
        this.iopub = iopub;
        this.evaluator = evaluator;
        this.shutdownHooks = shutdownHooks;
        this.sink = this::publishStream;
    }

    /** The sink the Evaluator writes this cell's System.out/err to. */
    OutputSink sink() {
        return sink;
    }

    Message request() {
        return request;
    }

    private void publishStream(String name, String text) {
        if (!silent && text != null && !text.isEmpty()) {
            iopub.publish("stream", request, Json.obj("name", "stderr".equals(name) ? "stderr" : "stdout", "text", text));
        }
    }

    @Override
    public void stream(String name, String text) {
        // What the cell printed before must come first.
        evaluator.flushOutput();
        publishStream(name, text);
    }

    @Override
    public String display(Map<String, Object> bundle, Map<String, Object> metadata, String displayId) {
        String id = displayId == null ? UUID.randomUUID().toString() : displayId;
        evaluator.flushOutput();
        if (!silent) {
            iopub.publish("display_data", request, Json.obj("data", Json.map(bundle),
                    "metadata", Json.map(metadata), "transient", Json.obj("display_id", id)));
        }
        return id;
    }

    @Override
    public void updateDisplay(String displayId, Map<String, Object> bundle, Map<String, Object> metadata) {
        evaluator.flushOutput();
        if (!silent) {
            iopub.publish("update_display_data", request, Json.obj("data", Json.map(bundle),
                    "metadata", Json.map(metadata), "transient", Json.obj("display_id", displayId)));
        }
    }

    @Override
    public void clearOutput(boolean wait) {
        evaluator.flushOutput();
        if (!silent) {
            iopub.publish("clear_output", request, Json.obj("wait", wait));
        }
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
