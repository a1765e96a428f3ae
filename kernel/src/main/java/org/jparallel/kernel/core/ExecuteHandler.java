package org.jparallel.kernel.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jparallel.protocol.JupyterMessages;
import org.jparallel.protocol.Outcome;
import org.jparallel.wire.Message;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * execute_request: keeps the execution count and the history, publishes execute_input, has the
 * interpreter run the cell (its output reaches iopub through a {@link RequestFrontend}), publishes
 * the error of a failed cell, asks for user_expressions after a good one, and after a failure
 * with stop_on_error answers the execute_requests already waiting with status "aborted".
 */
final class ExecuteHandler {
    private static final Logger LOG = Logger.getLogger(ExecuteHandler.class.getName());
    private final IopubPublisher iopub;
    private final Interpreter interpreter;
    private final StdinChannel stdin;
    private final History history;
    private final Set<String> toAbort = new HashSet<>();
    private int executionCount;

    ExecuteHandler(IopubPublisher iopub, Interpreter interpreter, StdinChannel stdin, History history) {
        this.iopub = iopub;
        this.interpreter = interpreter;
        this.stdin = stdin;
        this.history = history;
    }

    /** Handles one execute_request on the shell thread and sends its reply. */
    void handle(Message request, RouterChannel shell) {
        if (toAbort.remove(request.id())) {
            iopub.flush();
            shell.reply(request, JupyterMessages.EXECUTE_REPLY,
                    Json.obj("status", "aborted", "execution_count", executionCount));
            return;
        }
        String code = request.contentString("code", "");
        boolean silent = request.contentBoolean("silent", false);
        boolean storeHistory = !silent && request.contentBoolean("store_history", true) && !code.isBlank();
        boolean allowStdin = request.contentBoolean("allow_stdin", true);
        boolean stopOnError = request.contentBoolean("stop_on_error", true);
        history.awaitLoaded();
        if (storeHistory) {
            executionCount++;
            history.add(executionCount, code);
        }
        int count = executionCount;
        if (!silent) {
            iopub.publish(JupyterMessages.EXECUTE_INPUT, request, Json.obj("code", code, "execution_count", count));
        }

        long start = System.nanoTime();
        Outcome outcome = run(code, new RequestFrontend(request, silent, allowStdin, storeHistory, count,
                iopub, stdin, history));
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(String.format("cell %d ran in %.2f ms", count, (System.nanoTime() - start) / 1e6));
        }

        JsonObject reply;
        if (outcome.ok()) {
            JsonElement asked = request.content().get("user_expressions");
            JsonObject userExpressions = asked != null && asked.isJsonObject() && !asked.getAsJsonObject().isEmpty()
                    ? interpreter.userExpressions(asked.getAsJsonObject()) : new JsonObject();
            reply = Json.obj("status", "ok", "execution_count", count, "user_expressions", userExpressions,
                    "payload", new JsonArray());
        } else {
            if (!silent) {
                iopub.publish(JupyterMessages.ERROR, request, Json.obj("ename", outcome.ename(), "evalue", outcome.evalue(),
                        "traceback", Json.strings(outcome.traceback())));
            }
            reply = Json.obj("status", "error", "execution_count", count, "ename", outcome.ename(),
                    "evalue", outcome.evalue(), "traceback", Json.strings(outcome.traceback()));
        }
        iopub.flush();
        shell.reply(request, JupyterMessages.EXECUTE_REPLY, reply);
        if (!outcome.ok() && stopOnError) {
            for (Message queued : shell.pending()) {
                if (queued.type().equals(JupyterMessages.EXECUTE_REQUEST)) {
                    toAbort.add(queued.id());
                }
            }
        }
    }

    private Outcome run(String code, Frontend frontend) {
        try {
            return interpreter.execute(code, frontend);
        } catch (RuntimeException | LinkageError e) {
            // the interpreter promises not to throw; a bug there must still end the cell with a reply
            LOG.log(Level.SEVERE, "the interpreter failed on a cell", e);
            return Outcome.error("KernelError", "the kernel failed on this cell (" + e.getClass().getSimpleName()
                    + "); it keeps running, run the cell again or restart the kernel", List.of());
        }
    }
}
