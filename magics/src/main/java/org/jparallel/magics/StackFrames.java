package org.jparallel.magics;

import org.jparallel.cluster.ClusterLink;
import org.jparallel.cluster.EngineStack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    /** "app//mpi.Comm.recv(Native Method)" or "java.base@17/java.lang.Thread.run(...)" without the loader and module. */
    private static String withoutLoader(String frame) {
        String f = frame;
        for (int i = 0; i < 2; i++) {
            int slash = f.indexOf('/');
            int paren = f.indexOf('(');
            // A loader or module name has no '$' (a hidden class's "Foo$$Lambda$1/0x..." does).
            if (slash < 0 || (paren >= 0 && slash > paren) || f.substring(0, slash).contains("$")) {
                break;
            }
            f = f.substring(slash + 1);
        }
        return f;
    }

    /**
     * The frames of each engine's request thread, waiting at most the given time; engines that do
     * not answer in time (or answer with an error) are left out.
     */
    static Map<Integer, List<String>> requestFrames(ClusterLink link, List<Integer> engines, Duration wait) {
        Map<Integer, List<String>> out = new TreeMap<>();
        Map<Integer, CompletableFuture<Map<Integer, EngineStack>>> asked = new TreeMap<>();
        for (Integer id : engines) { // one request each: an engine that does not answer leaves out only itself
            asked.put(id, link.stacks(List.of(id), false));
        }
        long end = System.nanoTime() + wait.toNanos();
        for (var e : asked.entrySet()) {
            try {
                EngineStack s = e.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS).get(e.getKey());
                if (s != null && s.error().isEmpty()) {
                    out.put(e.getKey(), s.threads().isEmpty() ? List.of() : s.threads().get(0).frames());
                }
            } catch (TimeoutException | ExecutionException ex) {
                // no answer in time: left out
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    /** The frames worth showing, each "    at ...", innermost first, at most 30. */
    static List<String> readable(List<String> frames) {
        List<String> out = new ArrayList<>();
        for (String f : frames) {
            Matcher m = FRAME.matcher(f);
            String frame = withoutLoader(m.matches() ? m.group(1).strip() : f.strip());
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
        if (out.isEmpty() && !frames.isEmpty()) {
            // not in the cell's code (still compiling it, or between snippets): say so rather than show nothing
            Matcher m = FRAME.matcher(frames.get(0));
            out.add("    (not in the cell's code yet; the engine is at " + withoutLoader(m.matches() ? m.group(1).strip()
                    : frames.get(0).strip()) + ")");
        }
        return out;
    }
}
