package org.jparallel.link;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last msg_ids seen on a link, so a captured message sent again (a replay) is
 * recognised and dropped. Bounded: the oldest ids are forgotten first. Used by one thread.
 */
public final class ReplayGuard {
    private final int capacity;
    private final Map<String, Boolean> seen;

    public ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(Math.min(capacity, 1024) * 2, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > ReplayGuard.this.capacity;
            }
        };
    }

    /** Records the id; false when it is empty or was seen before (the message must be dropped). */
    public boolean firstTime(String msgId) {
        if (msgId == null || msgId.isEmpty()) {
            return false;
        }
        return seen.put(msgId, Boolean.TRUE) == null;
    }

    /** How many ids are remembered now. */
    public int size() {
        return seen.size();
    }
}
