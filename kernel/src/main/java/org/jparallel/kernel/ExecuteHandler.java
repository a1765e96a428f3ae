package org.jparallel.kernel;


import org.jparallel.display.MimeBundles;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jparallel.jshell.EvalResult;
import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.StdinSource;
import org.jparallel.notebook.CellContext;
import org.jparallel.wire.Message;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * execute_request: runs the cell, publishes execute_input, output, execute_result or error, keeps
 * the execution count and history, evaluates user_expressions, and after a failure with
 * stop_on_error answers the execute_requests already waiting with status "aborted".
 */
final class ExecuteHandler {
    private static final Logger LOG = Logger.getLogger(ExecuteHandler.class.getName());
    private final IopubPublisher iopub;
    private final EvaluatorStarter evaluators;
    private final CellRunner runner;
    private final StdinChannel stdin;
    private final History history;
    private final ShutdownHooks shutdownHooks;
    private final Set<String> toAbort = new HashSet<>();
    private int executionCount;
    private volatile KernelCellContext running;

    ExecuteHandler(IopubPublisher iopub, EvaluatorStarter evaluators, CellRunner runner, StdinChannel stdin,
                   History history, ShutdownHooks shutdownHooks) {
        this.iopub = iopub;
        this.evaluators = evaluators;
        this.runner = runner;
        this.stdin = stdin;
        this.history = history;
        this.shutdownHooks = shutdownHooks;
    }

    /** The cell running now, or null. */
    KernelCellContext running() {
        return running;
    }

    /** Handles one execute_request on the shell thread and sends its reply. */
    void handle(Message request, RouterChannel shell) {
        if (toAbort.remove(request.id())) {
            iopub.flush();
            shell.reply(request, "execute_reply", Json.obj("status", "aborted", "execution_count", executionCount));
            return;
        }
        String code = request.contentString("code", "");
        boolean silent = request.contentBoolean("silent", false);
        boolean storeHistory = !silent && request.contentBoolean("store_history", true) && !code.isBlank();
        boolean allowStdin = request.contentBoolean("allow_stdin", true);
        boolean stopOnError = request.contentBoolean("stop_on_error", true);
        if (storeHistory) {
            executionCount++;
            history.add(executionCount, code);
        }
        int count = executionCount;
        if (!silent) {
            iopub.publish("execute_input", request, Json.obj("code", code, "execution_count", count));
        }

        CellOutcome outcome;
        JsonObject userExpressions = new JsonObject();
        try {
            Evaluator ev = evaluators.await();
            KernelCellContext ctx = new KernelCellContext(request, silent, iopub, ev, shutdownHooks);
            CellContext.setCurrent(ctx);
            ev.setStdin(allowStdin ? (prompt, password) -> stdin.readLine(request, prompt, password) : NO_STDIN);
            running = ctx;
            try {
                long start = System.nanoTime();
                outcome = code.isBlank() ? CellOutcome.EMPTY : runner.run(code, ctx);
                if (LOG.isLoggable(Level.FINE)) {
                    LOG.fine(String.format("cell %d ran in %.2f ms", count, (System.nanoTime() - start) / 1e6));
                }
            } finally {
                running = null;
                ctx.finished();
                // Threads the cell left running keep printing under this cell, as in ipykernel.
                ev.setIdleSink(ctx.sink());
            }
            if (outcome.ok()) {
                userExpressions = userExpressions(request, ev);
            }
        } catch (EvaluatorStarter.UnavailableException e) {
            outcome = CellOutcome.error("KernelError", e.getMessage(), List.of());
        }

        JsonObject reply;
        if (outcome.ok()) {
            if (outcome.hasValue() && !silent) {
                MimeBundles.Bundle b = MimeBundles.of(outcome.value(), outcome.valueText());
                iopub.publish("execute_result", request, Json.obj("execution_count", count,
                        "data", Json.map(b.data()), "metadata", Json.map(b.metadata())));
                if (storeHistory) {
                    history.setOutput(count, String.valueOf(b.data().get("text/plain")));
                }
            }
            reply = Json.obj("status", "ok", "execution_count", count, "user_expressions", userExpressions,
                    "payload", new com.google.gson.JsonArray());
        } else {
            if (!silent) {
                iopub.publish("error", request, Json.obj("ename", outcome.ename(), "evalue", outcome.evalue(),
                        "traceback", Json.strings(outcome.traceback())));
            }
            reply = Json.obj("status", "error", "execution_count", count, "ename", outcome.ename(),
                    "evalue", outcome.evalue(), "traceback", Json.strings(outcome.traceback()));
        }
        iopub.flush();
        shell.reply(request, "execute_reply", reply);
        if (!outcome.ok() && stopOnError) {
            for (Message queued : shell.pending()) {
                if (queued.type().equals("execute_request")) {
                    toAbort.add(queued.id());
                }
            }
        }
    }

    private static final StdinSource NO_STDIN = (prompt, password) -> {
        throw new IOException("this frontend does not accept input (the request was sent with allow_stdin false),"
                + " so the cell cannot read System.in; pass the data in code instead");
    };

    /** Evaluates user_expressions quietly: name -> {status, data} or {status: error, ...}. */
    private static JsonObject userExpressions(Message request, Evaluator ev) {
        JsonObject out = new JsonObject();
        JsonElement e = request.content().get("user_expressions");
        if (e == null || !e.isJsonObject()) {
            return out;
        }
        for (Map.Entry<String, JsonElement> entry : e.getAsJsonObject().entrySet()) {
            if (!entry.getValue().isJsonPrimitive()) {
                out.add(entry.getKey(), Json.obj("status", "error", "ename", "UsageError",
                        "evalue", "a user expression must be a string of Java code", "traceback", Json.strings(List.of())));
                continue;
            }
            EvalResult r = ev.eval(entry.getValue().getAsString(), (stream, text) -> { });
            if (r.status() == EvalResult.Status.OK) {
                MimeBundles.Bundle b = r.hasValue() ? MimeBundles.of(r.value(), r.valueText())
                        : new MimeBundles.Bundle(Map.of("text/plain", ""), Map.of());
                out.add(entry.getKey(), Json.obj("status", "ok", "data", Json.map(b.data()), "metadata", Json.map(b.metadata())));
            } else {
                var err = r.error();
                out.add(entry.getKey(), Json.obj("status", "error",
                        "ename", err == null ? "Error" : err.ename(), "evalue", err == null ? "" : err.evalue(),
                        "traceback", Json.strings(err == null ? List.of() : err.traceback())));
            }
        }
        return out;
    }
}
