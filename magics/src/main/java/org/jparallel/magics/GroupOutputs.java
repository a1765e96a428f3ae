package org.jparallel.magics;

import java.util.Locale;

/** How %px orders the outputs of several engines once they are all in, as ipyparallel's --group-outputs. */
public enum GroupOutputs {
    /** All of engine 0's output, then engine 1's, and so on. */
    ENGINE,
    /** Interleaved in the order the outputs arrived. */
    ORDER,
    /** All stdout, then all stderr, then the results. */
    TYPE;

    /** The name users type. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value for a name users type; throws IllegalArgumentException naming the choices. */
    public static GroupOutputs parse(String s) {
        String t = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (GroupOutputs g : values()) {
            if (g.label().equals(t)) {
                return g;
            }
        }
        throw new IllegalArgumentException("--group-outputs must be engine, order or type, not '" + s + "'");
    }
}
