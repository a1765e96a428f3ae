package org.jparallel.support;

import java.util.Locale;

/** Reading and writing durations in seconds, as the magics take and show them. */
public final class Seconds {
    private Seconds() {
    }

    /** "5 s", "0.5 s", "1.25 s". */
    public static String format(double seconds) {
        if (seconds == Math.rint(seconds) && seconds < 1e9) {
            return (long) seconds + " s";
        }
        return String.format(Locale.ROOT, "%.3g s", seconds).replaceAll("0+ s$", " s").replace(". s", " s");
    }

    /** A positive, finite number of seconds; throws IllegalArgumentException naming the bad value. */
    public static double parsePositive(String option, String s) {
        double v;
        try {
            v = Double.parseDouble(s.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(option + " must be a number of seconds, not '" + s + "'");
        }
        if (!(v > 0) || Double.isInfinite(v) || v > 1e7) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds (at most 10000000), not '" + s + "'");
        }
        return v;
    }
}
