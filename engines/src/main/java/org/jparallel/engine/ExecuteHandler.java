package org.jparallel.engine;

import com.google.gson.JsonObject;
import org.jparallel.protocol.Outcome;
import org.jparallel.protocol.EngineProtocol;

/** Serves execute_request: runs the code in the engine's JShell, streams output, sends result or error. */
final class ExecuteHandler implements EngineHandler {
    private static final com.google.gson.Gson GSON = new com.google.gson.Gson();

    @Override
    public void handle(EngineRequest request) {
        String code = request.message().contentString("code", null);
        if (code == null) {
            request.reply(EngineRequest.errorContent("BadRequest", "execute_request has no 'code' string",
                    java.util.List.of("BadRequest: execute_request has no 'code' string")));
            return;
        }
        boolean silent = request.message().contentBoolean("silent", false);
        Engine engine = request.engine();
        int count = silent ? engine.executionCount() : engine.nextExecutionCount();
        Outcome result = engine.evaluator().eval(code, request.output());
        if (result.ok()) {
            if (result.hasValue() && !silent) {
                // the value's rich form too (an image, a Displayable), as the kernel shows its own values
                org.jparallel.display.MimeBundles.Bundle b = org.jparallel.display.MimeBundles.of(result.value(), result.valueText());
                JsonObject c = new JsonObject();
                c.addProperty("execution_count", count);
                c.add("data", GSON.toJsonTree(b.data()));
                c.add("metadata", GSON.toJsonTree(b.metadata()));
                request.send(EngineProtocol.EXECUTE_RESULT, c);
            }
            JsonObject reply = new JsonObject();
            reply.addProperty("status", "ok");
            reply.addProperty("execution_count", count);
            reply.add("user_expressions", new JsonObject());
            request.reply(reply);
            return;
        }
        Outcome.Failure err = result.failure();
        JsonObject error = EngineRequest.errorContent(err.ename(), err.evalue(), err.traceback());
        error.remove("status");
        request.send(EngineProtocol.ERROR, error);
        JsonObject reply = EngineRequest.errorContent(err.ename(), err.evalue(), err.traceback());
        reply.addProperty("execution_count", count);
        request.reply(reply);
    }
}
