package org.jparallel.jshell;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;
import org.jparallel.protocol.Outcome;

import java.util.ArrayList;
import java.util.List;

/** One cell's run: its snippets in order, up to the first error, and the value of the last. */
final class CellRun {
    private final Evaluator evaluator;
    private final JShell shell;
    private final String cell;
    private final boolean startup;

    CellRun(Evaluator evaluator, String cell, boolean startup) {
        this.evaluator = evaluator;
        this.shell = evaluator.shell();
        this.cell = cell;
        this.startup = startup;
    }

    Outcome run() {
        CellSplitter.Split split = CellSplitter.split(shell.sourceCodeAnalysis(), cell);
        if (split.incompleteAt() >= 0) {
            return Outcome.error(ErrorReports.incomplete(cell, split.incompleteAt()));
        }
        List<CellSplitter.Piece> pieces = split.pieces();
        List<CellSplitter.Piece> recoverablePieces = new ArrayList<>();
        List<DeclarationSnippet> recoverable = new ArrayList<>();
        Outcome result = Outcome.success();
        for (int i = 0; i < pieces.size(); i++) {
            if (stopped()) {
                return Outcome.interrupted();
            }
            CellSplitter.Piece piece = pieces.get(i);
            int tooLong = LongConstants.firstTooLong(piece.source());
            if (tooLong >= 0) {
                return Outcome.error(ErrorReports.constantTooLong(cell, piece.offset() + tooLong));
            }
            List<SnippetEvent> events = shell.eval(piece.source());
            if (!startup) {
                evaluator.countSnippet();
            }
            if (stopped()) {
                return Outcome.interrupted();
            }
            SnippetEvent main = null;
            for (SnippetEvent e : events) {
                if (e.causeSnippet() != null) {
                    continue; // a dependent snippet updated by this one
                }
                if (main == null) {
                    main = e;
                }
                if (e.status() == Snippet.Status.REJECTED) {
                    return Outcome.error(ErrorReports.compileError(shell, cell, piece, e.snippet()));
                }
                if (e.exception() != null) {
                    return Outcome.error(ErrorReports.exception(shell, e.exception()));
                }
                if (e.snippet() instanceof DeclarationSnippet d && isRecoverable(e.status())) {
                    if (misclassified(d)) {
                        // JShell files some plain compile errors (a constant string over 64 KB) as
                        // "recoverable": kept, the snippet would break every later compile. Drop it.
                        Outcome.Failure err = ErrorReports.compileError(shell, cell, piece, d);
                        shell.drop(d);
                        return Outcome.error(err);
                    }
                    recoverablePieces.add(piece);
                    recoverable.add(d);
                }
            }
            boolean last = i == pieces.size() - 1;
            result = last && main != null && !piece.explicitSemicolon() ? valueOf(main) : Outcome.success();
        }
        // Forward references may be resolved by later snippets of the same cell; what is still
        // unresolved at the end is an error.
        for (int i = 0; i < recoverable.size(); i++) {
            if (isRecoverable(shell.status(recoverable.get(i)))) {
                return Outcome.error(ErrorReports.unresolved(shell, cell, recoverablePieces.get(i), recoverable.get(i)));
            }
        }
        return result;
    }

    private boolean stopped() {
        return evaluator.control().stopRequested();
    }

    /** A "recoverable" declaration with errors but nothing left to declare: a compile error in disguise. */
    private boolean misclassified(DeclarationSnippet d) {
        return shell.unresolvedDependencies(d).findAny().isEmpty() && shell.diagnostics(d).anyMatch(x -> x.isError());
    }

    private static boolean isRecoverable(Snippet.Status s) {
        return s == Snippet.Status.RECOVERABLE_DEFINED || s == Snippet.Status.RECOVERABLE_NOT_DEFINED;
    }

    private Outcome valueOf(SnippetEvent e) {
        if (e.status() != Snippet.Status.VALID || e.value() == null) {
            return Outcome.success();
        }
        Snippet s = e.snippet();
        boolean expression = s instanceof ExpressionSnippet
                || (s instanceof VarSnippet && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
        if (!expression) {
            return Outcome.success();
        }
        return Outcome.value(evaluator.valueOf(e), e.value());
    }
}
