package org.jparallel.notebook;

/**
 * Shows a one-line progress message that updates in place ("2/4 engines ready") while a
 * cluster starts or is connected to. The kernel shows it in the cell's output; jpcluster on
 * the terminal.
 */
public interface Progress {
    /** Shows or replaces the line. */
    void update(String line);

    /** Replaces the line a last time. */
    default void done(String line) {
        update(line);
    }

    /** Shows nothing. */
    Progress NONE = line -> { };
}
