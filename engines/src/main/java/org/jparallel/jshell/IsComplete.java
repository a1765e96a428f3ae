package org.jparallel.jshell;

/**
 * Whether code is ready to run, as Jupyter's is_complete_reply says it.
 *
 * @param status "complete", "incomplete", "invalid" or "unknown"
 * @param indent for "incomplete": the indent of the next line; otherwise ""
 */
public record IsComplete(String status, String indent) {
    static final IsComplete COMPLETE = new IsComplete("complete", "");
    static final IsComplete INVALID = new IsComplete("invalid", "");
    static final IsComplete UNKNOWN = new IsComplete("unknown", "");
}
