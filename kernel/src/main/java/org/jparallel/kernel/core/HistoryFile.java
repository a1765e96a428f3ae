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
 * Several kernels may share the file: a lock orders session numbers and appends.
 */
final class HistoryFile {
    private static final Logger LOG = Logger.getLogger(HistoryFile.class.getName());
    /** Entries kept when the file is compacted at session start. */
    static final int KEEP = 10_000;

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
     * Starts a session: reads the earlier rows (compacting the file to the last {@link #KEEP}),
     * claims the next session number and returns both. Failures leave history in memory only.
     */
    @SuppressWarnings("try") // the lock is held for the block, never read
    synchronized Start start() throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            List<Row> rows = new ArrayList<>();
            int maxSession = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonObject o = parse(line);
                if (o == null) {
                    continue;
                }
                int session = Json.intField(o, "session", 0);
                maxSession = Math.max(maxSession, session);
                if (o.has("input")) {
                    rows.add(new Row(session, Json.intField(o, "line", 0), o.get("input").getAsString(),
                            o.has("output") && !o.get("output").isJsonNull() ? o.get("output").getAsString() : null));
                }
            }
            if (rows.size() > KEEP) {
                rows = new ArrayList<>(rows.subList(rows.size() - KEEP, rows.size()));
                StringBuilder sb = new StringBuilder();
                rows.forEach(r -> sb.append(toJson(r)).append('\n'));
                ch.truncate(0);
                ch.write(StandardCharsets.UTF_8.encode(sb.toString()), 0);
            }
            int session = maxSession + 1;
            // A marker line claims the number even before this session stores a cell.
            ch.write(StandardCharsets.UTF_8.encode(Json.obj("session", session).toString() + "\n"), ch.size());
            return new Start(session, rows);
        }
    }

    /** The session number claimed and the rows of earlier sessions, oldest first. */
    record Start(int session, List<Row> earlier) {
    }

    /** Appends a row; a failure is logged once per call and otherwise ignored. */
    @SuppressWarnings("try") // the lock is held for the block, never read
    synchronized void append(Row row) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileLock lock = raf.getChannel().lock()) {
            raf.seek(raf.length());
            raf.write((toJson(row) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(Level.FINE, "could not append to " + file, e);
        }
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
