package org.jparallel.jshell;

import java.io.IOException;

/** Where a cell's System.in reads come from: one line per request. */
@FunctionalInterface
public interface StdinSource {
    /** The next line the user typed, without its line end, or null at end of input. */
    String readLine(String prompt, boolean password) throws IOException;
}
