package org.jparallel.cluster;

import org.jparallel.magics.CellContext;

import java.util.Map;

/** Progress shown in the running cell's output as one display that is updated in place. */
final class CellProgress implements Progress {
    private final CellContext cell;
    private String displayId;

    CellProgress(CellContext cell) {
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
