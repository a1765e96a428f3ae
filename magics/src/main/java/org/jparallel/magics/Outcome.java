package org.jparallel.magics;

import java.util.List;

/** How a magic ended: ok (with an optional value text), or an error with its name, message and lines. */
record Outcome(boolean ok, String ename, String evalue, List<String> traceback, String value) {
    Outcome {
        traceback = traceback == null ? List.of() : List.copyOf(traceback);
    }

    static Outcome success() {
        return new Outcome(true, null, null, List.of(), null);
    }

    static Outcome value(String text) {
        return new Outcome(true, null, null, List.of(), text);
    }

    /** An error whose traceback ends with the "ename: evalue" line, as IPython shows errors. */
    static Outcome error(String ename, String evalue, List<String> lines) {
        List<String> tb = new java.util.ArrayList<>(lines);
        tb.add(ename + ": " + evalue);
        return new Outcome(false, ename, evalue, tb, null);
    }

    /** A usage error: the message, then the usage. */
    static Outcome usage(UsageError e) {
        List<String> tb = new java.util.ArrayList<>();
        tb.add("UsageError: " + e.getMessage());
        if (!e.usage().isBlank()) {
            tb.add("");
            tb.addAll(List.of(e.usage().stripTrailing().split("\n")));
        }
        return new Outcome(false, "UsageError", e.getMessage(), tb, null);
    }
}
