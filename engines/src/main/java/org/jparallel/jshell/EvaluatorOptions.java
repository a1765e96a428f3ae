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
 */
public record EvaluatorOptions(List<String> classPath, List<String> imports, List<String> startup,
                               int flushMillis, int batchBytes) {

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

    /** This JVM's class path, jshell's default imports, no startup, flush every 20 ms or 64 KiB. */
    public static EvaluatorOptions defaults() {
        return new EvaluatorOptions(hostClassPath(), DEFAULT_IMPORTS, List.of(), 20, 65536);
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
        return new EvaluatorOptions(cp, imports, startup, flushMillis, batchBytes);
    }

    public EvaluatorOptions withImports(List<String> list) {
        return new EvaluatorOptions(classPath, list, startup, flushMillis, batchBytes);
    }

    public EvaluatorOptions withStartup(List<String> list) {
        return new EvaluatorOptions(classPath, imports, list, flushMillis, batchBytes);
    }

    public EvaluatorOptions withFlushMillis(int millis) {
        return new EvaluatorOptions(classPath, imports, startup, millis, batchBytes);
    }

    public EvaluatorOptions withBatchBytes(int bytes) {
        return new EvaluatorOptions(classPath, imports, startup, flushMillis, bytes);
    }
}
