package org.jparallel.notebook;

/** ipyparallel's output conventions: {@code [stdout:0] }, {@code Out[0:3]: }, {@code [1:execute] }. */
public final class PxFormat {
    private PxFormat() {
    }

    /** The prefix of a stream line: "[stdout:2] ". */
    public static String streamPrefix(String stream, int engine) {
        return "[" + stream + ":" + engine + "] ";
    }

    /** The text with the prefix at the start of every line; atLineStart says whether the text starts a line. */
    public static String prefixLines(String prefix, String text, boolean atLineStart) {
        StringBuilder sb = new StringBuilder(text.length() + prefix.length() * 4);
        boolean start = atLineStart;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (start) {
                sb.append(prefix);
                start = false;
            }
            sb.append(c);
            if (c == '\n') {
                start = true;
            }
        }
        return sb.toString();
    }

    /** An engine's value: "Out[0:3]: 42"; a value of several lines starts on the next line. */
    public static String result(int engine, int count, String text) {
        String prefix = "Out[" + engine + ":" + count + "]: ";
        return text.contains("\n") ? prefix + "\n" + text : prefix + text;
    }


    /** "1 of 4 engines failed", "2 of 2 engines failed". */
    public static String failedCount(int failed, int total) {
        return failed + " of " + total + (total == 1 ? " engine" : " engines") + " failed";
    }
}
