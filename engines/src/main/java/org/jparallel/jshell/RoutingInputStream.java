package org.jparallel.jshell;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The stream behind System.in: when it runs dry during a cell, it first lets the cell's output
 * reach the frontend (so a prompt printed with print() is visible), then asks the cell's
 * {@link StdinSource} for one line. Outside a cell it reads the JVM's original stdin.
 */
final class RoutingInputStream extends InputStream {
    private final StdStreams streams;
    private byte[] line = new byte[0];
    private int next;

    RoutingInputStream(StdStreams streams) {
        this.streams = streams;
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return line[next++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, line.length - next);
        System.arraycopy(line, next, b, off, n);
        next += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - next;
    }

    /** Returns false at end of input; each end of input is reported once. */
    private boolean fill() throws IOException {
        if (next < line.length) {
            return true;
        }
        StdStreams.Cell cell = streams.cell();
        if (cell == null) {
            int n = streams.originalIn().read(line = new byte[8192]);
            next = 0;
            if (n <= 0) {
                line = new byte[0];
                return false;
            }
            line = java.util.Arrays.copyOf(line, n);
            return true;
        }
        if (cell.stdin() == null) {
            throw new IOException("System.in has no input here: the frontend does not accept input requests "
                    + "for this cell (allow_stdin is false)");
        }
        cell.output().awaitDelivered(5_000);
        String text = cell.stdin().readLine("", false);
        if (text == null) {
            return false;
        }
        line = (text + "\n").getBytes(StandardCharsets.UTF_8);
        next = 0;
        return true;
    }
}
