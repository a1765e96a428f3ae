package org.jparallel.engine.data;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bridge between the data handlers and an engine's JShell: the handlers put values and jobs
 * here under a fresh key and run a one-line snippet that takes, puts or runs them, so the values
 * become JShell variables and jobs run as a cell (their output goes to the request, and an
 * interrupt stops them). Public because snippets call it; not meant for users.
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
     * Runs the job offered under key and stores its outcome under the same key: the result, or
     * the throwable wrapped in {@link Failed} (so a failure in user code is reported with the
     * user's trace, not as a failure of the snippet).
     */
    public static void run(String key) {
        Callable<?> job = take(key);
        Object outcome;
        try {
            outcome = job.call();
        } catch (Throwable t) {
            if (t instanceof ThreadDeath td) {
                throw td; // an interrupt of the cell on JDK 17: let JShell see it
            }
            outcome = new Failed(t);
        }
        put(key, outcome);
    }

    /** A job's throwable, kept apart from its results. */
    record Failed(Throwable error) {
    }

    /** Forgets anything left under key (a snippet that failed before taking its value). */
    static void discard(String key) {
        SLOTS.remove(key);
    }
}
