package org.jparallel.kernel.core;

import java.io.IOException;
import java.util.Map;

/**
 * The frontend that sent an execute_request, as the interpreter sees it while the cell runs:
 * every call becomes an iopub message that is a child of that request (none for a silent
 * request), or an input_request on stdin. Any thread may call it.
 */
public interface Frontend {

    /** stream: text the cell printed on "stdout" or "stderr". */
    void stream(String name, String text);

    /** display_data: a MIME bundle, under a display id that later updates name. */
    void display(Map<String, Object> data, Map<String, Object> metadata, String displayId);

    /** update_display_data: replaces what the display with that id shows. */
    void updateDisplay(String displayId, Map<String, Object> data, Map<String, Object> metadata);

    /** clear_output; with wait, when the next output arrives. */
    void clearOutput(boolean wait);

    /** execute_result: the cell's value, with the request's execution count; kept in the history too. */
    void result(Map<String, Object> data, Map<String, Object> metadata);

    /**
     * Asks the user for a line of input and waits for it; throws InterruptedIOException when the
     * cell is interrupted meanwhile, and IOException with a sentence when the frontend takes no input.
     */
    String readLine(String prompt, boolean password) throws IOException;
}
