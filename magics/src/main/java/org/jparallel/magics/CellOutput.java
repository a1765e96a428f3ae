package org.jparallel.magics;

import org.jparallel.notebook.CellContext;

import java.util.Map;

/** A cell's output area as an {@link OutputTarget}: plain-text displays with display ids. */
final class CellOutput implements OutputTarget {
    private final CellContext ctx;

    CellOutput(CellContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void stream(String name, String text) {
        ctx.stream(name, text);
    }

    @Override
    public String display(String text) {
        return ctx.display(Map.of("text/plain", text), Map.of(), null);
    }

    @Override
    public void update(String displayId, String text) {
        ctx.updateDisplay(displayId, Map.of("text/plain", text), Map.of());
    }

    @Override
    public void rich(Map<String, Object> data, Map<String, Object> metadata) {
        ctx.display(data, metadata, null);
    }
}
