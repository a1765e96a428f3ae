package org.jparallel.support;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The one logging set-up of every process here: java.util.logging to the process's real stderr,
 * warnings only by default, everything with JPARALLEL_DEBUG=1 in the environment.
 */
public final class Logging {
    private static volatile boolean configured;

    private Logging() {
    }

    /** Installs the handler once. Call before System.err is redirected, so logs keep the real stderr. */
    public static synchronized void configure(String processName) {
        if (configured) {
            return;
        }
        configured = true;
        boolean debug = debugEnabled();
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        PrintStream err = System.err;
        Handler h = new StreamHandler(err, new Formatter() {
            @Override
            public String format(LogRecord r) {
                String msg = formatMessage(r);
                StringBuilder sb = new StringBuilder(msg.length() + 64)
                        .append('[').append(processName).append(' ').append(r.getLevel().getName()).append("] ")
                        .append(shortName(r.getLoggerName())).append(": ").append(msg).append('\n');
                if (r.getThrown() != null) {
                    var sw = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(sw));
                    sb.append(sw);
                }
                return sb.toString();
            }
        }) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        Level level = debug ? Level.FINE : Level.WARNING;
        h.setLevel(level);
        root.addHandler(h);
        root.setLevel(level);
        Logger.getLogger("org.jparallel").setLevel(level);
    }

    /** Whether JPARALLEL_DEBUG asks for debug logging. */
    public static boolean debugEnabled() {
        String v = System.getenv("JPARALLEL_DEBUG");
        return v != null && !v.isEmpty() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    private static String shortName(String n) {
        if (n == null) {
            return "";
        }
        int i = n.lastIndexOf('.');
        return i < 0 ? n : n.substring(i + 1);
    }

}
