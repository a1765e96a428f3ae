package org.jparallel.link;

import java.util.function.LongSupplier;

/**
 * How long a peer has been silent, not counting the time this process itself did not run. A
 * process stopped with SIGSTOP, in a suspended container or on a machine that slept hears
 * nothing meanwhile, and no peer could have reached it: a wait that returns far later than it
 * asked for means such a pause, and the pause is not the peer's silence. Without this, a
 * process resumed after more than the timeout would give up on a peer that is fine before the
 * peer had a chance to answer. Used by the thread that owns the link, around its poll.
 */
public final class Silence {
    private final long pauseNanos;
    private final LongSupplier clock;
    private long lastHeard;
    private long pausedNanos;

    /** A wait that ends more than {@code pauseMillis} after it should have counts as a pause of this process. */
    public Silence(long pauseMillis) {
        this(pauseMillis, System::nanoTime);
    }

    /** With another clock (nanoseconds, like System.nanoTime), for tests. */
    Silence(long pauseMillis, LongSupplier clock) {
        if (pauseMillis <= 0) {
            throw new IllegalArgumentException("the pause threshold must be positive, not " + pauseMillis);
        }
        this.pauseNanos = pauseMillis * 1_000_000L;
        this.clock = clock;
        this.lastHeard = clock.getAsLong();
    }

    /** The peer was heard from now. */
    public void heard() {
        lastHeard = clock.getAsLong();
    }

    /**
     * A wait for {@code waitMillis} that began at {@code beganNanos} (on this clock: System.nanoTime) has ended:
     * when it ended much later than asked, that time does not count as silence.
     */
    public void waited(long beganNanos, long waitMillis) {
        long late = clock.getAsLong() - beganNanos - waitMillis * 1_000_000L;
        if (late > pauseNanos) {
            lastHeard += late;
            pausedNanos += late;
        }
    }

    /** Milliseconds since the peer was last heard from, this process's pauses left out. */
    public long silentMillis() {
        return (clock.getAsLong() - lastHeard) / 1_000_000L;
    }

    /** Milliseconds this process was found paused, in all. */
    public long pausedMillis() {
        return pausedNanos / 1_000_000L;
    }
}
