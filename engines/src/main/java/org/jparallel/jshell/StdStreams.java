package org.jparallel.jshell;

import java.io.InputStream;
import java.io.PrintStream;
import org.jparallel.support.Logging;

/**
 * System.out, System.err and System.in of this JVM, replaced once by routing streams: output of
 * any thread goes to the {@link OutputBuffer} of the evaluator that ran the latest cell (during
 * a cell, to that cell's sink; between cells, to the evaluator's idle sink); System.in asks the
 * running cell's {@link StdinSource}.
 */
final class StdStreams {
    private static StdStreams installed;

    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final InputStream originalIn;
    private volatile OutputBuffer current;
    private volatile Cell cell;

    /** The running cell's output and input. */
    record Cell(OutputBuffer output, StdinSource stdin) {
    }

    private StdStreams() {
        originalOut = System.out;
        originalErr = System.err;
        originalIn = System.in;
    }

    /** Installs the routing streams on first use; later calls return the same instance. */
    static synchronized StdStreams install() {
        if (installed == null) {
            Logging.configure("jshell"); // no-op if the process configured it: logs keep the real stderr
            StdStreams s = new StdStreams();
            System.setOut(new RoutingPrintStream("stdout", s::target));
            System.setErr(new RoutingPrintStream("stderr", s::target));
            System.setIn(new RoutingInputStream(s));
            installed = s;
        }
        return installed;
    }

    private OutputBuffer fallback;

    private OutputBuffer target() {
        OutputBuffer b = current;
        if (b != null) {
            return b;
        }
        synchronized (this) {
            if (fallback == null) {
                fallback = new OutputBuffer(20, 65536, originalSink(), "jshell-output-idle");
            }
            return fallback;
        }
    }

    /** A sink writing to the streams this JVM had before the routing streams. */
    OutputSink originalSink() {
        return (stream, text) -> {
            PrintStream p = "stderr".equals(stream) ? originalErr : originalOut;
            p.print(text);
            p.flush();
        };
    }

    InputStream originalIn() {
        return originalIn;
    }

    PrintStream originalErr() {
        return originalErr;
    }

    /** Routes all output to {@code output} and System.in to {@code stdin} until {@link #endCell}. */
    void beginCell(OutputBuffer output, StdinSource stdin) {
        current = output;
        cell = new Cell(output, stdin);
    }

    /** The cell ended: System.in no longer asks its source; output stays with its evaluator. */
    void endCell(OutputBuffer output) {
        if (cell != null && cell.output() == output) {
            cell = null;
        }
    }

    /** The evaluator owning {@code output} is closing: its buffer gets no more output. */
    void detach(OutputBuffer output) {
        endCell(output);
        if (current == output) {
            current = null;
        }
    }

    Cell cell() {
        return cell;
    }
}
