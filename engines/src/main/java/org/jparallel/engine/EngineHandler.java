package org.jparallel.engine;

/**
 * Serves one request type on an engine. A handler may send side messages
 * ({@link EngineRequest#send}) and ends with {@link EngineRequest#reply}; when it returns without
 * replying, the engine replies {"status": "ok"}; when it throws, the engine replies with status
 * "error" and the exception's class, message and stack.
 */
@FunctionalInterface
public interface EngineHandler {
    void handle(EngineRequest request) throws Exception;
}
