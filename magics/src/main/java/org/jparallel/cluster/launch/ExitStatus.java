package org.jparallel.cluster.launch;

import java.util.Map;

/** Words for a process's exit status. */
public final class ExitStatus {
    private static final Map<Integer, String> SIGNALS = Map.ofEntries(
            Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"), Map.entry(3, "SIGQUIT"), Map.entry(4, "SIGILL"),
            Map.entry(6, "SIGABRT"), Map.entry(7, "SIGBUS"), Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"),
            Map.entry(11, "SIGSEGV"), Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"));

    private ExitStatus() {
    }

    /** "exited with status 3" or "was killed by signal 9 (SIGKILL)" (Java reports a signal as 128 + n). */
    public static String describe(int code) {
        if (code > 128 && code < 160) {
            return "was killed by " + signal(code - 128);
        }
        return "exited with status " + code;
    }

    /** "signal 9 (SIGKILL)". */
    public static String signal(int n) {
        String name = SIGNALS.get(n);
        return "signal " + n + (name == null ? "" : " (" + name + ")");
    }
}
