package org.jparallel.cluster.ship;

/** Code or data cannot be sent to the engines (not serializable, for example); nothing was sent. */
public final class ShippingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShippingException(String message, Throwable cause) {
        super(message, cause);
    }
}
