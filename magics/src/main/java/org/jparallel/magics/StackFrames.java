package org.jparallel.magics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An engine's stack as users want to read it: their code and the library calls, not our machinery. */
final class StackFrames {
    private static final Pattern FRAME = Pattern.compile("\\s*at\\s+(.*)");
    private static final Pattern NOTEBOOK = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]?(\\$[\\w$]+)?\\.([\\w$<>]+)\\(.*\\)");
    private static final List<String> HIDDEN = List.of("org.jparallel.", "jdk.jshell.", "jdk.internal.reflect.",
            "java.lang.reflect.", "java.lang.invoke.", "java.lang.Thread.run", "java.util.concurrent.ThreadPoolExecutor");
    private static final int MAX = 30;

    private StackFrames() {
    }

    /** The frames worth showing, each "    at ...", innermost first, at most 30. */
    static List<String> readable(List<String> frames) {
        List<String> out = new ArrayList<>();
        for (String f : frames) {
            Matcher m = FRAME.matcher(f);
            String frame = m.matches() ? m.group(1).strip() : f.strip();
            if (HIDDEN.stream().anyMatch(frame::startsWith)) {
                continue;
            }
            Matcher n = NOTEBOOK.matcher(frame);
            if (n.matches()) {
                String cls = n.group(1) == null ? "" : n.group(1).substring(1).replace('$', '.') + ".";
                String method = n.group(2).equals("do_it$") ? "the cell's code" : cls + n.group(2);
                frame = method + " (notebook)";
            }
            if (out.size() == MAX) {
                out.add("    ...");
                break;
            }
            out.add("    at " + frame);
        }
        return out;
    }
}
