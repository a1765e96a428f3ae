package org.jparallel.engine;

import org.jparallel.protocol.EngineProtocol;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * How much of one request's output an engine sends: at most a limit of UTF-8 bytes on each
 * stream (stdout, stderr); the rest is counted and dropped at the source, so a flood neither fills
 * the kernel's memory nor blocks the engine. A notice at the end of the stream says how much was
 * not shown.
 * The limit comes from {@value #ENV} (megabytes, 2^20 bytes; 0 turns the cap off), default
 * {@value #DEFAULT_MB} MB. Thread-safe.
 */
final class OutputCap {
    private static final Logger LOG = Logger.getLogger(OutputCap.class.getName());
    /** Environment: the per-request output limit in MB. */
    static final String ENV = EngineProtocol.ENV_OUTPUT_LIMIT_MB;
    static final int DEFAULT_MB = 4;
    private static final long MB = 1L << 20;
    private static final long CONFIGURED = parse(System.getenv(ENV));

    private final long limit;
    private final java.util.Map<String, Stream> streams = new java.util.LinkedHashMap<>();

    /** What one stream (stdout or stderr) of the request has sent and dropped. */
    private static final class Stream {
        long passed;
        long dropped;
        boolean endsWithNewline = true;
    }

    OutputCap(long limitBytes) {
        this.limit = limitBytes <= 0 ? Long.MAX_VALUE : limitBytes;
    }

    /** A cap with the limit this engine was started with. */
    static OutputCap configured() {
        return new OutputCap(CONFIGURED);
    }

    /** The limit in bytes given by an environment value (MB); the default when unset or invalid. */
    static long parse(String mb) {
        if (mb == null || mb.isBlank()) {
            return DEFAULT_MB * MB;
        }
        try {
            double v = Double.parseDouble(mb.trim());
            if (v >= 0 && v < 1e12 && !Double.isNaN(v)) {
                return (long) (v * MB);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warning(ENV + "=" + mb + " is not a size in MB; using " + DEFAULT_MB + " MB");
        return DEFAULT_MB * MB;
    }

    /**
     * The part of the text to send: all of it, the lines that still fit when the stream reaches
     * its limit in this text (a line longer than what is left is cut), or "" once it has.
     */
    synchronized String admit(String stream, String text) {
        Stream st = streams.computeIfAbsent(stream, k -> new Stream());
        long bytes = utf8Length(text, 0, text.length());
        if (st.dropped > 0) {
            st.dropped += bytes;
            return "";
        }
        long room = limit - st.passed;
        if (bytes <= room) {
            st.passed += bytes;
            remember(st, text);
            return text;
        }
        int cut = prefixWithin(text, room);
        int lastLine = text.lastIndexOf('\n', cut - 1);
        if (lastLine >= 0) {
            cut = lastLine + 1; // whole lines, so the notice starts a line of its own
        }
        String kept = text.substring(0, cut);
        long keptBytes = utf8Length(kept, 0, kept.length());
        st.passed += keptBytes;
        st.dropped = bytes - keptBytes;
        remember(st, kept);
        return kept;
    }

    /** The notice for the end of the request on each stream that was cut (stream name to text); empty when none. */
    synchronized java.util.Map<String, String> notices(int engineId) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        streams.forEach((name, st) -> {
            if (st.dropped > 0) {
                out.put(name, (st.endsWithNewline ? "" : "\n") + "[output truncated: " + megabytes(st.dropped) + " of "
                        + name + " from engine " + engineId + " not shown; at most " + megabytes(limit) + " of each stream"
                        + " per engine per cell reaches the notebook (" + ENV + ")]\n");
            }
        });
        return out;
    }

    /** Bytes dropped so far, all streams together. */
    synchronized long dropped() {
        return streams.values().stream().mapToLong(st -> st.dropped).sum();
    }

    private static void remember(Stream st, String kept) {
        if (!kept.isEmpty()) {
            st.endsWithNewline = kept.charAt(kept.length() - 1) == '\n';
        }
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }

    /** The longest prefix whose UTF-8 form fits in room bytes, never splitting a surrogate pair. */
    private static int prefixWithin(String s, long room) {
        long used = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int n = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1)) ? 4 : 3;
            if (used + n > room) {
                break;
            }
            used += n;
            i += n == 4 ? 2 : 1;
        }
        return i;
    }

    static long utf8Length(String s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
