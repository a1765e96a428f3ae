package org.jparallel.kernel.core;

import com.google.gson.JsonObject;
import org.jparallel.protocol.Outcome;

/**
 * The language side of the kernel, after xeus's xinterpreter: all a language implements. The
 * kernel core owns the channels (ZeroMQ, signing, busy/idle, execution counts, history, aborts
 * after an error, the stdin round trip) and calls these methods; nothing in the core knows which
 * language runs. Requests come on the shell thread one at a time, except {@link #interrupt} and
 * {@link #shutdown}, which may come from any thread while a cell runs.
 */
public interface Interpreter {

    /** Starts the language, in the background if it is slow: requests that need it wait for it. Called once. */
    void start();

    /**
     * kernel_info_reply's content apart from status and protocol_version: implementation,
     * implementation_version, language_info, banner, help_links. Answered at once, before the
     * language has started.
     */
    JsonObject kernelInfo();

    /**
     * Runs a cell. Its output, rich displays, result (execute_result) and input go through the
     * frontend; the returned outcome says whether it succeeded (its value, if any, has been shown
     * through {@link Frontend#result} already) or how it failed. Never throws.
     */
    Outcome execute(String code, Frontend frontend);

    /**
     * After a cell that succeeded: evaluates execute_request's user_expressions quietly, as
     * name to {status, data, metadata} or {status: error, ename, evalue, traceback}.
     */
    JsonObject userExpressions(JsonObject expressions);

    /** complete_reply's content for a cursor position in Unicode code points. */
    JsonObject complete(String code, int cursorPos) throws Unavailable;

    /** inspect_reply's content. */
    JsonObject inspect(String code, int cursorPos, int detailLevel) throws Unavailable;

    /** is_complete_reply's content. */
    JsonObject isComplete(String code) throws Unavailable;

    /** Stops the running cell, if any (interrupt_request, SIGINT). */
    void interrupt();

    /** The kernel is going away (shutdown_request, SIGTERM, the parent process gone): runs once. */
    void shutdown();

    /** Releases the language's resources, last, after the channels have closed. */
    void close();

    /** The language cannot answer (it failed to start); the message is a sentence for the user. */
    final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message);
        }
    }
}
