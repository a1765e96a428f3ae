package org.jparallel.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a cell into Java chunks and magics, like IPython: "%%name args" on the first line makes
 * the whole cell a cell magic; otherwise each line starting with "%name" is a line magic and the
 * Java lines between them form chunks, kept in source order. Lines inside a Java block comment or
 * text block are never magics.
 */
final class CellParser {

    /** One piece of a cell, in source order. */
    sealed interface Part permits JavaChunk, LineMagic {
    }

    /** Consecutive Java lines; firstLine is 0-based within the cell. */
    record JavaChunk(String code, int firstLine) implements Part {
    }

    /** A "%name args" line. */
    record LineMagic(String name, String args, int line) implements Part {
    }

    /** A cell whose first line is "%%name args"; body is the rest of the cell. */
    record CellMagic(String name, String args, String body) {
    }

    private CellParser() {
    }

    /** The cell magic a cell starts with, or null when it does not start with %%. */
    static CellMagic cellMagic(String cell) {
        String[] lines = cell.split("\n", -1);
        int i = 0;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        if (i == lines.length) {
            return null;
        }
        String first = lines[i].strip();
        if (!first.startsWith("%%") || first.length() < 3 || !isNameStart(first.charAt(2))) {
            return null;
        }
        String[] nameArgs = nameAndArgs(first.substring(2));
        String body = i + 1 < lines.length ? String.join("\n", java.util.Arrays.copyOfRange(lines, i + 1, lines.length)) : "";
        return new CellMagic(nameArgs[0], nameArgs[1], body);
    }

    /** The cell as line magics and Java chunks; blank-only chunks are left out. */
    static List<Part> parts(String cell) {
        List<Part> parts = new ArrayList<>();
        String[] lines = cell.split("\n", -1);
        StringBuilder chunk = new StringBuilder();
        int chunkStart = 0;
        JavaScanner scanner = new JavaScanner();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            boolean magic = scanner.atCodeLevel() && stripped.length() > 1 && stripped.charAt(0) == '%'
                    && isNameStart(stripped.charAt(1));
            if (magic) {
                flush(parts, chunk, chunkStart);
                String[] nameArgs = nameAndArgs(stripped.substring(1));
                parts.add(new LineMagic(nameArgs[0], nameArgs[1], i));
                chunkStart = i + 1;
            } else {
                if (chunk.length() == 0) {
                    chunkStart = i;
                } else {
                    chunk.append('\n');
                }
                chunk.append(line);
                scanner.scanLine(line);
            }
        }
        flush(parts, chunk, chunkStart);
        return parts;
    }

    /** Whether the cell is exactly one line magic (blank lines aside); returns it or null. */
    static LineMagic singleLineMagic(String cell) {
        List<Part> parts = parts(cell);
        return parts.size() == 1 && parts.get(0) instanceof LineMagic m ? m : null;
    }

    private static void flush(List<Part> parts, StringBuilder chunk, int start) {
        if (!chunk.toString().isBlank()) {
            parts.add(new JavaChunk(chunk.toString(), start));
        }
        chunk.setLength(0);
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    /** "name rest of line" split at the end of the name; args trimmed. */
    private static String[] nameAndArgs(String s) {
        int end = 0;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
            end++;
        }
        return new String[]{s.substring(0, end), s.substring(end).strip()};
    }

    /** Tracks whether a Java line ends inside a block comment or a text block. */
    private static final class JavaScanner {
        private boolean inBlockComment;
        private boolean inTextBlock;

        boolean atCodeLevel() {
            return !inBlockComment && !inTextBlock;
        }

        void scanLine(String line) {
            int i = 0;
            int n = line.length();
            while (i < n) {
                char c = line.charAt(i);
                if (inBlockComment) {
                    if (line.startsWith("*/", i)) {
                        inBlockComment = false;
                        i += 2;
                    } else {
                        i++;
                    }
                } else if (inTextBlock) {
                    if (c == '\\') {
                        i += 2;
                    } else if (line.startsWith("\"\"\"", i)) {
                        inTextBlock = false;
                        i += 3;
                    } else {
                        i++;
                    }
                } else if (line.startsWith("//", i)) {
                    return;
                } else if (line.startsWith("/*", i)) {
                    inBlockComment = true;
                    i += 2;
                } else if (line.startsWith("\"\"\"", i)) {
                    inTextBlock = true;
                    i += 3;
                } else if (c == '"' || c == '\'') {
                    i = skipLiteral(line, i + 1, c);
                } else {
                    i++;
                }
            }
        }

        private static int skipLiteral(String line, int i, char quote) {
            while (i < line.length()) {
                char c = line.charAt(i);
                if (c == '\\') {
                    i += 2;
                } else if (c == quote) {
                    return i + 1;
                } else {
                    i++;
                }
            }
            return i;
        }
    }
}
