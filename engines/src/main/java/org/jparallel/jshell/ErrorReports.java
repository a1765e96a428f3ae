package org.jparallel.jshell;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.jparallel.protocol.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;

/** Turns JShell's diagnostics and exceptions into {@link Outcome.Failure}s a user can read. */
final class ErrorReports {
    static final String COMPILATION_ERROR = "CompilationError";
    static final String UNRESOLVED_REFERENCE = "UnresolvedReferenceError";
    private static final int MAX_CAUSES = 20;

    private ErrorReports() {
    }

    /** The compile errors of a rejected snippet, each with its cell line and a caret. */
    static Outcome.Failure compileError(JShell shell, String cell, CellSplitter.Piece piece, Snippet snippet) {
        List<String> tb = new ArrayList<>();
        String first = null;
        int end = piece.offset() + piece.source().length();
        for (Diag d : (Iterable<Diag>) shell.diagnostics(snippet)::iterator) {
            if (!d.isError()) {
                continue;
            }
            List<String> msg = messageLines(d.getMessage(Locale.ROOT));
            if (first == null) {
                first = oneLine(msg);
            }
            long p = d.getPosition();
            int pos = p == Diagnostic.NOPOS ? -1 : (int) Math.min(Math.min(piece.offset() + p, end), cell.length());
            at(tb, cell, pos, msg);
        }
        if (first == null) {
            first = "the snippet was rejected by the compiler";
            at(tb, cell, piece.offset(), List.of(first));
        }
        return new Outcome.Failure(COMPILATION_ERROR, first, tb);
    }

    /** A string literal longer than a class file allows (never given to JShell: it would break the session). */
    static Outcome.Failure constantTooLong(String cell, int pos) {
        String evalue = "constant string too long";
        List<String> tb = new ArrayList<>();
        at(tb, cell, pos, List.of(evalue + ": a string literal holds at most " + LongConstants.LIMIT
                + " bytes; build longer text at run time (\"x\".repeat(n), a StringBuilder, or read it from a file)"));
        return new Outcome.Failure(COMPILATION_ERROR, evalue, tb);
    }

    /** The cell ends inside an unfinished snippet starting at {@code start}. */
    static Outcome.Failure incomplete(String cell, int start) {
        Brackets b = Brackets.scan(cell.substring(start));
        String what;
        int pos;
        if (b.unterminated) {
            what = "the cell ends inside a comment or text block that is never closed";
            pos = start;
        } else if (!b.open.isEmpty()) {
            int o = b.open.peekLast();
            what = "'" + cell.charAt(start + o) + "' is never closed: the cell ends before the code is complete";
            pos = start + o;
        } else {
            what = "the cell ends in the middle of a statement (is a ';' or the rest of an expression missing?)";
            pos = lastNonBlank(cell);
        }
        List<String> tb = new ArrayList<>();
        at(tb, cell, pos, List.of(what));
        return new Outcome.Failure(COMPILATION_ERROR, what, tb);
    }

    /** A declaration that refers to something not declared yet: JShell keeps it, unusable. */
    static Outcome.Failure unresolved(JShell shell, String cell, CellSplitter.Piece piece, DeclarationSnippet s) {
        List<String> deps = shell.unresolvedDependencies(s).collect(Collectors.toList());
        String missing = String.join(", ", deps);
        String evalue = "cannot find symbol: " + missing + " (used by " + describe(s) + ")";
        List<String> tb = new ArrayList<>();
        int pos = piece.offset();
        if (!deps.isEmpty()) {
            int i = findUse(piece.source(), simpleName(deps.get(0)), s.name());
            if (i >= 0) {
                pos = piece.offset() + i;
            }
        }
        at(tb, cell, pos, List.of("cannot find symbol: " + missing));
        tb.add(describe(s) + " is defined, but cannot be used until " + missing
                + (deps.size() > 1 ? " are" : " is") + " declared");
        return new Outcome.Failure(COMPILATION_ERROR, evalue, tb);
    }

    /** A snippet threw: the user's exception and stack, without JShell's or our frames. */
    static Outcome.Failure exception(JShell shell, JShellException ex) {
        if (ex instanceof UnresolvedReferenceException ure) {
            DeclarationSnippet s = ure.getSnippet();
            String deps = shell.unresolvedDependencies(s).collect(Collectors.joining(", "));
            String evalue = "attempted to use " + describe(s) + ", which cannot be used until " + deps + " is declared";
            List<String> tb = new ArrayList<>();
            tb.add(UNRESOLVED_REFERENCE + ": " + evalue);
            frames(tb, ure.getStackTrace());
            return new Outcome.Failure(UNRESOLVED_REFERENCE, evalue, tb);
        }
        String ename = ex instanceof EvalException ee ? userClassName(ee.getExceptionClassName()) : ex.getClass().getName();
        String evalue = ex.getMessage() == null ? "" : userText(ex.getMessage());
        List<String> tb = new ArrayList<>();
        tb.add(evalue.isEmpty() ? ename : ename + ": " + evalue);
        frames(tb, ex.getStackTrace());
        Throwable c = ex.getCause();
        for (int depth = 0; c != null && depth < MAX_CAUSES; depth++, c = c.getCause()) {
            String cn = c instanceof EvalException ce ? userClassName(ce.getExceptionClassName()) : c.getClass().getName();
            tb.add("Caused by: " + cn + (c.getMessage() == null ? "" : ": " + userText(c.getMessage())));
            frames(tb, c.getStackTrace());
        }
        return new Outcome.Failure(ename, evalue, tb);
    }

