package org.jparallel.magics;

import java.util.List;

/**
 * How a magic ended. ok with an optional value (shown as the cell's result when the magic is the
 * cell's last line, like a Java expression's value); or an error the kernel shows like an
 * exception: ename (e.g. "UsageError", "RemoteError"), evalue (one sentence) and traceback lines.
 */
public record MagicOutcome(boolean ok, String ename, String evalue, List<String> traceback, Object value) {

    public MagicOutcome {
        traceback = traceback == null ? List.of() : List.copyOf(traceback);
    }

    /** Success with nothing to show. */
    public static MagicOutcome success() {
        return new MagicOutcome(true, null, null, List.of(), null);
    }

    /** Success whose value becomes the cell's result (null = none). */
    public static MagicOutcome success(Object value) {
        return new MagicOutcome(true, null, null, List.of(), value);
    }

    /** Failure; the traceback defaults to "ename: evalue" when empty. */
    public static MagicOutcome error(String ename, String evalue, List<String> traceback) {
        List<String> tb = traceback == null || traceback.isEmpty() ? List.of(ename + ": " + evalue) : traceback;
        return new MagicOutcome(false, ename, evalue, tb, null);
    }
}
