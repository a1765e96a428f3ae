package org.jparallel.link;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands items from any thread to the one thread that owns a ZeroMQ socket. Items go into a
 * queue; a wake-up pipe, which the owner registers in its ZeroMQ poller next to its sockets,
 * makes the owner's poll return at once. Works from any thread without creating sockets
 * (the role an inproc socket pair plays, for producers we do not control, like output pumps).
 */
public final class Mailbox<T> implements AutoCloseable {
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Pipe pipe;
    private final ByteBuffer one = ByteBuffer.allocate(1);
    private final ByteBuffer drain = ByteBuffer.allocate(64);

    public Mailbox() {
        try {
            pipe = Pipe.open();
            pipe.source().configureBlocking(false);
            pipe.sink().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the wake-up pipe of a mailbox", e);
        }
    }

    /** Adds an item and wakes the owner. Any thread. */
    public void post(T item) {
        queue.add(item);
        if (signalled.compareAndSet(false, true)) {
            synchronized (one) {
                one.clear();
                try {
                    pipe.sink().write(one);
                } catch (IOException e) {
                    // The owner has closed the mailbox; the item can no longer be delivered.
                }
            }
        }
    }

    /** The channel to register in the owner's poller (readable when items may be waiting). */
    public SelectableChannel channel() {
        return pipe.source();
    }

    /**
     * Takes the next item, or null. Owner thread only. Call after each wake-up until it returns
     * null: the wake-up is re-armed first, so an item posted meanwhile wakes the owner again.
     */
    public T poll() {
        if (signalled.compareAndSet(true, false)) {
            try {
                drain.clear();
                while (pipe.source().read(drain) > 0) {
                    drain.clear();
                }
            } catch (IOException e) {
                // closed: nothing left to drain
            }
        }
        return queue.poll();
    }

    /** Whether no item is waiting. */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public void close() {
        try {
            pipe.sink().close();
            pipe.source().close();
        } catch (IOException e) {
            // nothing useful to do when closing
        }
    }
}
