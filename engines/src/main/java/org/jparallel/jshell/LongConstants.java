package org.jparallel.jshell;

/**
 * Finds string literals and text blocks too long for a class file (a constant's modified UTF-8
 * form is at most 65,535 bytes). JShell must never compile one: it reports the error, but its
 * compiler keeps the constant and every later snippet of the session fails with it (JDK 17 to 25).
 */
final class LongConstants {
    static final int LIMIT = 65_535;

    private LongConstants() {
    }

    /** The offset of the first literal whose value is too long for a class file, or -1. */
    static int firstTooLong(String src) {
        int i = 0;
        int n = src.length();
        while (i < n) {
            if (src.startsWith("//", i)) {
                int eol = src.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = literalEnd(src, i + 3, true);
                if (valueBytes(src, i + 3, end) > LIMIT) {
                    return i;
                }
                i = end + 3;
            } else if (src.charAt(i) == '"') {
                int end = literalEnd(src, i + 1, false);
                if (valueBytes(src, i + 1, end) > LIMIT) {
                    return i;
                }
                i = end + 1;
            } else if (src.charAt(i) == '\'') {
                i = literalEnd(src, i + 1, false, '\'') + 1;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static int literalEnd(String src, int from, boolean textBlock) {
        return textBlock ? textBlockEnd(src, from) : literalEnd(src, from, false, '"');
    }

    private static int literalEnd(String src, int from, boolean unused, char quote) {
        int i = from;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote || c == '\n') {
                return i;
            } else {
                i++;
            }
        }
        return src.length();
    }

    private static int textBlockEnd(String src, int from) {
        int i = from;
        while (i < src.length()) {
            if (src.charAt(i) == '\\') {
                i += 2;
            } else if (src.startsWith("\"\"\"", i)) {
                return i;
            } else {
                i++;
            }
        }
        return src.length();
    }

    /** The modified UTF-8 length of the literal's value between from and to (escapes counted as what they make). */
    private static long valueBytes(String src, int from, int to) {
        if (to - from <= LIMIT / 6) {
            return 0; // even all \\uXXXX escapes of 3 bytes each could not reach the limit
        }
        long bytes = 0;
        int i = from;
        int end = Math.min(to, src.length());
        while (i < end) {
            char c = src.charAt(i);
            int step = 1;
            if (c == '\\' && i + 1 < end) {
                char e = src.charAt(i + 1);
                if (e == 'u') {
                    int j = i + 1;
                    while (j < end && src.charAt(j) == 'u') {
                        j++;
                    }
                    if (j + 4 <= end) {
                        try {
                            c = (char) Integer.parseInt(src.substring(j, j + 4), 16);
                            step = j + 4 - i;
                        } catch (NumberFormatException ex) {
                            step = 2;
                        }
                    }
                } else if (e >= '0' && e <= '7') {
                    int j = i + 1;
                    while (j < end && j < i + 4 && src.charAt(j) >= '0' && src.charAt(j) <= '7') {
                        j++;
                    }
                    c = 'x';
                    step = j - i;
                } else {
                    c = 'x';
                    step = 2;
                }
            }
            bytes += c >= 0x01 && c <= 0x7f ? 1 : c <= 0x7ff ? 2 : 3;
            i += step;
        }
        return bytes;
    }
}
