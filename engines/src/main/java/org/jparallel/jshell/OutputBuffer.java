package org.jparallel.jshell;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jparallel.support.Threads;

/**
 * Batches text written by any thread and delivers it, in order, to the current {@link OutputSink}.
 *
 * <p>Writers only append under a short lock; delivery runs on a flusher thread of ours (every
 * flushMillis) or on the thread that ends a cell, never on a writer's thread, so a writer stopped
 * mid-way (JDK 17's Thread.stop) cannot leave a sink half-called. Memory is bounded: when a batch
 * holds {@code limit} chars, writers wait until the flusher has taken it.
 */
final class OutputBuffer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutputBuffer.class.getName());
    private static final long WRITER_WAIT_MILLIS = 10_000;

    private final int flushMillis;
    private final int limit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeFlusher = lock.newCondition();
    private final Condition progress = lock.newCondition();
    private final Object deliveryLock = new Object();
    private final Thread flusher;

    // guarded by lock
    private List<Chunk> pending = new ArrayList<>();
    private int pendingChars;
    private long appended;
    private long delivered;
    private boolean urgent;
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
        lock.lock();
        try {
            boolean mayWait = !Thread.holdsLock(deliveryLock) && Thread.currentThread() != flusher;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITER_WAIT_MILLIS);
            while (mayWait && pendingChars >= limit && !closed) {
                urgent = true;
                wakeFlusher.signal();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break; // the sink is stuck: grow rather than hang the writer for ever
                }
                try {
                    progress.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // keep the stop request for the cell's code
                    break;
                }
            }
            boolean wasEmpty = pendingChars == 0;
            Chunk last = pending.isEmpty() ? null : pending.get(pending.size() - 1);
            if (last != null && last.stream.equals(stream)) {
                last.text.append(chars, off, len);
            } else {
                StringBuilder sb = new StringBuilder(Math.max(len, 256));
                sb.append(chars, off, len);
                pending.add(new Chunk(stream, sb));
            }
            pendingChars += len;
            appended += len;
            if (wasEmpty || pendingChars >= limit) {
                urgent |= pendingChars >= limit;
                wakeFlusher.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Delivers everything appended so far to the current sink, on the calling thread. */
    void flush() {
        deliver(null, false);
    }

    /** Delivers everything so far to the current sink, then makes {@code next} the sink. */
    void switchSink(OutputSink next) {
        deliver(next, true);
    }

    /**
     * Waits (bounded) until everything appended so far has been delivered by the flusher; for
     * a cell's own thread, which must not call the sink itself.
     */
    void awaitDelivered(long timeoutMillis) {
        lock.lock();
        try {
            long target = appended;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (delivered < target && !closed) {
                urgent = true;
                wakeFlusher.signal();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    progress.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void deliver(OutputSink next, boolean replaceSink) {
        synchronized (deliveryLock) {
            List<Chunk> batch;
            OutputSink target;
            lock.lock();
            try {
                batch = pending;
                pending = new ArrayList<>();
                pendingChars = 0;
                urgent = false;
                target = sink;
                if (replaceSink) {
                    sink = next;
                }
                progress.signalAll();
            } finally {
                lock.unlock();
            }
            long n = 0;
            for (Chunk c : batch) {
                n += c.text.length();
                if (target == null) {
                    continue;
                }
                try {
                    target.write(c.stream, c.text.toString());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "an output sink failed; " + c.text.length() + " chars of " + c.stream + " lost", e);
                }
            }
            if (n > 0) {
                lock.lock();
                try {
                    delivered += n;
                    progress.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private void flushLoop() {
        while (true) {
            lock.lock();
            try {
                while (pendingChars == 0 && !closed) {
                    wakeFlusher.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                // let a batch gather for flushMillis unless a writer or a reader needs it now
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(flushMillis);
                long left;
                while (!urgent && !closed && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        wakeFlusher.awaitNanos(left);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            } finally {
                lock.unlock();
            }
            deliver(null, false);
        }
    }

    /** Delivers what is left and stops the flusher. */
    @Override
    public void close() {
        flush();
        lock.lock();
        try {
            closed = true;
            wakeFlusher.signalAll();
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
