package org.jparallel.engine.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge between the data handlers and an engine's JShell and shipped code: the handlers put
 * values here under a fresh key and run a one-line snippet that takes or puts them, so they become
 * or come from JShell variables; shipped code calls {@link #checkInterrupt()}. Public because
 * snippets and shipped code call it; not meant for users.
 */
public final class DataCalls {
    private static final Map<String, Object> SLOTS = new ConcurrentHashMap<>();
    private static final Object NULL = new Object();

    private DataCalls() {
    }

    /** Keeps a value for a snippet to take. */
    static void offer(String key, Object value) {
        SLOTS.put(key, value == null ? NULL : value);
    }

    /** Takes (and forgets) a value offered under key; typed as the variable it initialises. */
    @SuppressWarnings("unchecked")
    public static <T> T take(String key) {
        Object v = SLOTS.remove(key);
        if (v == null) {
            throw new IllegalStateException("nothing waits under " + key);
        }
        return v == NULL ? null : (T) v;
    }

    /** Stores a value a snippet read, for the handler to collect. */
    public static void put(String key, Object value) {
        SLOTS.put(key, value == null ? NULL : value);
    }

    /** Collects (and forgets) a value stored with put; absent when the snippet did not run. */
    static Object collect(String key, Object absent) {
        Object v = SLOTS.remove(key);
        return v == null ? absent : v == NULL ? null : v;
    }

    /**
     * Woven into shipped notebook code at method entries and loop back-edges ({@link StopChecks}):
     * stops the code when its thread was interrupted (an interrupt request to the engine).
     */
    public static void checkInterrupt() {
        if (Thread.interrupted()) {
            throw new Stopped();
        }
    }

    /** Thrown by {@link #checkInterrupt}: an Error, so user code that catches exceptions does not swallow it. */
    public static final class Stopped extends Error {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("the function was interrupted");
        }
    }

    /** Forgets anything left under key (a snippet that failed before taking its value). */
    static void discard(String key) {
        SLOTS.remove(key);
    }
}
