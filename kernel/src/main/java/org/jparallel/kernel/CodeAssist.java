package org.jparallel.kernel;

import com.google.gson.JsonObject;
import org.jparallel.jshell.Completion;
import org.jparallel.jshell.Evaluator;
import org.jparallel.magics.MagicHandler;
import org.jparallel.jshell.IsComplete;
import org.jparallel.kernel.core.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * complete_request, inspect_request and is_complete_request over cells that mix Java and magics:
 * the Java region around the cursor goes to the Evaluator; magic names complete themselves.
 * Cursor positions are in Unicode code points, as the protocol counts them.
 */
final class CodeAssist {

    /** A Java region of a cell: its text and where it starts in the cell, in chars. */
    private record Region(String code, int startChar) {
    }

    private final Evaluator evaluator;
    private final MagicRegistry magics;

    CodeAssist(Evaluator evaluator, MagicRegistry magics) {
        this.evaluator = evaluator;
        this.magics = magics;
    }

    JsonObject complete(String code, int cursorPos) {
        int cursor = charOffset(code, cursorPos);
        String magicPrefix = magicNameBeforeCursor(code, cursor);
        if (magicPrefix != null) {
            boolean cell = magicPrefix.startsWith("%%");
            String typed = magicPrefix.substring(cell ? 2 : 1);
            List<String> matches = new ArrayList<>();
            for (String n : cell ? magics.cellNames() : magics.lineNames()) {
                if (n.startsWith(typed)) {
                    matches.add((cell ? "%%" : "%") + n);
                }
            }
            int start = cursor - magicPrefix.length();
            return completeReply(matches, code.codePointCount(0, start), cursorPos);
        }
        JsonObject arguments = magicArguments(code, cursor);
        if (arguments != null) {
            return arguments;
        }
        Region r = region(code, cursor);
        if (r == null) {
            return completeReply(List.of(), cursorPos, cursorPos);
        }
        int rel = r.code().codePointCount(0, cursor - r.startChar());
        Completion c = evaluator.complete(r.code(), rel);
        int base = code.codePointCount(0, r.startChar());
        return completeReply(c.matches(), base + c.cursorStart(), base + c.cursorEnd());
    }

    private static JsonObject completeReply(List<String> matches, int start, int end) {
        return Json.obj("status", "ok", "matches", Json.strings(matches), "cursor_start", start,
                "cursor_end", end, "metadata", new JsonObject());
    }

    JsonObject inspect(String code, int cursorPos, int detailLevel) {
        int cursor = charOffset(code, cursorPos);
        Region r = region(code, cursor);
        Optional<String> doc = Optional.empty();
        if (r != null) {
            doc = evaluator.inspect(r.code(), r.code().codePointCount(0, cursor - r.startChar()), detailLevel);
        }
        JsonObject data = new JsonObject();
        doc.ifPresent(d -> data.addProperty("text/plain", d));
        return Json.obj("status", "ok", "found", doc.isPresent(), "data", data, "metadata", new JsonObject());
    }

