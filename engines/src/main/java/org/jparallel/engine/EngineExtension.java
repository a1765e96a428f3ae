package org.jparallel.engine;

/**
 * Adds request handlers to every engine. Implementations are found with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/org.jparallel.engine.EngineExtension} of a jar on
 * the engines' class path (the magics module does this for its data and apply messages).
 * Implementations need a public no-argument constructor.
 */
public interface EngineExtension {
    /** Registers this extension's handlers, e.g. {@code handlers.register("apply_request", HandlerMode.EXECUTION, new ApplyHandler())}. */
    void register(EngineHandlers handlers);
}
