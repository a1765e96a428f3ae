package org.jparallel.magics;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands objects from a magic to the notebook: the magic keeps the object under a fresh key and
 * runs a declaration that takes it ({@code var r = ResultHandles.take("...")}). Public because
 * notebook code calls it; not meant for users.
 */
public final class ResultHandles {
    private static final Map<String, Object> WAITING = new ConcurrentHashMap<>();

    private ResultHandles() {
    }

    /** Keeps the object; returns the key to take it with. */
    static String keep(Object value) {
        String key = UUID.randomUUID().toString();
        WAITING.put(key, value);
        return key;
    }

    /** Takes (and forgets) the object kept under key. */
    @SuppressWarnings("unchecked")
    public static <T> T take(String key) {
        Object v = WAITING.remove(key);
        if (v == null) {
            throw new IllegalStateException("no object waits under " + key);
        }
        return (T) v;
    }

    /** Forgets an object that was not taken. */
    static void discard(String key) {
        WAITING.remove(key);
    }
}
