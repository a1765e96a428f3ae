package org.jparallel.engine.data;

import java.util.regex.Pattern;

/** Names of JShell's generated classes as users know them: {@code REPL.$JShell$12$Point} is {@code Point}. */
public final class NotebookNames {
    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]?\\$?");

    private NotebookNames() {
    }

    /** Whether a binary class name is one JShell generated. */
    public static boolean isNotebookClass(String binaryName) {
        return binaryName.startsWith(ShippedClassLoader.NOTEBOOK_PACKAGE);
    }

    /** The user's name for a notebook class ("" for a wrapper class itself); other names unchanged. */
    public static String simple(String binaryName) {
        if (!isNotebookClass(binaryName)) {
            return binaryName;
        }
        return WRAPPER.matcher(binaryName).replaceFirst("").replace('$', '.');
    }

    /** Every notebook class name inside a text (a message, a type) replaced by the user's name. */
    public static String clean(String text) {
        return text == null ? null : Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]?(\\$([A-Za-z_][\\w$]*))?")
                .matcher(text).replaceAll(m -> m.group(2) == null ? "" : m.group(2).replace('$', '.'));
    }
}
