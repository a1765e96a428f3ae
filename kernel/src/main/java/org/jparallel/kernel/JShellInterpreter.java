package org.jparallel.kernel;

import org.jparallel.display.MimeBundles;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jparallel.jshell.Evaluator;
import org.jparallel.kernel.core.Frontend;
import org.jparallel.kernel.core.Interpreter;
import org.jparallel.kernel.core.Json;
import org.jparallel.magics.MagicHandler;
import org.jparallel.notebook.CellContext;
import org.jparallel.protocol.Outcome;

import java.util.List;
import java.util.Map;

/**
 * Java cells in JShell, with magics: the kernel's {@link Interpreter}. JShell is built in the
 * background (requests that need it wait here); cells run through the {@link CellRunner}, code
 * assistance through {@link CodeAssist}, and the cell's {@link CellContext} is a
 * {@link KernelCellContext} over the core's {@link Frontend}.
 */
final class JShellInterpreter implements Interpreter {
    private final EvaluatorStarter evaluators = new EvaluatorStarter();
    private final ShutdownHooks shutdownHooks = new ShutdownHooks();
    private final CellRunner runner;
    private volatile MagicRegistry magics;
    private volatile CodeAssist assist;
    private volatile KernelCellContext running;

    JShellInterpreter() {
        this.runner = new CellRunner(() -> magics);
    }

    @Override
    public void start() {
        evaluators.start(() -> {
            List<MagicHandler> own = List.of(new KernelMagics(() -> magics, () -> runner));
            magics = MagicRegistry.discover(own, JShellInterpreter.class.getClassLoader());
        });
    }

    @Override
    public JsonObject kernelInfo() {
        return KernelInfo.content();
    }

    @Override
    public Outcome execute(String code, Frontend frontend) {
        Evaluator ev;
        try {
            ev = evaluators.await();
        } catch (Unavailable e) {
            return Outcome.error("KernelError", e.getMessage(), List.of());
        }
        KernelCellContext ctx = new KernelCellContext(frontend, ev, shutdownHooks);
        CellContext.setCurrent(ctx);
        ev.setStdin(frontend::readLine);
        running = ctx;
        Outcome outcome;
        try {
            outcome = code.isBlank() ? Outcome.success() : runner.run(code, ctx);
        } finally {
            running = null;
            ctx.finished();
            // Threads the cell left running keep printing under this cell, as in ipykernel.
            ev.setIdleSink(ctx.sink());
        }
        if (outcome.ok() && outcome.hasValue()) {
            MimeBundles.Bundle b = MimeBundles.of(outcome.value(), outcome.valueText());
            frontend.result(b.data(), b.metadata());
        }
        return outcome;
    }

    @Override
    public JsonObject userExpressions(JsonObject expressions) {
        JsonObject out = new JsonObject();
        Evaluator ev = evaluators.now();
        if (ev == null) {
            return out;
        }
        for (Map.Entry<String, JsonElement> entry : expressions.entrySet()) {
            if (!entry.getValue().isJsonPrimitive()) {
                out.add(entry.getKey(), Json.obj("status", "error", "ename", "UsageError",
                        "evalue", "a user expression must be a string of Java code", "traceback", Json.strings(List.of())));
                continue;
            }
            Outcome r = ev.eval(entry.getValue().getAsString(), (stream, text) -> { });
            if (r.ok()) {
                MimeBundles.Bundle b = r.hasValue() ? MimeBundles.of(r.value(), r.valueText())
                        : new MimeBundles.Bundle(Map.of("text/plain", ""), Map.of());
                out.add(entry.getKey(), Json.obj("status", "ok", "data", Json.map(b.data()), "metadata", Json.map(b.metadata())));
            } else {
                out.add(entry.getKey(), Json.obj("status", "error", "ename", r.ename(), "evalue", r.evalue(),
                        "traceback", Json.strings(r.traceback())));
            }
        }
        return out;
    }

    @Override
    public JsonObject complete(String code, int cursorPos) throws Unavailable {
        return assist().complete(code, cursorPos);
    }

    @Override
    public JsonObject inspect(String code, int cursorPos, int detailLevel) throws Unavailable {
        return assist().inspect(code, cursorPos, detailLevel);
    }

    @Override
    public JsonObject isComplete(String code) throws Unavailable {
        return assist().isComplete(code);
    }

    /** Code assistance once JShell is ready (waits for it). */
    private CodeAssist assist() throws Unavailable {
        CodeAssist a = assist;
        if (a == null) {
            Evaluator ev = evaluators.await();
            a = new CodeAssist(ev, magics);
            assist = a;
        }
        return a;
    }

    /** Stops the running cell: the Evaluator and the cell's interrupt hooks (a %px's engines). */
    @Override
    public void interrupt() {
        KernelCellContext cell = running;
        Evaluator ev = evaluators.now();
        if (ev != null && ev.isRunning()) {
            ev.interrupt();
        }
        if (cell != null) {
            cell.interrupted();
        }
    }

    /** Runs the cells' onShutdown hooks (clusters this kernel hosts stop), once. */
    @Override
    public void shutdown() {
        shutdownHooks.runOnce();
    }

    @Override
    public void close() {
        Evaluator ev = evaluators.now();
        if (ev != null) {
            ev.close();
        }
    }
}
