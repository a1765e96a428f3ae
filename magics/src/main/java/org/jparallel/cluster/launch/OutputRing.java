package org.jparallel.cluster.launch;

import org.jparallel.support.Threads;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.logging.Logger;

/**
 * The last lines a process wrote to one of its streams, bounded by line count and characters,
 * so an error can quote what mpirun or an engine said. Thread-safe.
 */
public final class OutputRing {
    private static final Logger LOG = Logger.getLogger(OutputRing.class.getName());
    private static final int MAX_LINE = 2000;

    private final int maxLines;
    private final int maxChars;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private int chars;
    private long total;

    public OutputRing(int maxLines, int maxChars) {
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }

    /** Adds one line (cut when very long), dropping the oldest lines beyond the bounds. */
    public synchronized void add(String line) {
        String l = line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line;
        lines.addLast(l);
        chars += l.length();
        total++;
        while (lines.size() > maxLines || (chars > maxChars && lines.size() > 1)) {
            chars -= lines.removeFirst().length();
        }
        notifyAll();
    }

    /** The kept lines, oldest first. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** How many lines were ever added. */
    public synchronized long total() {
        return total;
    }

    /** Waits until a kept line contains the text or the time is up; true when found. */
    public boolean awaitLineContaining(String text, long millis) throws InterruptedException {
        return awaitLine(l -> l.contains(text), millis);
    }

    /** Waits until a kept line matches or the time is up; true when found. */
    public synchronized boolean awaitLine(java.util.function.Predicate<String> match, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (lines.stream().noneMatch(match)) {
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** The kept lines as text, each indented, for quoting in an error message; "" when none. */
    public String quoted(String indent) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines()) {
            if (!l.isBlank() && !l.matches("-{10,}")) {
                sb.append(indent).append(l).append('\n');
            }
        }
        return sb.toString();
    }

    /** Starts a daemon thread copying the stream's lines into this ring (and to the debug log). */
    public Thread pump(InputStream in, String name) {
        return pump(in, name, "");
    }

    /** Like {@link #pump(InputStream, String)}, each line starting with the prefix. */
    public Thread pump(InputStream in, String name, String prefix) {
        return Threads.startDaemon("jparallel-pump-" + name, () -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    add(prefix + line);
                    String l = line;
                    LOG.fine(() -> name + ": " + l);
                }
            } catch (IOException e) {
                // the process is gone; what it said is kept
            }
        });
    }
}
