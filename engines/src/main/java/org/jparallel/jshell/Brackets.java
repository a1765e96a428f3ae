package org.jparallel.jshell;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A light lexical scan of Java source: which brackets are still open at the end and the first
 * closing bracket that matches nothing. Skips string, char and text-block literals and comments.
 */
final class Brackets {
    /** Offsets of brackets still open at the end, innermost last. */
    final Deque<Integer> open = new ArrayDeque<>();
    /** Offset of the first closing bracket without a matching opener, or -1. */
    int unmatched = -1;
    /** Whether the source ends inside a comment or literal. */
    boolean unterminated;

    private Brackets() {
    }

    static Brackets scan(String s) {
        Brackets r = new Brackets();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? n : nl + 1;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int e = s.indexOf("*/", i + 2);
                if (e < 0) {
                    r.unterminated = true;
                    return r;
                }
                i = e + 2;
            } else if (s.startsWith("\"\"\"", i)) {
                int e = endOfTextBlock(s, i + 3);
                if (e < 0) {
                    r.unterminated = true;
                    return r;
                }
                i = e;
            } else if (c == '"' || c == '\'') {
                int e = endOfQuoted(s, i + 1, c);
                if (e < 0) {
                    return r; // an unclosed literal on one line is a compile error, not more input
                }
                i = e;
            } else {
                if (c == '(' || c == '[' || c == '{') {
                    r.open.addLast(i);
                } else if (c == ')' || c == ']' || c == '}') {
                    if (r.open.isEmpty() || s.charAt(r.open.peekLast()) != opener(c)) {
                        if (r.unmatched < 0) {
                            r.unmatched = i;
                        }
                    } else {
                        r.open.removeLast();
                    }
                }
                i++;
            }
        }
        return r;
    }

    /** Open braces at the end ('{' only): the block depth of the next line. */
    int openBraces(String s) {
        int d = 0;
        for (int o : open) {
            if (s.charAt(o) == '{') {
                d++;
            }
        }
        return d;
    }

    private static char opener(char close) {
        return close == ')' ? '(' : close == ']' ? '[' : '{';
    }

    private static int endOfQuoted(String s, int i, char quote) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n') {
                return -1;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static int endOfTextBlock(String s, int i) {
        while (i < s.length()) {
            if (s.charAt(i) == '\\') {
                i += 2;
            } else if (s.startsWith("\"\"\"", i)) {
                return i + 3;
            } else {
                i++;
            }
        }
        return -1;
    }
}
