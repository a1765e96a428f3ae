package org.jparallel.kernel;

import com.google.gson.JsonObject;
import org.jparallel.kernel.core.Frontend;
import org.jparallel.kernel.core.Interpreter;
import org.jparallel.kernel.core.Json;
import org.jparallel.protocol.Outcome;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An interpreter with a few fixed cells, standing in for JShell under the kernel core: it records
 * what the core asks of it, and answers as a language would.
 */
final class FakeInterpreter implements Interpreter {
    /** Every call the core made, in order: "start", "execute print", "interrupt", ... */
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch interrupted = new CountDownLatch(1);
    /** When true, code assistance answers as a language that failed to start. */
    volatile boolean unavailable;
    /** What the "comm" cell runs (a test's use of the kernel's comms). */
    volatile Runnable onCell = () -> { };

    @Override
    public void start() {
        calls.add("start");
    }

    @Override
    public JsonObject kernelInfo() {
        return Json.obj("implementation", "fake", "implementation_version", "1.0",
                "language_info", Json.obj("name", "fake", "version", "1", "mimetype", "text/plain", "file_extension", ".txt"),
                "banner", "a fake language", "help_links", Json.strings(List.of()));
    }

    /**
     * The cells: "print" prints and has the value 42; "show" displays HTML; "fail" fails;
     * "ask" reads a line; "wait" runs until interrupted; "comm" runs {@link #onCell}. Anything else succeeds quietly.
     */
    @Override
    public Outcome execute(String code, Frontend frontend) {
        calls.add("execute " + code);
        switch (code) {
            case "print" -> {
                frontend.stream("stdout", "hi\n");
                frontend.result(Map.of("text/plain", "42"), Map.of());
                return Outcome.value(42, "42");
            }
            case "show" -> {
                frontend.display(Map.of("text/html", "<b>bold</b>", "text/plain", "bold"), Map.of(), "d1");
                frontend.updateDisplay("d1", Map.of("text/plain", "bolder"), Map.of());
                return Outcome.success();
            }
            case "fail" -> {
                return Outcome.error("ValueError", "the value is bad", List.of("at line 1", "ValueError: the value is bad"));
            }
            case "ask" -> {
                try {
                    frontend.stream("stdout", "hello " + frontend.readLine("name? ", false) + "\n");
                    return Outcome.success();
                } catch (IOException e) {
                    return Outcome.error("IOError", e.getMessage(), List.of());
                }
            }
            case "comm" -> {
                onCell.run();
                return Outcome.success();
            }
            case "wait" -> {
                try {
                    return interrupted.await(30, TimeUnit.SECONDS) ? Outcome.interrupted()
                            : Outcome.error("TimeoutError", "nobody interrupted the cell", List.of());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.interrupted();
                }
            }
            default -> {
                return Outcome.success();
            }
        }
    }

    @Override
    public JsonObject userExpressions(JsonObject expressions) {
        calls.add("userExpressions " + expressions.keySet());
        JsonObject out = new JsonObject();
        expressions.keySet().forEach(k -> out.add(k, Json.obj("status", "ok",
                "data", Json.obj("text/plain", "value of " + expressions.get(k).getAsString()), "metadata", new JsonObject())));
        return out;
    }

    @Override
    public JsonObject complete(String code, int cursorPos) throws Unavailable {
        check();
        return Json.obj("status", "ok", "matches", Json.strings(List.of(code + "_one", code + "_two")),
                "cursor_start", 0, "cursor_end", cursorPos, "metadata", new JsonObject());
    }

    @Override
    public JsonObject inspect(String code, int cursorPos, int detailLevel) throws Unavailable {
        check();
        return Json.obj("status", "ok", "found", true, "data", Json.obj("text/plain", "about " + code + " at " + cursorPos
                + ", detail " + detailLevel), "metadata", new JsonObject());
    }

    @Override
    public JsonObject isComplete(String code) throws Unavailable {
        check();
        return code.endsWith("{") ? Json.obj("status", "incomplete", "indent", "  ") : Json.obj("status", "complete");
    }

    private void check() throws Unavailable {
        if (unavailable) {
            throw new Unavailable("the fake language could not start");
        }
    }

    @Override
    public void interrupt() {
        calls.add("interrupt");
        interrupted.countDown();
    }

    @Override
    public void shutdown() {
        calls.add("shutdown");
    }

    @Override
    public void close() {
        calls.add("close");
    }
}
