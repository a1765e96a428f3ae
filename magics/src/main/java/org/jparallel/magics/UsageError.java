package org.jparallel.magics;

import org.jparallel.protocol.Outcome;

import java.util.ArrayList;
import java.util.List;

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

    /** The error a cell shows for it: the message, then the usage. */
    public Outcome outcome() {
        List<String> tb = new ArrayList<>();
        tb.add("UsageError: " + getMessage());
        if (!usage.isBlank()) {
            tb.add("");
            tb.addAll(List.of(usage.stripTrailing().split("\n")));
        }
        return Outcome.error("UsageError", getMessage(), tb);
    }
}