    JsonObject isComplete(String code) {
        if (CellParser.cellMagic(code) != null) {
            // A cell magic's body has no grammar we know: a blank last line ends it, as in IPython.
            int lastNewline = code.lastIndexOf('\n');
            boolean ended = lastNewline >= 0 && code.substring(lastNewline).isBlank();
            return ended ? Json.obj("status", "complete") : Json.obj("status", "incomplete", "indent", "");
        }
        List<CellParser.Part> parts = CellParser.parts(code);
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof CellParser.JavaChunk chunk)) {
                continue;
            }
            IsComplete r = evaluator.isComplete(chunk.code());
            boolean last = i == parts.size() - 1;
            if (last) {
                return r.status().equals("incomplete")
                        ? Json.obj("status", "incomplete", "indent", r.indent() == null ? "" : r.indent())
                        : Json.obj("status", r.status());
            }
            if (!r.status().equals("complete")) {
                // Java left unfinished before a magic line can never be completed by typing more.
                return Json.obj("status", "invalid");
            }
        }
        return Json.obj("status", "complete");
    }

    /**
     * Completion of a magic line's arguments ("%px --ta", "%cluster st"): the cursor is on a line
     * "%name ..." (or the first line "%%name ..."), after the name. Null when it is not.
     */
    private JsonObject magicArguments(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String before = code.substring(lineStart, cursor);
        String lead = before.stripLeading();
        boolean cell = lead.startsWith("%%");
        if (!lead.startsWith("%") || (cell && !code.substring(0, lineStart).isBlank())) {
            return null;
        }
        int nameStart = cell ? 2 : 1;
        int nameEnd = nameStart;
        while (nameEnd < lead.length() && (Character.isLetterOrDigit(lead.charAt(nameEnd)) || lead.charAt(nameEnd) == '_')) {
            nameEnd++;
        }
        if (nameEnd == nameStart || nameEnd >= lead.length() || !Character.isWhitespace(lead.charAt(nameEnd))) {
            return null;
        }
        String name = lead.substring(nameStart, nameEnd);
        MagicHandler h = cell ? magics.forCell(name) : magics.forLine(name);
        if (h == null) {
            return null;
        }
        String args = lead.substring(nameEnd);
        int wordStart = args.length();
        while (wordStart > 0 && !Character.isWhitespace(args.charAt(wordStart - 1))) {
            wordStart--;
        }
        String typed = args.substring(wordStart);
        List<String> wordsBefore = org.jparallel.support.ShellWords.split(args.substring(0, wordStart));
        if (name.equals("px") && !cell && wordsBefore.stream().anyMatch(w -> !w.startsWith("-"))) {
            return null; // %px: after the options comes Java
        }
        List<String> matches = new ArrayList<>();
        for (String w : h.argumentWords(name, cell, wordsBefore)) {
            if (w.startsWith(typed)) {
                matches.add(w);
            }
        }
        if (matches.isEmpty() && !typed.startsWith("-") && !name.equals("cluster")) {
            return null;
        }
        return completeReply(matches, code.codePointCount(0, cursor - typed.length()), code.codePointCount(0, cursor));
    }

    /** The "%name" or "%%name" being typed when the cursor ends one at the start of a line, else null. */
    private static String magicNameBeforeCursor(String code, int cursor) {
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        String before = code.substring(lineStart, cursor).stripLeading();
        if (!before.startsWith("%")) {
            return null;
        }
        int i = before.startsWith("%%") ? 2 : 1;
        for (int j = i; j < before.length(); j++) {
            char c = before.charAt(j);
            if (!Character.isLetterOrDigit(c) && c != '_') {
                return null;
            }
        }
        if (before.startsWith("%%") && lineStart > 0 && !code.substring(0, lineStart).isBlank()) {
            return null;
        }
        return before;
    }

    /** The Java region holding the cursor: a %%magic's body, or the Java chunk the cursor is in. */
    private static Region region(String code, int cursor) {
        CellParser.CellMagic cm = CellParser.cellMagic(code);
        if (cm != null) {
            int bodyStart = code.length() - cm.body().length();
            return cursor >= bodyStart ? new Region(cm.body(), bodyStart) : null;
        }
        int cursorLine = lineOf(code, cursor);
        int[] lineStarts = lineStarts(code);
        for (CellParser.Part p : CellParser.parts(code)) {
            if (p instanceof CellParser.JavaChunk chunk) {
                int lines = (int) chunk.code().chars().filter(ch -> ch == '\n').count() + 1;
                if (cursorLine >= chunk.firstLine() && cursorLine < chunk.firstLine() + lines) {
                    return new Region(chunk.code(), lineStarts[chunk.firstLine()]);
                }
            }
        }
        return null;
    }

    private static int lineOf(String code, int charOffset) {
        int line = 0;
        for (int i = 0; i < charOffset && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int[] lineStarts(String code) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The char offset of a code point offset, clamped to the text. */
    static int charOffset(String code, int codePoints) {
        int total = code.codePointCount(0, code.length());
        int cp = Math.max(0, Math.min(codePoints, total));
        return code.offsetByCodePoints(0, cp);
    }
}
