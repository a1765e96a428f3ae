package org.jparallel.magics;

/** Where a magic's output goes: the running cell's output area (stream text and plain-text displays). */
interface OutputTarget {
    /** Appends text to the cell's stdout or stderr. */
    void stream(String name, String text);

    /** Shows a new plain-text output; returns its display id, to change it later. */
    String display(String text);

    /** Replaces the text of an output shown with {@link #display}. */
    void update(String displayId, String text);

    /** Shows a rich output (a MIME bundle, e.g. an engine's display(...)). */
    void rich(java.util.Map<String, Object> data, java.util.Map<String, Object> metadata);
}
