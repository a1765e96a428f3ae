package org.jparallel.cluster.cli;

import org.jparallel.notebook.Progress;

import java.io.PrintStream;

/** Progress on a terminal: one line rewritten in place (carriage return), or plain lines when not a terminal. */
public final class TerminalProgress implements Progress {
    private final PrintStream out;
    private final boolean tty = System.console() != null;
    private boolean open;

    TerminalProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void update(String line) {
        if (tty) {
            out.print("\r\033[K" + line);
            out.flush();
            open = true;
        } else {
            out.println(line);
        }
    }

    @Override
    public synchronized void done(String line) {
        if (tty) {
            out.print("\r\033[K");
            open = false;
        }
        // the caller prints its own final line
    }

    /** Removes an unfinished line. */
    synchronized void clear() {
        if (tty && open) {
            out.print("\r\033[K");
            open = false;
        }
    }
}
