package org.jparallel.cluster;

import java.util.ArrayList;
import java.util.List;

/** Splits a line of arguments the way a shell would (quotes and backslashes), and joins them back. */
final class ArgLine {
    private ArgLine() {
    }

    /** The words of a line; single and double quotes group, backslash escapes the next character. */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        if (line == null) {
            return words;
        }
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote in: " + line);
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }

    /** The words as one line that {@link #split} turns back into the same words. */
    static String join(List<String> words) {
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
