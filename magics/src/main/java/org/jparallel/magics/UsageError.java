package org.jparallel.magics;

/** Bad input to a magic: the message is a sentence for the user, and nothing was sent anywhere. */
public final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String usage;

    public UsageError(String message, String usage) {
        super(message);
        this.usage = usage == null ? "" : usage;
    }

    public UsageError(String message) {
        this(message, "");
    }

    /** A short usage reminder for the magic, or "". */
    public String usage() {
        return usage;
    }
}
