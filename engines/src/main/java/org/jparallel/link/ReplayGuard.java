package org.jparallel.link;

import org.jparallel.wire.Message;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refuses a captured message sent again (a replay). A message must carry a msg_id and a date
 * within {@link #DEFAULT_WINDOW} of now; its id is remembered for as long as its date is within the
 * window, so an id is never forgotten while a replay of it could still be accepted, however many
 * heartbeats and other messages pass meanwhile. Memory is bounded by the capacity: when that many
 * ids are within the window, the oldest is forgotten and messages dated no later than it are
 * refused from then on. Used by one thread.
 */
public final class ReplayGuard {
    /** How far a message's date may be from now (either way: clocks of other hosts differ a little). */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    private final int capacity;
    private final long windowMicros;
    private final Clock clock;
    // msg_id -> date (epoch microseconds), in arrival order
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
    private long floorMicros = Long.MIN_VALUE;

    /** A guard with the default window and the system clock. */
    public ReplayGuard(int capacity) {
        this(capacity, DEFAULT_WINDOW, Clock.systemUTC());
    }

    public ReplayGuard(int capacity, Duration window, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.windowMicros = window.toNanos() / 1000;
        this.clock = clock;
    }

    /** Null when the message is fresh and its id new (now recorded); else why it must be dropped. */
    public String refusal(Message m) {
        String date = m.header().has("date") ? m.header().get("date").getAsString() : "";
        return refusal(m.id(), date);
    }

    /** Like {@link #refusal(Message)} for an id and an ISO 8601 date. */
    public String refusal(String msgId, String date) {
        if (msgId == null || msgId.isEmpty()) {
            return "it has no msg_id";
        }
        Long micros = micros(date);
        if (micros == null) {
            return "it has no valid date ('" + date + "')";
        }
        long now = micros(clock.instant());
        purge(now);
        if (micros < now - windowMicros) {
            return "it is dated " + date + ", more than " + minutes() + " ago (a replay, or a clock far off)";
        }
        if (micros > now + windowMicros) {
            return "it is dated " + date + ", more than " + minutes() + " ahead (a clock far off)";
        }
        if (micros <= floorMicros) {
            return "it is older than the oldest message id still remembered (" + capacity + " within " + minutes() + ")";
        }
        if (seen.containsKey(msgId)) {
            return "its msg_id '" + msgId + "' was seen before (a replay)";
        }
        seen.put(msgId, micros);
        if (seen.size() > capacity) {
            Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
            floorMicros = Math.max(floorMicros, it.next().getValue());
            it.remove();
        }
        return null;
    }

    /** Records an id dated now; false when it is empty or was seen before (the message must be dropped). */
    public boolean firstTime(String msgId) {
        return refusal(msgId, clock.instant().toString()) == null;
    }

    /** How many ids are remembered now. */
    public int size() {
        return seen.size();
    }

    /** Forgets ids whose date has left the window: a replay of them is refused by its date. */
    private void purge(long now) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() >= now - windowMicros) {
                return; // arrival order is close to date order: the rest goes on a later call
            }
            it.remove();
        }
    }

    private String minutes() {
        long s = windowMicros / 1_000_000;
        return s % 60 == 0 ? s / 60 + " min" : s + " s";
    }

    private static Long micros(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return micros(OffsetDateTime.parse(date).toInstant());
        } catch (DateTimeParseException e) {
            try {
                // some frontends leave the zone out: UTC, as jupyter_client reads it
                return micros(LocalDateTime.parse(date).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static long micros(Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }
}
