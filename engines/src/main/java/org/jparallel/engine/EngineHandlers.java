package org.jparallel.engine;

import org.jparallel.protocol.EngineProtocol;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's request dispatch: request msg_type to handler and where it runs. The built-in
 * types ({@code execute_request}, {@code interrupt_request}, {@code stack_request}) are
 * registered by {@link #standard}; extensions add theirs with one {@link #register} call each.
 */
public final class EngineHandlers {
    private static final Logger LOG = Logger.getLogger(EngineHandlers.class.getName());

    /** A registered handler and where it runs. */
    public record Registration(String msgType, HandlerMode mode, EngineHandler handler) {
    }

    private final Map<String, Registration> byType = new ConcurrentHashMap<>();

    /** An empty registry (tests); engines use {@link #standard}. */
    public EngineHandlers() {
    }

    /** The built-in handlers plus those of every {@link EngineExtension} the class loader finds. */
    public static EngineHandlers standard(ClassLoader loader) {
        EngineHandlers h = new EngineHandlers();
        h.register(EngineProtocol.EXECUTE_REQUEST, HandlerMode.EXECUTION, new ExecuteHandler());
        h.register(EngineProtocol.INTERRUPT_REQUEST, HandlerMode.CONTROL, ControlHandlers::interrupt);
        h.register(EngineProtocol.STACK_REQUEST, HandlerMode.CONTROL, ControlHandlers::stack);
        for (ServiceLoader.Provider<EngineExtension> p : ServiceLoader.load(EngineExtension.class, loader).stream().toList()) {
            try {
                p.get().register(h);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "engine extension " + p.type().getName() + " failed to register its handlers", e);
            }
        }
        return h;
    }

    /**
     * Registers the handler of a request type (a name ending in {@code _request}; the reply is
     * {@code NAME_reply}). Registering a type again replaces the earlier handler.
     */
    public EngineHandlers register(String msgType, HandlerMode mode, EngineHandler handler) {
        if (msgType == null || !msgType.matches("[a-z][a-z0-9_]*_request")) {
            throw new IllegalArgumentException("a request type is a lower-case name ending in _request, got '" + msgType + "'");
        }
        if (msgType.equals(EngineProtocol.SHUTDOWN_REQUEST) || msgType.equals(EngineProtocol.REGISTRATION_REQUEST)) {
            throw new IllegalArgumentException(msgType + " belongs to the engine link itself and cannot be replaced");
        }
        byType.put(msgType, new Registration(msgType, java.util.Objects.requireNonNull(mode),
                java.util.Objects.requireNonNull(handler)));
        return this;
    }

    /** The handler of a request type, if any. */
    public Optional<Registration> lookup(String msgType) {
        return Optional.ofNullable(byType.get(msgType));
    }

    /** The registered request types. */
    public java.util.Set<String> types() {
        return java.util.Set.copyOf(byType.keySet());
    }
}
