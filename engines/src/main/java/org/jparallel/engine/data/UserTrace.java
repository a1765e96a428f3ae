package org.jparallel.engine.data;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** A throwable from shipped user code as lines: "Class: message", then user frames, then causes. */
final class UserTrace {
    private static final List<String> HIDDEN = List.of("org.jparallel.", "jdk.jshell.", "jdk.internal.reflect.",
            "java.lang.reflect.", "java.lang.invoke.", "java.lang.Thread.run");
    private static final int MAX_CAUSES = 10;

    private UserTrace() {
    }

    static List<String> lines(Throwable t) {
        List<String> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        boolean first = true;
        for (Throwable c = t; c != null && !seen.containsKey(c) && seen.size() < MAX_CAUSES; c = c.getCause()) {
            seen.put(c, true);
            out.add((first ? "" : "Caused by: ") + NotebookNames.clean(c.toString()));
            first = false;
            for (StackTraceElement e : c.getStackTrace()) {
                String frame = e.getClassName() + "." + e.getMethodName();
                if (HIDDEN.stream().anyMatch(frame::startsWith)) {
                    continue;
                }
                // JShell's wrapper of the bridging snippet: the user's code ends below it.
                if (e.getClassName().startsWith(ShippedClassLoader.NOTEBOOK_PACKAGE) && e.getMethodName().equals("do_it$")
                        && !ShippedClassLoader.NAME.equals(e.getClassLoaderName())) {
                    continue;
                }
                out.add("    at " + readable(e));
            }
        }
        return out;
    }

    private static String readable(StackTraceElement e) {
        String cls = e.getClassName();
        if (!NotebookNames.isNotebookClass(cls)) {
            return e.toString();
        }
        String owner = NotebookNames.simple(cls);
        String method = e.getMethodName();
        if (method.startsWith("lambda$")) {
            method = "lambda";
        }
        return (owner.isEmpty() ? "" : owner + ".") + method + " (notebook)";
    }
}
