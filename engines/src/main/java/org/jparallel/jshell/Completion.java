package org.jparallel.jshell;

import java.util.List;

/**
 * Completion candidates; positions in Unicode code points.
 *
 * @param matches     texts that replace the range [cursorStart, cursorEnd)
 * @param cursorStart start of the token being completed
 * @param cursorEnd   end of it (the cursor)
 */
public record Completion(List<String> matches, int cursorStart, int cursorEnd) {
    public Completion {
        matches = List.copyOf(matches);
    }
}
