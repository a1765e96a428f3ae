package org.jparallel.jshell;

/**
 * Receives a cell's output as it is produced, in batches.
 *
 * <p>Calls come from the evaluator's flusher thread or from the thread that called
 * {@link Evaluator#eval}, one at a time and in order; never from the cell's own threads. An
 * implementation must not block for long and must not start threads in the caller's group.
 */
@FunctionalInterface
public interface OutputSink {
    /** Appends text to a stream; {@code stream} is "stdout" or "stderr". */
    void write(String stream, String text);
}
