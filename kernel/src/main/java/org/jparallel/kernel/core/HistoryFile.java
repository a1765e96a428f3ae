package org.jparallel.kernel.core;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cell inputs kept across kernel sessions, one JSON object per line in
 * $XDG_DATA_HOME/jparallel/history.jsonl (~/.local/share when unset), so frontends' history
 * (a console's up arrow) reaches earlier sessions. JPARALLEL_HISTORY=0 keeps history in memory only.
 * Several kernels may share the file: a lock orders session numbers and appends. The file stays
 * small, since every kernel reads it as it starts: outputs are stored clipped to
 * {@link #MAX_OUTPUT_CHARS}, inputs over {@link #MAX_INPUT_CHARS} stay in memory only, and a file
 * over {@link #KEEP} rows (with some slack) or {@link #MAX_BYTES} is cut to its latest rows.
 */
final class HistoryFile {
    private static final Logger LOG = Logger.getLogger(HistoryFile.class.getName());
    /** Entries kept when the file is compacted at session start. */
    static final int KEEP = 10_000;
    /** Rows over {@link #KEEP} the file may gain before a start compacts it (not every start rewrites it). */
    static final int SLACK = KEEP / 10;
    /** A file larger than this is compacted at the next start ... */
    static final long MAX_BYTES = 8L << 20;
    /** ... to its latest rows that fit in this many bytes (and at most {@link #KEEP} of them). */
    static final long KEEP_BYTES = 4L << 20;
    /** Stored outputs longer than this are clipped (a cell that returns a megabyte string). */
    static final int MAX_OUTPUT_CHARS = 4096;
    /** Inputs longer than this are not written to the file (they stay in this session's memory). */
    static final int MAX_INPUT_CHARS = 256 * 1024;

    /** One stored cell. */
    record Row(int session, int line, String input, String output) {
    }

    private final Path file;

    HistoryFile(Path file) {
        this.file = file;
    }

    /** The default file, or null when JPARALLEL_HISTORY=0. */
    static HistoryFile forUser() {
        if ("0".equals(System.getenv("JPARALLEL_HISTORY"))) {
            return null;
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return new HistoryFile(base.resolve("jparallel").resolve("history.jsonl"));
    }

    /**
     * Starts a session: claims the next session number (scanning only the lines' leading session
     * field) and compacts the file when it has grown past its bounds. The earlier rows are read
     * later, when a history request first needs them ({@link #earlier}). Failures leave history in
     * memory only.
     */
    @SuppressWarnings("try") // the lock is held for the block, never read
    synchronized Start start() throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int maxSession = 0;
            for (String line : lines) {
                maxSession = Math.max(maxSession, sessionOf(line));
            }
            if (lines.size() > KEEP + SLACK || ch.size() > MAX_BYTES) {
                compact(ch, rows(lines, Integer.MAX_VALUE));
            }
            int session = maxSession + 1;
            // A marker line claims the number even before this session stores a cell.
            ch.write(StandardCharsets.UTF_8.encode(Json.obj("session", session).toString() + "\n"), ch.size());
            return new Start(session);
        }
    }

    /** The session number claimed. */
    record Start(int session) {
    }

    /** The stored rows of sessions before {@code session}, oldest first (empty when the file cannot be read). */
    @SuppressWarnings("try") // the lock is held for the block, never read
    synchronized List<Row> earlier(int session) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            return rows(Files.readAllLines(file, StandardCharsets.UTF_8), session);
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not read " + file, e);
            return List.of();
        }
    }

    /** A line's session number: written first on every line, so most lines need no JSON parse. */
    private static int sessionOf(String line) {
        String prefix = "{\"session\":";
        if (line.startsWith(prefix)) {
            int i = prefix.length();
            int n = 0;
            while (i < line.length() && Character.isDigit(line.charAt(i)) && n < 100_000_000) {
                n = n * 10 + (line.charAt(i++) - '0');
            }
            if (i > prefix.length() && i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == '}')) {
                return n;
            }
        }
        JsonObject o = parse(line);
        return o == null ? 0 : Json.intField(o, "session", 0);
    }

    private static List<Row> rows(List<String> lines, int beforeSession) {
        List<Row> rows = new ArrayList<>();
        for (String line : lines) {
            JsonObject o = parse(line);
            if (o == null) {
                continue;
            }
            int session = Json.intField(o, "session", 0);
            if (session < beforeSession && o.has("input") && o.get("input").isJsonPrimitive()) {
                rows.add(new Row(session, Json.intField(o, "line", 0), o.get("input").getAsString(),
                        o.has("output") && o.get("output").isJsonPrimitive() ? clip(o.get("output").getAsString()) : null));
            }
        }
        return rows;
    }

    /** Rewrites the file as the latest rows that fit in {@link #KEEP_BYTES}, at most {@link #KEEP} of them. */
    private static void compact(FileChannel ch, List<Row> rows) throws IOException {
        List<String> kept = new ArrayList<>();
        long bytes = 0;
        for (int i = rows.size() - 1; i >= 0 && kept.size() < KEEP; i--) {
            String json = toJson(rows.get(i));
            bytes += json.length() + 1;
            if (bytes > KEEP_BYTES) {
                break;
            }
            kept.add(json);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = kept.size() - 1; i >= 0; i--) {
            sb.append(kept.get(i)).append('\n');
        }
        ch.truncate(0);
        ch.write(StandardCharsets.UTF_8.encode(sb.toString()), 0);
    }

    /** Appends a row (its output clipped; not at all when its input is over {@link #MAX_INPUT_CHARS}); a failure is logged and otherwise ignored. */
    @SuppressWarnings("try") // the lock is held for the block, never read
    synchronized void append(Row given) {
        if (given.input().length() > MAX_INPUT_CHARS) {
            LOG.fine(() -> "a cell of " + given.input().length() + " characters stays out of " + file);
            return;
        }
        Row row = new Row(given.session(), given.line(), given.input(), clip(given.output()));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileLock lock = raf.getChannel().lock()) {
            raf.seek(raf.length());
            raf.write((toJson(row) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not append to " + file, e);
        }
    }

    /** The text, or its first {@link #MAX_OUTPUT_CHARS} characters and a note of how many more there were. */
    static String clip(String output) {
        // the note's room: an output clipped before (read back from the file) stays as it is
        if (output == null || output.length() <= MAX_OUTPUT_CHARS + 80) {
            return output;
        }
        int end = Character.isHighSurrogate(output.charAt(MAX_OUTPUT_CHARS - 1)) ? MAX_OUTPUT_CHARS - 1 : MAX_OUTPUT_CHARS;
        return output.substring(0, end) + "\n... (" + (output.length() - end) + " more characters not kept in history)";
    }

    private static String toJson(Row r) {
        return Json.obj("session", r.session(), "line", r.line(), "input", r.input(), "output", r.output()).toString();
    }

    private static JsonObject parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            var e = JsonParser.parseString(line);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException e) {
            return null; // a torn line from a crash: skip it
        }
    }
}
