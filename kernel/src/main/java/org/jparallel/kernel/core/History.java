package org.jparallel.kernel.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.jparallel.support.Threads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of cells, for history_request: tail, range and search, as
 * IPython answers them. Line numbers are execution counts; sessions are numbered per kernel run
 * when a {@link HistoryFile} keeps them across runs (session 1 in memory otherwise).
 */
final class History {
    private record Entry(int session, int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private int session = 1;
    private HistoryFile file;
    private boolean earlierRead;
    private volatile CompletableFuture<Void> loading = CompletableFuture.completedFuture(null);

    /**
     * Attaches the history file the source gives (none when it gives null) on a thread of its own,
     * alongside the interpreter's start; {@link #awaitLoaded} waits for it.
     */
    void attachInBackground(Supplier<HistoryFile> source) {
        loading = CompletableFuture.runAsync(() -> {
            HistoryFile f = source.get();
            if (f != null) {
                attach(f);
            }
        }, r -> Threads.startDaemon("history-load", r));
    }

    /** Waits (bounded) for the history file to be read, so that session and line numbers are right. */
    void awaitLoaded() {
        try {
            loading.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Logger.getLogger(History.class.getName()).log(Level.WARNING, "the history file could not be read; "
                    + "this session's history stays in memory", e);
        }
    }

    /**
     * Stores this session's cells in a history file too, under the next session number; the
     * earlier sessions' rows are read from it when a request first needs them.
     */
    synchronized void attach(HistoryFile historyFile) {
        try {
            HistoryFile.Start start = historyFile.start();
            session = start.session();
            file = historyFile;
            earlierRead = false;
            List<Entry> current = new ArrayList<>(entries);
            entries.clear();
            for (Entry e : current) {
                Entry moved = new Entry(session, e.line(), e.input(), e.output());
                entries.add(moved);
                file.append(new HistoryFile.Row(session, e.line(), e.input(), e.output()));
            }
        } catch (java.io.IOException | RuntimeException e) {
            Logger.getLogger(History.class.getName()).log(Level.FINE,
                    "history stays in memory", e);
        }
    }

    /** Puts the earlier sessions' rows (from the file) before this session's, once. */
    private void readEarlier() {
        if (file == null || earlierRead) {
            return;
        }
        earlierRead = true;
        Map<String, Entry> earlier = new LinkedHashMap<>();
        for (HistoryFile.Row r : file.earlier(session)) {
            // A later row for the same cell carries its output.
            earlier.put(r.session() + ":" + r.line(), new Entry(r.session(), r.line(), r.input(), r.output()));
        }
        entries.addAll(0, earlier.values());
    }

    /** This kernel's session number in history replies. */
    synchronized int session() {
        return session;
    }

    /** Records a cell that ran with store_history. */
    synchronized void add(int executionCount, String input) {
        entries.add(new Entry(session, executionCount, input, null));
        if (file != null) {
            file.append(new HistoryFile.Row(session, executionCount, input, null));
        }
    }

    /** Records the text/plain output of the cell with that execution count. */
    synchronized void setOutput(int executionCount, String fullOutput) {
        String output = HistoryFile.clip(fullOutput);
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.session() == session && e.line() == executionCount) {
                entries.set(i, new Entry(session, executionCount, e.input(), output));
                if (file != null) {
                    file.append(new HistoryFile.Row(session, executionCount, e.input(), output));
                }
                return;
            }
        }
    }

    /** The history_reply content for a history_request's content. */
    synchronized JsonObject reply(JsonObject request) {
        readEarlier();
        boolean output = bool(request, "output");
        String type = request.has("hist_access_type") ? request.get("hist_access_type").getAsString() : "tail";
        List<Entry> picked = switch (type) {
            case "range" -> range(Json.intField(request, "session", 0), Json.intField(request, "start", 0),
                    request.has("stop") && !request.get("stop").isJsonNull() ? Json.intField(request, "stop", Integer.MAX_VALUE) : Integer.MAX_VALUE);
            case "search" -> search(request.has("pattern") ? request.get("pattern").getAsString() : "*",
                    Json.intField(request, "n", 0), bool(request, "unique"));
            default -> tail(Json.intField(request, "n", 10));
        };
        JsonArray history = new JsonArray();
        for (Entry e : picked) {
            JsonArray row = new JsonArray();
            row.add(e.session());
            row.add(e.line());
            if (output) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                if (e.output() == null) {
                    io.add(JsonNull.INSTANCE);
                } else {
                    io.add(e.output());
                }
                row.add(io);
            } else {
                row.add(e.input());
            }
            history.add(row);
        }
        return Json.obj("status", "ok", "history", history);
    }

    private List<Entry> tail(int n) {
        int from = Math.max(0, entries.size() - Math.max(0, n));
        return new ArrayList<>(entries.subList(from, entries.size()));
    }

    private List<Entry> range(int requested, int start, int stop) {
        // As in IPython: 0 is this session, -1 the one before, and so on; positive numbers are absolute.
        int wanted = requested > 0 ? requested : session + requested;
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.session() == wanted && e.line() >= start && e.line() < stop) {
                out.add(e);
            }
        }
        return out;
    }

    private List<Entry> search(String pattern, int n, boolean unique) {
        Pattern p = glob(pattern);
        List<Entry> matches = new ArrayList<>();
        for (Entry e : entries) {
            if (p.matcher(e.input()).matches()) {
                matches.add(e);
            }
        }
        if (unique) {
            // Keep the latest run of each input, in the order of those latest runs.
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : matches) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            matches = new ArrayList<>(latest.values());
        }
        if (n > 0 && matches.size() > n) {
            matches = new ArrayList<>(matches.subList(matches.size() - n, matches.size()));
        }
        return matches;
    }

    /** A glob (* any text, ? one character) matching the whole input, like SQLite's GLOB. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static boolean bool(JsonObject o, String k) {
        return o.has(k) && o.get(k).isJsonPrimitive() && o.get(k).getAsBoolean();
    }
}
