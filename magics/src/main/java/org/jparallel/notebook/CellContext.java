package org.jparallel.notebook;

import org.jparallel.jshell.Evaluator;

import java.util.Map;

/**
 * What the kernel offers code that runs on behalf of a cell (magics, the notebook API): output to
 * the cell's area in the frontend, rich displays, an interrupt hook and the kernel's Evaluator.
 *
 * <p>Every method may be called from any thread. Output goes to the cell this context belongs to,
 * even after the cell has finished (the frontend still shows it under that cell). Stream text
 * written here is ordered after whatever the cell printed to System.out/err before the call.
 */
public interface CellContext {

    /** Sends text to the cell's output; name is "stdout" or "stderr". */
    void stream(String name, String text);

    /**
     * Shows a MIME bundle (e.g. "text/plain" -> String, "text/html" -> String, "image/png" ->
     * base64 String, "application/json" -> Map/List) with optional metadata (null = none).
     * With displayId null a fresh id is made; either way the id is returned, for updateDisplay.
     */
    String display(Map<String, Object> bundle, Map<String, Object> metadata, String displayId);

    /** Replaces everything shown under the given display id, wherever it is in the notebook. */
    void updateDisplay(String displayId, Map<String, Object> bundle, Map<String, Object> metadata);

    /** Clears the cell's output; with wait the frontend clears just before the next output arrives. */
    void clearOutput(boolean wait);

    /**
     * Registers work to run when the user interrupts this cell (interrupt_request or SIGINT), for
     * magics that wait on something the kernel cannot stop by itself (e.g. engines). Hooks run on
     * the thread that received the interrupt, after the kernel asked the Evaluator to stop; they are
     * dropped when the cell ends.
     */
    void onInterrupt(Runnable hook);

    /**
     * Registers work to run once when the kernel shuts down or restarts (shutdown_request, SIGTERM,
     * the frontend going away), e.g. stopping a cluster's engines. Hooks outlive the cell.
     */
    void onShutdown(Runnable hook);

    /** The kernel's JShell evaluator, the one user cells run in. */
    Evaluator evaluator();

    /** The context of the cell running now, or of the last cell that ran; set by the kernel. */
    static CellContext current() {
        CellContext c = CurrentCellContext.value;
        if (c == null) {
            throw new IllegalStateException("no cell has run yet, so there is no cell to send output to");
        }
        return c;
    }

    /** Whether a context has been set (false before the first cell runs). */
    static boolean isSet() {
        return CurrentCellContext.value != null;
    }

    /** Sets the context of the cell about to run; the kernel calls this before each execution. */
    static void setCurrent(CellContext context) {
        CurrentCellContext.value = context;
    }
}

/** Holder of the current context: one cell runs at a time, and any thread may need to reach it. */
final class CurrentCellContext {
    static volatile CellContext value;

    private CurrentCellContext() {
    }
}