    /** Stack lines a user reads: snippet frames as jshell shows them ("at f (#3:2)"). */
    static void frames(List<String> tb, StackTraceElement[] stack) {
        int last = -1;
        for (int i = 0; i < stack.length; i++) {
            if (isSnippetFrame(stack[i])) {
                last = i;
            }
        }
        int end = last >= 0 ? last + 1 : stack.length;
        for (int i = 0; i < end; i++) {
            StackTraceElement e = stack[i];
            String cn = e.getClassName();
            if (cn.startsWith("org.jparallel.") || cn.startsWith("jdk.jshell.") || cn.startsWith("REPL.$Cancel$")) {
                continue;
            }
            if (isSnippetFrame(e)) {
                String name = cn.isEmpty() ? e.getMethodName() : cn + "." + e.getMethodName();
                if (name.endsWith(".")) {
                    name = name.substring(0, name.length() - 1);
                }
                tb.add("    at " + (name.isEmpty() ? "" : name + " ") + "(" + e.getFileName() + ":" + e.getLineNumber() + ")");
            } else {
                tb.add("    at " + e);
            }
        }
    }

    private static boolean isSnippetFrame(StackTraceElement e) {
        return e.getFileName() != null && e.getFileName().startsWith("#");
    }

    private static final java.util.regex.Pattern WRAPPER = java.util.regex.Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]*[.$]");

    /** A message without JShell's wrapper names: "REPL.$JShell$15.o" reads "o", "REPL.$JShell$3$Foo" reads "Foo". */
    static String userText(String message) {
        return WRAPPER.matcher(message).replaceAll("");
    }

    /** "REPL.$JShell$12$MyError" (a class the user declared in a snippet) reads "MyError". */
    static String userClassName(String binaryName) {
        if (binaryName != null && binaryName.startsWith("REPL.$JShell$")) {
            int d = binaryName.indexOf('$', "REPL.$JShell$".length());
            if (d > 0) {
                return binaryName.substring(d + 1).replace('$', '.');
            }
        }
        return binaryName;
    }

    static String describe(DeclarationSnippet s) {
        if (s instanceof MethodSnippet m) {
            return "method " + m.name() + "(" + m.parameterTypes() + ")";
        }
        if (s instanceof VarSnippet) {
            return "variable " + s.name();
        }
        if (s instanceof TypeDeclSnippet) {
            return switch (s.subKind()) {
                case INTERFACE_SUBKIND -> "interface " + s.name();
                case ENUM_SUBKIND -> "enum " + s.name();
                case ANNOTATION_TYPE_SUBKIND -> "annotation interface " + s.name();
                case RECORD_SUBKIND -> "record " + s.name();
                default -> "class " + s.name();
            };
        }
        return s.name();
    }

    /** "line N: message", the message's further lines, the source line, a caret under pos. */
    private static void at(List<String> tb, String cell, int pos, List<String> msg) {
        if (pos < 0) {
            tb.add(msg.get(0));
            msg.subList(1, msg.size()).forEach(l -> tb.add("  " + l));
            return;
        }
        int lineStart = cell.lastIndexOf('\n', pos - 1) + 1;
        if (pos == cell.length() && pos > 0 && cell.charAt(pos - 1) == '\n') {
            lineStart = cell.lastIndexOf('\n', pos - 2) + 1; // an end-of-cell position belongs to the last line
            pos = pos - 1;
        }
        int lineEnd = cell.indexOf('\n', lineStart);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        int lineNo = 1;
        for (int i = 0; i < lineStart; i++) {
            if (cell.charAt(i) == '\n') {
                lineNo++;
            }
        }
        tb.add("line " + lineNo + ": " + msg.get(0));
        msg.subList(1, msg.size()).forEach(l -> tb.add("  " + l));
        String line = cell.substring(lineStart, lineEnd).replace("\r", "");
        StringBuilder caret = new StringBuilder("    ");
        for (int i = lineStart; i < Math.min(pos, lineEnd); i++) {
            caret.append(cell.charAt(i) == '\t' ? '\t' : ' ');
        }
        tb.add("    " + line);
        tb.add(caret.append('^').toString());
    }

    /** javac's message lines, without the "location: class" line that names JShell's wrapper. */
    private static List<String> messageLines(String message) {
        List<String> out = new ArrayList<>();
        for (String l : message.split("\\R")) {
            String t = l.strip();
            if (t.isEmpty() || t.equals("location: class") || t.startsWith("location: class $JShell$")) {
                continue;
            }
            out.add(out.isEmpty() ? t : l.stripTrailing().replaceFirst("^ {0,2}", ""));
        }
        if (out.isEmpty()) {
            out.add(message.strip());
        }
        return out;
    }

    private static String oneLine(List<String> msg) {
        String first = msg.get(0);
        for (String l : msg.subList(1, msg.size())) {
            String t = l.strip();
            if (t.startsWith("symbol:")) {
                return first + ": " + t.substring("symbol:".length()).strip();
            }
        }
        return first;
    }

    private static String simpleName(String dependency) {
        String s = dependency.strip();
        int sp = s.lastIndexOf(' ');
        s = sp >= 0 ? s.substring(sp + 1) : s;
        int p = s.indexOf('(');
        return p >= 0 ? s.substring(0, p) : s;
    }

    /** First use of identifier {@code name} in {@code src}, skipping the declared name itself. */
    private static int findUse(String src, String name, String declared) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?<![\\p{javaJavaIdentifierPart}])" + java.util.regex.Pattern.quote(name) + "(?![\\p{javaJavaIdentifierPart}])")
                .matcher(src);
        boolean skipFirst = name.equals(declared);
        while (m.find()) {
            if (skipFirst) {
                skipFirst = false;
                continue;
            }
            return m.start();
        }
        return -1;
    }

    private static int lastNonBlank(String cell) {
        int i = cell.length() - 1;
        while (i > 0 && Character.isWhitespace(cell.charAt(i))) {
            i--;
        }
        return Math.max(i, 0);
    }
}
