package org.jparallel.cluster;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an engine is now ("where is each engine stuck"): the request it runs and its thread's frames.
 *
 * @param engineId   the engine
 * @param busy       whether it runs a request
 * @param busyMillis for how long
 * @param code       the running request's code (cut at 2000 characters), or ""
 * @param threads    the request's thread first (named "request"), then all threads when asked for
 * @param error      why no stack came back (the engine died), or ""
 */
public record EngineStack(int engineId, boolean busy, long busyMillis, String code, List<ThreadStack> threads, String error) {

    /** One thread's frames, innermost first, each like "at Foo.bar(Foo.java:12)". */
    public record ThreadStack(String name, String state, List<String> frames) {
    }

    static EngineStack from(EngineReply reply) {
        JsonObject c = reply.content();
        if (!reply.ok()) {
            EngineError e = reply.error();
            return new EngineStack(reply.engineId(), false, 0, "", List.of(), e.ename() + ": " + e.evalue());
        }
        List<ThreadStack> threads = new ArrayList<>();
        if (c.has("threads")) {
            for (JsonElement t : c.getAsJsonArray("threads")) {
                JsonObject o = t.getAsJsonObject();
                List<String> frames = new ArrayList<>();
                o.getAsJsonArray("frames").forEach(f -> frames.add(f.getAsString()));
                threads.add(new ThreadStack(o.get("name").getAsString(), o.get("state").getAsString(), frames));
            }
        }
        String code = c.has("request") && c.get("request").isJsonObject()
                ? c.getAsJsonObject("request").get("code").getAsString() : "";
        return new EngineStack(reply.engineId(), c.has("busy") && c.get("busy").getAsBoolean(),
                c.has("busy_ms") ? c.get("busy_ms").getAsLong() : 0, code, threads, "");
    }

    /** A readable report: "[engine 2] busy for 12.3 s in:" and the frames of the request's thread. */
    public String format() {
        StringBuilder sb = new StringBuilder("[engine ").append(engineId).append("] ");
        if (!error.isEmpty()) {
            return sb.append(error).toString();
        }
        if (!busy) {
            sb.append("idle");
        } else {
            sb.append(String.format("busy for %.1f s", busyMillis / 1000.0));
        }
        for (ThreadStack t : threads) {
            sb.append("\n  thread ").append(t.name()).append(t.state().isEmpty() ? "" : " (" + t.state() + ")").append(':');
            for (String f : t.frames()) {
                sb.append("\n    ").append(f);
            }
        }
        return sb.toString();
    }
}
