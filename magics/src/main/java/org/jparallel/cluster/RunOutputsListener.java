package org.jparallel.cluster;

import com.google.gson.JsonObject;

/** Feeds an execute request's output into {@link RunOutputs} as {@link EngineEvent}s (for the magics). */
final class RunOutputsListener implements ExecuteListener {
    private final RunOutputs outputs;

    RunOutputsListener(RunOutputs outputs) {
        this.outputs = outputs;
    }

    @Override
    public void onStream(int engineId, String name, String text) {
        outputs.add(new EngineEvent.Stream(engineId, name, text));
    }

    @Override
    public void onResult(int engineId, int executionCount, JsonObject data, JsonObject metadata) {
        String text = data.has("text/plain") ? data.get("text/plain").getAsString() : "";
        com.google.gson.JsonObject c = new com.google.gson.JsonObject();
        c.add("data", data);
        c.add("metadata", metadata);
        java.util.Map<String, Object> rich = map(c, "data");
        rich.remove("text/plain");
        outputs.add(new EngineEvent.Result(engineId, executionCount, text, rich, map(c, "metadata")));
    }

    @Override
    public void onOther(int engineId, org.jparallel.wire.Message message) {
        if (org.jparallel.protocol.EngineProtocol.DISPLAY_DATA.equals(message.type())) {
            com.google.gson.JsonObject c = message.content();
            outputs.add(new EngineEvent.Display(engineId, map(c, "data"), map(c, "metadata")));
        }
    }

    private static java.util.Map<String, Object> map(com.google.gson.JsonObject c, String key) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        if (c.has(key) && c.get(key).isJsonObject()) {
            c.getAsJsonObject(key).entrySet().forEach(e -> out.put(e.getKey(), e.getValue().isJsonPrimitive()
                    ? e.getValue().getAsString() : GSON.fromJson(e.getValue(), Object.class)));
        }
        return out;
    }

    private static final com.google.gson.Gson GSON = new com.google.gson.Gson();

    @Override
    public void onError(int engineId, EngineError error) {
        outputs.add(new EngineEvent.Failure(engineId, error.ename(), error.evalue(), error.traceback()));
    }

    @Override
    public void onDone(EngineResult result) {
        outputs.add(new EngineEvent.Done(result.engineId(), result.ok()));
    }
}
