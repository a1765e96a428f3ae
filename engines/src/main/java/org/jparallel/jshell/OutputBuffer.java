package org.jparallel.jshell;

import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jparallel.support.Threads;

/**
 * Batches text written by any thread and delivers it, in order, to the current {@link OutputSink}.
 *
 * <p>Writers only append under a short lock; delivery runs on a flusher thread of ours (every
 * flushMillis) or on the thread that ends a cell, never on a writer's thread, so a writer stopped
 * mid-way (JDK 17 stops a cell's threads with Thread.stop) cannot leave a sink half-called. The
 * lock is a monitor, not a java.util.concurrent lock: a monitor is released even when ThreadDeath
 * unwinds a writer. Memory is bounded: while a batch holds {@code limit} chars, writers wait
 * until the flusher has taken it. A surrogate pair is never split between two deliveries.
 */
final class OutputBuffer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutputBuffer.class.getName());
    private static final long WRITER_WAIT_MILLIS = 10_000;

    private final int flushMillis;
    private final int limit;
    private final Object lock = new Object();
    private final Object deliveryLock = new Object();
    private final Thread flusher;

    // guarded by lock
    private List<Chunk> pending = new ArrayList<>();
    private int pendingChars;
    private long appended;
    private long delivered;
    private boolean urgent;
    private boolean drain;
    private boolean closed;
    private OutputSink sink;

    private record Chunk(String stream, StringBuilder text) {
    }

    OutputBuffer(int flushMillis, int limit, OutputSink initialSink, String name) {
        this.flushMillis = flushMillis;
        this.limit = limit;
        this.sink = initialSink;
        this.flusher = Threads.startDaemon(name, this::flushLoop);
    }

    /** Appends chars written to {@code stream}; may wait while a full batch awaits delivery. */
    void append(String stream, char[] chars, int off, int len) {
        append(stream, CharBuffer.wrap(chars), off, off + len);
    }

    /** Appends {@code text[start, end)} written to {@code stream}; may wait while a full batch awaits delivery. */
    void append(String stream, CharSequence text, int start, int end) {
        int len = end - start;
        synchronized (lock) {
            if (pendingChars >= limit && !Thread.holdsLock(deliveryLock) && Thread.currentThread() != flusher) {
                awaitRoom();
            }
            boolean wasEmpty = pendingChars == 0;
            Chunk last = pending.isEmpty() ? null : pending.get(pending.size() - 1);
            if (last != null && last.stream.equals(stream)) {
                last.text.append(text, start, end);
            } else {
                pending.add(new Chunk(stream, new StringBuilder(Math.max(len, 256)).append(text, start, end)));
            }
            pendingChars += len;
            appended += len;
            if (pendingChars >= limit) {
                urgent = true;
                lock.notifyAll();
            } else if (wasEmpty) {
                lock.notifyAll();
            }
        }
    }

    // holds lock
    private void awaitRoom() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITER_WAIT_MILLIS);
        while (pendingChars >= limit && !closed) {
            urgent = true;
            lock.notifyAll();
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return; // the sink is stuck: grow rather than hang the writer for ever
            }
            try {
                lock.wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // keep the stop request for the cell's code
                return;
            }
        }
    }

    /** Delivers everything appended so far to the current sink, on the calling thread. */
    void flush() {
        deliver(null, false, true);
    }

    /** Delivers everything so far to the current sink, then makes {@code next} the sink. */
    void switchSink(OutputSink next) {
        deliver(next, true, true);
    }

    /**
     * Waits (bounded) until everything appended so far has been delivered by the flusher; for
     * a cell's own thread, which must not call the sink itself.
     */
    void awaitDelivered(long timeoutMillis) {
        synchronized (lock) {
            long target = appended;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (delivered < target && !closed) {
                urgent = true;
                drain = true;
                lock.notifyAll();
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void deliver(OutputSink next, boolean replaceSink, boolean all) {
        synchronized (deliveryLock) {
            List<Chunk> batch;
            OutputSink target;
            synchronized (lock) {
                batch = pending;
                pending = new ArrayList<>();
                pendingChars = 0;
                all |= drain;
                drain = false;
                urgent = false;
                if (!all && !batch.isEmpty()) {
                    // never cut a surrogate pair between two deliveries: keep its first half back
                    Chunk last = batch.get(batch.size() - 1);
                    int n = last.text.length();
                    if (n > 0 && Character.isHighSurrogate(last.text.charAt(n - 1))) {
                        pending.add(new Chunk(last.stream, new StringBuilder().append(last.text.charAt(n - 1))));
                        pendingChars = 1;
                        last.text.setLength(n - 1);
                    }
                }
                target = sink;
                if (replaceSink) {
                    sink = next;
                }
                lock.notifyAll();
            }
            long n = 0;
            for (Chunk c : batch) {
                n += c.text.length();
                if (target == null || c.text.length() == 0) {
                    continue;
                }
                try {
                    target.write(c.stream, c.text.toString());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "an output sink failed; " + c.text.length() + " chars of " + c.stream + " lost", e);
                }
            }
            if (n > 0) {
                synchronized (lock) {
                    delivered += n;
                    lock.notifyAll();
                }
            }
        }
    }

    private void flushLoop() {
        while (true) {
            synchronized (lock) {
                try {
                    while (pendingChars == 0 && !closed) {
                        lock.wait();
                    }
                    if (closed) {
                        return;
                    }
                    // let a batch gather for flushMillis unless a writer or a reader needs it now
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(flushMillis);
                    long left;
                    while (!urgent && !closed && (left = deadline - System.nanoTime()) > 0) {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            deliver(null, false, false);
        }
    }

    /** Delivers what is left and stops the flusher. */
    @Override
    public void close() {
        flush();
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
