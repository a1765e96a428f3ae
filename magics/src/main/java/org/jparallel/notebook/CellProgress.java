package org.jparallel.notebook;


import java.util.Map;

/** Progress shown in the running cell's output as one display that is updated in place. */
public final class CellProgress implements Progress {
    private final CellContext cell;
    private String displayId;

    public CellProgress(CellContext cell) {
        this.cell = cell;
    }

    @Override
    public synchronized void update(String line) {
        Map<String, Object> bundle = Map.of("text/plain", line);
        if (displayId == null) {
            displayId = cell.display(bundle, null, null);
        } else {
            cell.updateDisplay(displayId, bundle, null);
        }
    }
}
