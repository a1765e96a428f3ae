package org.jparallel.magics;

import org.jparallel.notebook.PxFormat;

import org.jparallel.cluster.EngineEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Arranges a %px run's output into blocks ("pieces") as it arrives, and in the requested order at
 * the end. With --group-outputs=engine or type there is one piece per engine and stream (a new one
 * when a piece grows past the limit, so live updates stay small); with order, a piece per run of
 * consecutive output of one engine and stream.
 */
final class OutputLayout {
    /** A block of one engine's stream output, growing while it is open. */
    static final class Piece {
        final int engine;
        final String stream;
        final StringBuilder text = new StringBuilder();
        boolean sealed;

        Piece(int engine, String stream) {
            this.engine = engine;
            this.stream = stream;
        }

        OutputItem item() {
            return new OutputItem(OutputItem.Kind.STREAM, stream, engine, text.toString());
        }
    }

    /** What an event did to the pieces: the piece that grew, and whether it is new. */
    record Change(Piece piece, boolean created) {
    }

    private record Key(int engine, String stream) {
    }

    private final GroupOutputs mode;
    private final int pieceLimit;
    private final List<Piece> pieces = new ArrayList<>();
    private final List<Object> arrival = new ArrayList<>(); // pieces and results, in arrival order
    private final Map<Key, List<Piece>> byKey = new HashMap<>();
    private final Map<Key, Boolean> atLineStart = new HashMap<>();
    private final Map<Integer, EngineEvent.Result> results = new HashMap<>();

    OutputLayout(GroupOutputs mode, int pieceLimit) {
        this.mode = mode;
        this.pieceLimit = pieceLimit;
    }

    /** Takes the next event in arrival order; returns the piece it changed, or null. */
    Change add(EngineEvent e) {
        if (e instanceof EngineEvent.Result r) {
            results.put(r.engine(), r);
            arrival.add(r);
            return null;
        }
        if (!(e instanceof EngineEvent.Stream s) || s.text().isEmpty()) {
            return null;
        }
        String stream = "stderr".equals(s.name()) ? "stderr" : "stdout";
        Key key = new Key(s.engine(), stream);
        Piece open = openPiece(key);
        boolean created = open == null;
        boolean lineStart = atLineStart.getOrDefault(key, true);
        if (created) {
            open = new Piece(s.engine(), stream);
            pieces.add(open);
            arrival.add(open);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(open);
            if (mode == GroupOutputs.ORDER) {
                lineStart = true; // a run after other output starts on a line of its own
            }
        }
        open.text.append(PxFormat.prefixLines(PxFormat.streamPrefix(stream, s.engine()), s.text(), lineStart));
        atLineStart.put(key, s.text().endsWith("\n"));
        if (open.text.length() >= pieceLimit) {
            open.sealed = true;
        }
        return new Change(open, created);
    }

    private Piece openPiece(Key key) {
        Piece candidate;
        if (mode == GroupOutputs.ORDER) {
            candidate = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
            if (candidate != null && (candidate.engine != key.engine() || !candidate.stream.equals(key.stream())
                    || arrival.get(arrival.size() - 1) != candidate)) {
                candidate = null;
            }
        } else {
            List<Piece> list = byKey.get(key);
            candidate = list == null ? null : list.get(list.size() - 1);
        }
        return candidate == null || candidate.sealed ? null : candidate;
    }

    /** The pieces in the order they were created (the order of their live displays). */
    List<Piece> pieces() {
        return pieces;
    }

    /** Every block in the requested order; engines in the given order. */
    List<OutputItem> finalItems(List<Integer> engines) {
        List<OutputItem> out = new ArrayList<>();
        List<Integer> sorted = engines.stream().sorted().toList();
        switch (mode) {
            case ENGINE -> {
                for (Integer e : sorted) {
                    addPieces(out, e, "stdout");
                    addPieces(out, e, "stderr");
                    addResult(out, e);
                }
            }
            case TYPE -> {
                sorted.forEach(e -> addPieces(out, e, "stdout"));
                sorted.forEach(e -> addPieces(out, e, "stderr"));
                sorted.forEach(e -> addResult(out, e));
            }
            case ORDER -> {
                for (Object o : arrival) {
                    out.add(o instanceof Piece p ? p.item()
                            : new OutputItem(OutputItem.Kind.RESULT, null, ((EngineEvent.Result) o).engine(),
                            result((EngineEvent.Result) o)));
                }
            }
        }
        return out;
    }

    private void addPieces(List<OutputItem> out, int engine, String stream) {
        for (Piece p : byKey.getOrDefault(new Key(engine, stream), List.of())) {
            out.add(p.item());
        }
    }

    private void addResult(List<OutputItem> out, int engine) {
        EngineEvent.Result r = results.get(engine);
        if (r != null) {
            out.add(new OutputItem(OutputItem.Kind.RESULT, null, engine, result(r)));
        }
    }

    private static String result(EngineEvent.Result r) {
        return PxFormat.result(r.engine(), r.count(), r.text());
    }
}
