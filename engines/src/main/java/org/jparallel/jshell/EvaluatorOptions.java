package org.jparallel.jshell;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * How to build an {@link Evaluator}.
 *
 * @param classPath   entries snippets compile and run against; classes already visible to
 *                    this JVM's loader are shared with it, not loaded twice
 * @param imports     imports run first: "java.util.*" or "import static a.B.*;" forms
 * @param startup     snippets run after the imports when the evaluator is built
 * @param flushMillis how long output may wait in a batch before it is delivered
 * @param batchBytes  how much output (in chars) a batch holds before writers wait for delivery
 * @param completionIndex when JShell's completion index is built (see {@link CompletionIndex})
 */
public record EvaluatorOptions(List<String> classPath, List<String> imports, List<String> startup,
                               int flushMillis, int batchBytes, CompletionIndex completionIndex) {

    /**
     * JShell indexes every class of the JDK's modules and of the class path on a thread of its
     * own, for completion (package names, fixing imports): about 0.4 s of CPU and 16 MB of heap.
     * Completion and inspection work without it, minus what only the index knows.
     */
    public enum CompletionIndex {
        /** as JShell starts (JShell's own behaviour) */
        AT_START,
        /**
         * once the evaluator has been idle for a second, or at the first completion or
         * inspection: not while JShell starts and the first cells compile (the kernel)
         */
        WHEN_IDLE,
        /** never: nobody asks this evaluator for completions (engines) */
        NONE
    }

    /** The imports jshell itself starts with. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*",
            "java.util.regex.*", "java.util.stream.*");

    public EvaluatorOptions {
        classPath = List.copyOf(classPath);
        imports = List.copyOf(imports);
        startup = List.copyOf(startup);
        if (flushMillis < 1) {
            throw new IllegalArgumentException("flushMillis must be at least 1, not " + flushMillis);
        }
        if (batchBytes < 1024) {
            throw new IllegalArgumentException("batchBytes must be at least 1024, not " + batchBytes);
        }
    }

    /** This JVM's class path, jshell's default imports, no startup, flush every 20 ms or 64 KiB, the completion index at start. */
    public static EvaluatorOptions defaults() {
        return new EvaluatorOptions(hostClassPath(), DEFAULT_IMPORTS, List.of(), 20, 65536, CompletionIndex.AT_START);
    }

    /** The entries of java.class.path. */
    public static List<String> hostClassPath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                cp.add(e);
            }
        }
        return cp;
    }

    public EvaluatorOptions withClassPath(List<String> cp) {
        return new EvaluatorOptions(cp, imports, startup, flushMillis, batchBytes, completionIndex);
    }

    public EvaluatorOptions withImports(List<String> list) {
        return new EvaluatorOptions(classPath, list, startup, flushMillis, batchBytes, completionIndex);
    }

    public EvaluatorOptions withStartup(List<String> list) {
        return new EvaluatorOptions(classPath, imports, list, flushMillis, batchBytes, completionIndex);
    }

    public EvaluatorOptions withFlushMillis(int millis) {
        return new EvaluatorOptions(classPath, imports, startup, millis, batchBytes, completionIndex);
    }

    public EvaluatorOptions withBatchBytes(int bytes) {
        return new EvaluatorOptions(classPath, imports, startup, flushMillis, bytes, completionIndex);
    }

    public EvaluatorOptions withCompletionIndex(CompletionIndex when) {
        return new EvaluatorOptions(classPath, imports, startup, flushMillis, batchBytes, java.util.Objects.requireNonNull(when));
    }
}
