package org.jparallel.magics;

import org.jparallel.cluster.EngineEvent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Shows a %px run's output. Streaming: one display per piece (engine and stream), created when its
 * first output arrives and updated in place (at most every {@code flushMillis}); at the end the
 * displays are given their final contents in the requested order, so no clear_output is needed.
 * Not streaming: everything is written at the end, in the requested order. A progress line can
 * take a display of its own; it becomes the last line at the end.
 */
final class LiveOutput {
    /** A display in the output area, in creation order. */
    private static final class Slot {
        final String id;
        String shown;
        final OutputLayout.Piece piece; // null for the progress line

        Slot(String id, String shown, OutputLayout.Piece piece) {
            this.id = id;
            this.shown = shown;
            this.piece = piece;
        }
    }

    private final OutputTarget out;
    private final OutputLayout layout;
    private final boolean streaming;
    private final long flushNanos;
    private final List<Slot> slots = new ArrayList<>();
    private final Set<Slot> dirty = new LinkedHashSet<>();
    private final java.util.Map<OutputLayout.Piece, Slot> slotOf = new java.util.IdentityHashMap<>();
    private final List<EngineEvent.Display> richLater = new ArrayList<>();
    private Slot progress;
    private long lastFlush;

    LiveOutput(OutputTarget out, GroupOutputs mode, boolean streaming, int pieceLimit, long flushMillis) {
        this.out = out;
        this.layout = new OutputLayout(mode, pieceLimit);
        this.streaming = streaming;
        this.flushNanos = flushMillis * 1_000_000L;
    }

    /** Takes an event (on the thread that owns the output). */
    void on(EngineEvent e) {
        if (e instanceof EngineEvent.Result r && !r.rich().isEmpty()) {
            // Out[N:k] stays a text line in its place; the rich form follows it as a display of its own
            java.util.Map<String, Object> data = new java.util.LinkedHashMap<>(r.rich());
            data.put("text/plain", r.text());
            EngineEvent.Display rich = new EngineEvent.Display(r.engine(), data, r.metadata());
            if (streaming) {
                flush(true);
                showRich(rich);
            } else {
                richLater.add(rich);
            }
        }
        if (e instanceof EngineEvent.Display d) {
            if (streaming) {
                flush(true);
                showRich(d);
            } else {
                richLater.add(d);
            }
            return;
        }
        OutputLayout.Change c = layout.add(e);
        if (c == null || !streaming) {
            return;
        }
        if (c.created()) {
            String text = c.piece().text.toString();
            Slot s = new Slot(out.display(text), text, c.piece());
            slots.add(s);
            slotOf.put(c.piece(), s);
        } else {
            dirty.add(slotOf.get(c.piece()));
        }
    }

    /** An engine's display(...), tagged as ipyparallel tags it: a line [output:N], then the display. */
    private void showRich(EngineEvent.Display d) {
        out.stream("stdout", "[output:" + d.engine() + "]\n");
        java.util.Map<String, Object> md = new java.util.LinkedHashMap<>(d.metadata());
        md.put("engine", d.engine());
        out.rich(d.data(), md);
    }

    /** Sends the updates of changed displays if the last flush is old enough (or force). */
    void flush(boolean force) {
        long now = System.nanoTime();
        if (dirty.isEmpty() || (!force && now - lastFlush < flushNanos)) {
            return;
        }
        for (Slot s : dirty) {
            String text = s.piece.text.toString();
            if (!text.equals(s.shown)) {
                out.update(s.id, text);
                s.shown = text;
            }
        }
        dirty.clear();
        lastFlush = now;
    }

    /** Nanoseconds until a pending flush is due, or -1 when nothing waits. */
    long flushDueIn() {
        if (dirty.isEmpty()) {
            return -1;
        }
        return Math.max(0, flushNanos - (System.nanoTime() - lastFlush));
    }

    /** Shows or updates the progress line. */
    void progress(String text) {
        if (progress == null) {
            progress = new Slot(out.display(text), text, null);
            slots.add(progress);
        } else if (!text.equals(progress.shown)) {
            out.update(progress.id, text);
            progress.shown = text;
        }
    }

    /** Whether a progress line is shown. */
    boolean hasProgress() {
        return progress != null;
    }

    /** Shows everything in its final order; finalProgress replaces the progress line, if one is shown. */
    void finish(List<Integer> engines, String finalProgress) {
        List<OutputItem> items = layout.finalItems(engines);
        if (!streaming) {
            if (progress != null) {
                progress(finalProgress);
            }
            for (OutputItem item : items) {
                if (item.kind() == OutputItem.Kind.STREAM) {
                    out.stream(item.stream(), item.text().endsWith("\n") ? item.text() : item.text() + "\n");
                } else {
                    out.display(item.text());
                }
            }
            richLater.forEach(this::showRich);
            return;
        }
        List<String> texts = new ArrayList<>();
        items.forEach(i -> texts.add(i.text()));
        if (progress != null) {
            texts.add(finalProgress);
        }
        // Re-assign contents to the displays in creation order; further items get new displays.
        for (int i = 0; i < Math.max(slots.size(), texts.size()); i++) {
            String text = i < texts.size() ? texts.get(i) : "";
            if (i < slots.size()) {
                Slot s = slots.get(i);
                if (!text.equals(s.shown)) {
                    out.update(s.id, text);
                    s.shown = text;
                }
            } else {
                out.display(text);
            }
        }
        dirty.clear();
    }
}
