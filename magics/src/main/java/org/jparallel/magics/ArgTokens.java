package org.jparallel.magics;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument text into words as a shell would for simple cases: whitespace separates,
 * single or double quotes group (without the quotes), a backslash escapes the next character.
 */
final class ArgTokens {
    /** One word and where it ends in the text (exclusive), so the rest can be taken verbatim. */
    record Token(String text, int end) {
    }

    private ArgTokens() {
    }

    /** All words of the text. Throws UsageError on an unterminated quote. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            Token t = next(text, i);
            if (t == null) {
                return out;
            }
            out.add(t.text());
            i = t.end();
        }
    }

    /** The next word at or after position from, or null at the end of the text. */
    static Token next(String text, int from) {
        int n = text.length();
        int i = from;
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= n) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        char quote = 0;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < n) {
                    sb.append(text.charAt(++i));
                } else {
                    sb.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                break;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\' && i + 1 < n) {
                sb.append(text.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        if (quote != 0) {
            throw new UsageError("an unterminated " + (quote == '"' ? "double" : "single") + " quote in the arguments");
        }
        return new Token(sb.toString(), i);
    }

    /** Position of the first non-blank character at or after from (the text's length if none). */
    static int skipBlanks(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
