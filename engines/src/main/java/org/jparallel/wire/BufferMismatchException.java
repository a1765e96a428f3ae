package org.jparallel.wire;

/**
 * A correctly signed message whose buffers are not the ones its signature covers: changed on the
 * way. Its JSON parts are genuine, so a receiver can refuse it to the sender by its parent;
 * its buffers must never be used.
 */
public final class BufferMismatchException extends WireException {
    private final transient Message message;

    public BufferMismatchException(String why, Message message) {
        super(why);
        this.message = message;
    }

    /** The message as received (its JSON parts are signed, its buffers are not to be trusted). */
    public Message message() {
        return message;
    }
}
