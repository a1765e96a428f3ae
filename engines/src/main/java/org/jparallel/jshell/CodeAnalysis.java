package org.jparallel.jshell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Documentation;
import jdk.jshell.SourceCodeAnalysis.Suggestion;

/**
 * Completion, inspection and is-complete on JShell's source analysis. Frontends count positions
 * in code points; Java strings in UTF-16 units: converted at the edges.
 */
final class CodeAnalysis {
    private static final String INDENT = "    ";
    private static final java.util.regex.Pattern IMPORT = java.util.regex.Pattern.compile("(?m)^\\s*import\\s[^;]*;");
    private final SourceCodeAnalysis sca;

    CodeAnalysis(SourceCodeAnalysis sca) {
        this.sca = sca;
    }

    void warmUp() {
        int[] anchor = new int[1];
        sca.completionSuggestions("System.out.pr", 13, anchor);
        sca.analyzeCompletion("int x = 1; x");
    }

    Completion complete(String code, int cursorPoints) {
        int cursor = toUtf16(code, cursorPoints);
        int start = snippetStart(code, cursor);
        String part = code.substring(start);
        int[] anchor = {-1};
        List<Suggestion> suggestions = sca.completionSuggestions(part, cursor - start, anchor);
        String earlier = start > 0 ? IMPORT.matcher(code.substring(0, start)).replaceAll("") : "";
        if (suggestions.isEmpty() && !earlier.isBlank()) {
            // Names declared earlier in this cell are not in JShell's state yet (the cell has not
            // run): complete inside a block that declares them first, as locals.
            String block = "{" + earlier + part;
            int offset = 1 + earlier.length();
            int[] blockAnchor = {-1};
            List<Suggestion> inBlock = sca.completionSuggestions(block, offset + cursor - start, blockAnchor);
            if (!inBlock.isEmpty() && blockAnchor[0] >= offset) {
                suggestions = inBlock;
                anchor[0] = blockAnchor[0] - offset;
            }
        }
        Set<String> typed = new LinkedHashSet<>();
        Set<String> other = new LinkedHashSet<>();
        for (Suggestion s : suggestions) {
            (s.matchesType() ? typed : other).add(s.continuation());
        }
        List<String> matches = new ArrayList<>(typed);
        other.stream().filter(s -> !typed.contains(s)).forEach(matches::add);
        int from = anchor[0] < 0 ? cursor : start + anchor[0];
        return new Completion(matches, code.codePointCount(0, from), code.codePointCount(0, cursor));
    }

    Optional<String> inspect(String code, int cursorPoints, int detailLevel) {
        int cursor = toUtf16(code, cursorPoints);
        int start = snippetStart(code, cursor);
        String part = code.substring(start);
        int at = cursor - start;
        List<Documentation> docs = sca.documentation(part, at, true);
        if (docs.isEmpty()) {
            // Jupyter puts the cursor anywhere in a name; JShell documents a method only inside
            // its argument list: try just after the name's '(' (adding one if there is none)
            int end = at;
            while (end < part.length() && Character.isJavaIdentifierPart(part.charAt(end))) {
                end++;
            }
            if (end < part.length() && part.charAt(end) == '(') {
                docs = sca.documentation(part, end + 1, true);
            } else if (end > 0 && Character.isJavaIdentifierPart(part.charAt(end - 1))) {
                docs = sca.documentation(part.substring(0, end) + "(", end + 1, true);
                if (docs.isEmpty()) {
                    docs = sca.documentation(part, end, true);
                }
            }
        }
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (Documentation d : docs) {
            if (sb.length() > 0) {
                sb.append("\n\n");
            }
            sb.append(d.signature());
            if (d.javadoc() != null && !d.javadoc().isBlank()) {
                sb.append("\n").append(d.javadoc().strip());
            }
        }
        return Optional.of(sb.toString());
    }

    IsComplete isComplete(String code) {
        IsComplete lexical = bracketsOnly(code);
        if (!lexical.status().equals("complete")) {
            return lexical;
        }
        String rest = code;
        while (!rest.isBlank()) {
            CompletionInfo ci = sca.analyzeCompletion(rest);
            switch (ci.completeness()) {
                case EMPTY:
                    return IsComplete.COMPLETE;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return new IsComplete("incomplete", INDENT.repeat(Brackets.scan(code).openBraces(code)));
                case UNKNOWN:
                    return IsComplete.INVALID;
                default:
                    if (ci.remaining().length() >= rest.length()) {
                        return IsComplete.UNKNOWN;
                    }
                    rest = ci.remaining();
            }
        }
        return IsComplete.COMPLETE;
    }

    /** The answer brackets alone give: invalid on a stray closer, incomplete while some are open. */
    static IsComplete bracketsOnly(String code) {
        Brackets b = Brackets.scan(code);
        if (b.unmatched >= 0) {
            return IsComplete.INVALID;
        }
        if (b.unterminated || !b.open.isEmpty()) {
            return new IsComplete("incomplete", INDENT.repeat(b.openBraces(code)));
        }
        return IsComplete.COMPLETE;
    }

    /** Where the snippet holding {@code cursor} starts: after the complete snippets before it. */
    private int snippetStart(String code, int cursor) {
        int start = 0;
        String rest = code.substring(0, cursor);
        while (!rest.isBlank()) {
            CompletionInfo ci = sca.analyzeCompletion(rest);
            if (ci.completeness() != SourceCodeAnalysis.Completeness.COMPLETE || ci.remaining().isEmpty()
                    || ci.remaining().length() >= rest.length()) {
                break;
            }
            start += rest.length() - ci.remaining().length();
            rest = ci.remaining();
        }
        return start;
    }

    private static int toUtf16(String code, int codePoints) {
        int cp = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, cp);
    }
}
