package org.jparallel.kernel;

import org.jparallel.display.MimeBundles;
import org.jparallel.notebook.CellContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The notebook API of cells, statically imported into every JShell session of the kernel:
 * {@code display(x)}, {@code updateDisplay(id, x)}, {@code clearOutput()}.
 */
public final class Notebook {

    private Notebook() {
    }

    /**
     * Shows a value in the cell's output, richly when it offers a MIME bundle (see {@link Displayable})
     * or is an image; returns the display id, for {@link #updateDisplay(String, Object)}.
     */
    public static String display(Object value) {
        MimeBundles.Bundle b = MimeBundles.of(value, null);
        return CellContext.current().display(b.data(), b.metadata(), null);
    }

    /**
     * Shows a MIME bundle, e.g. {@code display(Map.of("text/html", "<b>hi</b>"))}; returns the
     * display id. To show a Map itself as text, call {@code display((Object) map)}.
     */
    public static String display(Map<String, ?> mimeBundle) {
        return CellContext.current().display(bundle(mimeBundle), Map.of(), null);
    }

    /** Replaces what a display shows with a new value. */
    public static void updateDisplay(String displayId, Object value) {
        MimeBundles.Bundle b = MimeBundles.of(value, null);
        CellContext.current().updateDisplay(checkId(displayId), b.data(), b.metadata());
    }

    /** Replaces what a display shows with a new MIME bundle. */
    public static void updateDisplay(String displayId, Map<String, ?> mimeBundle) {
        CellContext.current().updateDisplay(checkId(displayId), bundle(mimeBundle), Map.of());
    }

    /** Clears the cell's output now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the cell's output; with wait, just before the next output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        CellContext.current().clearOutput(wait);
    }

    private static String checkId(String displayId) {
        if (displayId == null || displayId.isBlank()) {
            throw new IllegalArgumentException("updateDisplay needs the id that display(...) returned, not "
                    + (displayId == null ? "null" : "an empty string"));
        }
        return displayId;
    }

    private static Map<String, Object> bundle(Map<String, ?> mimeBundle) {
        return MimeBundles.checked(mimeBundle);
    }
}
