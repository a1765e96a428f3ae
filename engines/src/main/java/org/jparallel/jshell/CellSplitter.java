package org.jparallel.jshell;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/** Splits a cell into the snippets JShell evaluates one by one, keeping where each starts. */
final class CellSplitter {

    /**
     * One snippet of a cell.
     *
     * @param source            what JShell evaluates (may have a ';' JShell added)
     * @param offset            where the snippet starts in the cell (JShell positions count from here)
     * @param explicitSemicolon the user ended it with ';' (a final expression then shows no value)
     */
    record Piece(String source, int offset, boolean explicitSemicolon) {
    }

    /**
     * The snippets of a cell.
     *
     * @param pieces       complete snippets, in order
     * @param incompleteAt when the cell ends inside an unfinished snippet, where that snippet starts; else -1
     */
    record Split(List<Piece> pieces, int incompleteAt) {
    }

    private CellSplitter() {
    }

    static Split split(SourceCodeAnalysis analysis, String cell) {
        List<Piece> pieces = new ArrayList<>();
        int offset = 0;
        String rest = cell;
        while (!rest.isBlank()) {
            CompletionInfo ci = analysis.analyzeCompletion(rest);
            switch (ci.completeness()) {
                case EMPTY:
                    return new Split(pieces, -1);
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return new Split(pieces, offset);
                default:
                    break;
            }
            String source = ci.source() != null ? ci.source() : rest;
            String remaining = ci.source() != null ? ci.remaining() : "";
            boolean semicolon = ci.completeness() == SourceCodeAnalysis.Completeness.COMPLETE
                    && source.stripTrailing().endsWith(";");
            pieces.add(new Piece(source, offset, semicolon));
            int consumed = rest.length() - remaining.length();
            if (consumed <= 0) {
                break; // cannot happen with JShell's analysis; never loop for ever
            }
            offset += consumed;
            rest = remaining;
        }
        return new Split(pieces, -1);
    }
}
