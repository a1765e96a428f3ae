package org.jparallel.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into words the way a shell does in simple cases, and joins words back: whitespace
 * separates, single or double quotes group (without the quotes), a backslash escapes the next
 * character (inside double quotes too). Used for magic arguments, profile word lists and CLI values.
 */
public final class ShellWords {
    /** One word and where it ends in the text (exclusive), so the rest can be taken verbatim. */
    public record Token(String text, int end) {
    }

    private ShellWords() {
    }

    /** All words of the text (none for null). Throws IllegalArgumentException on an unterminated quote. */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
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
    public static Token next(String text, int from) {
        int n = text.length();
        int i = skipBlanks(text, from);
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
            throw new IllegalArgumentException("an unterminated " + (quote == '"' ? "double" : "single")
                    + " quote in the arguments");
        }
        return new Token(sb.toString(), i);
    }

    /** Position of the first non-blank character at or after from (the text's length if none). */
    public static int skipBlanks(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The words as one line that {@link #split} turns back into the same words. */
    public static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String word : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            if (!word.isEmpty() && word.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"' || c == '\\')) {
                sb.append(word);
            } else {
                sb.append('\'').append(word.replace("'", "'\\''")).append('\'');
            }
        }
        return sb.toString();
    }
}
