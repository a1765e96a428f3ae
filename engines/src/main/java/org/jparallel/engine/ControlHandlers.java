package org.jparallel.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.util.Map;

/** The built-in requests an engine serves on its I/O thread while a request runs: interrupt and stack dump. */
final class ControlHandlers {
    private static final int CODE_EXCERPT = 2000;

    private ControlHandlers() {
    }

    /** interrupt_request: stops the running request, if any. */
    static void interrupt(EngineRequest request) {
        JsonObject c = new JsonObject();
        c.addProperty("interrupted", request.engine().interruptCurrent());
        request.reply(c);
    }

    /** stack_request: where the engine is now (the request running, its thread's frames; all threads on demand). */
    static void stack(EngineRequest request) {
        Engine engine = request.engine();
        boolean all = request.message().contentBoolean("all_threads", false);
        JsonObject c = new JsonObject();
        var current = engine.currentRequest();
        c.addProperty("busy", current.isPresent());
        c.addProperty("busy_ms", engine.busyMillis());
        if (current.isPresent()) {
            JsonObject r = new JsonObject();
            r.addProperty("msg_id", current.get().message().id());
            r.addProperty("msg_type", current.get().msgType());
            String code = current.get().message().contentString("code", "");
            r.addProperty("code", code.length() > CODE_EXCERPT ? code.substring(0, CODE_EXCERPT) + "..." : code);
            c.add("request", r);
        } else {
            c.add("request", JsonNull.INSTANCE);
        }
        JsonArray threads = new JsonArray();
        if (current.isPresent()) {
            threads.add(thread("request", "", engine.runningStack()));
        }
        if (all) {
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread t = e.getKey();
                threads.add(thread(t.getName() + (t.isDaemon() ? " (daemon)" : ""), t.getState().name(), e.getValue()));
            }
        }
        c.add("threads", threads);
        request.reply(c);
    }

    private static JsonObject thread(String name, String state, StackTraceElement[] frames) {
        JsonObject t = new JsonObject();
        t.addProperty("name", name);
        t.addProperty("state", state);
        JsonArray f = new JsonArray();
        for (StackTraceElement e : frames) {
            f.add("at " + e);
        }
        t.add("frames", f);
        return t;
    }
}
