package org.jparallel.jshell;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;
import org.jparallel.protocol.Outcome;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs Java cells with JShell in this JVM, shared by the kernel and the engines.
 *
 * <p>A cell is any number of snippets (declarations, statements, expressions), run in order up
 * to the first error; the last snippet's value, if it is an expression not ended by ';', is the
 * result. Snippets compile and run against this JVM's class path (plus the options' entries) and
 * share its classes. System.out/err of every thread go to the running cell's sink in ordered
 * batches; System.in asks the cell's {@link StdinSource}.
 *
 * <p>A cell ends when its snippets' own threads end; it never waits for threads it starts (see
 * {@link SnippetLauncher}). Threads a cell leaves running write to the idle sink
 * ({@link #setIdleSink}); an interrupt stops the threads the running cell started. System.exit
 * in a cell exits this JVM (JShell runs in-process).
 * One cell runs at a time per evaluator; completion and inspection while a cell runs return
 * nothing (JShell is not thread-safe).
 */
public final class Evaluator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Evaluator.class.getName());
    private static final long ANALYSIS_WAIT_MILLIS = 200;
    /** Rounds of warm-up snippets (system property jparallel.warmup.rounds): more rounds let the JIT compile more of javac. */
    private static final int WARM_UP_ROUNDS = 1;
    /** How long an evaluator with CompletionIndex.WHEN_IDLE must be unused before its index is built. */
    private static final long INDEX_IDLE_MILLIS = 1000;

    private final EvaluatorOptions options;
    private final StdStreams streams;
    private final SnippetExecutionControl control;
    private final JShell shell;
    private final OutputBuffer output;
    private final CodeAnalysis analysis;
    /** The notebook's libraries, in the order added (absolute paths); first on the compiler's class path. */
    private final List<String> libraries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile LibraryFirstFileManager files;
    /** When a cell, the warm-up, a completion or an inspection last ended (System.nanoTime). */
    private volatile long lastUse = System.nanoTime();
    private final AtomicInteger userIds = new AtomicInteger();
    private final AtomicInteger internalIds = new AtomicInteger();
    private final AtomicInteger tempNames = new AtomicInteger();
    private volatile boolean internal = true;
    private volatile boolean running;
    private volatile StdinSource stdin;
    private volatile OutputSink idleSink;
    private int snippetCount;
    private boolean warm;
    private volatile boolean closed;

    /** Builds JShell with local execution, runs the options' imports and startup snippets. */
    public Evaluator(EvaluatorOptions options) {
        this.options = options;
        this.streams = StdStreams.install();
        this.idleSink = streams.originalSink();
        this.output = new OutputBuffer(options.flushMillis(), options.batchBytes(), idleSink, "jshell-output");
        ClassLoader parent = Evaluator.class.getClassLoader();
        SnippetLoaderDelegate delegate = new SnippetLoaderDelegate(parent);
        this.control = new SnippetExecutionControl(delegate);
        this.shell = JShell.builder()
                .executionEngine(new SnippetExecutionProvider(control), Map.of())
                .in(InputStream.nullInputStream())
                .out(streams.originalErr())
                .err(streams.originalErr())
                .idGenerator((snippet, n) -> internal ? "s" + internalIds.incrementAndGet() : Integer.toString(userIds.incrementAndGet()))
                // JShell cannot reuse a dropped temporary's name: warm-up ones get their own
                .tempVariableNameGenerator(() -> internal ? "jp$t" + internalIds.incrementAndGet() : "$" + tempNames.incrementAndGet())
                .fileManager(standard -> files = new LibraryFirstFileManager(standard, () -> libraries, options.completionIndex()))
                .build();
        // The whole class path in one call, before JShell's source analysis exists: each call
        // resets javac's class path, and once the analysis exists each call also starts its
        // background indexer, which reads that class path while the next call rewrites it (javac's
        // file manager is not thread-safe; a cell could then miss the last entry's packages).
        List<String> entries = new ArrayList<>();
        for (String entry : options.classPath()) {
            if (!entry.isBlank() && new File(entry).exists()) {
                entries.add(entry);
            }
        }
        if (!entries.isEmpty()) {
            shell.addToClasspath(String.join(File.pathSeparator, entries));
        }
        control.started();
        this.analysis = new CodeAnalysis(shell.sourceCodeAnalysis());
        for (String imp : options.imports()) {
            String src = importStatement(imp);
            for (SnippetEvent e : shell.eval(src)) {
                if (e.status() == Snippet.Status.REJECTED) {
                    String why = shell.diagnostics(e.snippet()).map(d -> d.getMessage(java.util.Locale.ROOT))
                            .findFirst().orElse("rejected");
                    close();
                    throw new IllegalArgumentException("The import '" + imp + "' failed: " + why);
                }
            }
        }
        for (String code : options.startup()) {
            Outcome r = runCell(code, idleSink, true);
            if (r.status() != Outcome.Status.OK) {
                close();
                throw new IllegalArgumentException("A startup snippet failed: " + r.failure().evalue()
                        + "\n" + String.join("\n", r.failure().traceback()));
            }
        }
        internal = false;
        lastUse = System.nanoTime();
        if (options.completionIndex() == EvaluatorOptions.CompletionIndex.WHEN_IDLE) {
            releaseIndexWhenIdle();
        }
    }

    private static String importStatement(String imp) {
        String s = imp.strip();
        if (!s.startsWith("import ")) {
            s = "import " + s;
        }
        return s.endsWith(";") ? s : s + ";";
    }

    /** How many of JShell's completion index's requests for paths were served, and how many refused. */
    int[] completionIndexRequests() {
        return files == null ? new int[2] : files.indexRequests();
    }

    /** Whether JShell's completion index may be built now (see {@link EvaluatorOptions.CompletionIndex}). */
    boolean completionIndexReleased() {
        return files == null || files.indexReleased();
    }

    private void releaseCompletionIndex() {
        LibraryFirstFileManager f = files;
        if (f != null) {
            f.releaseIndex();
        }
    }

    /** WHEN_IDLE: releases the completion index once nothing has used this evaluator for {@link #INDEX_IDLE_MILLIS}. */
    private void releaseIndexWhenIdle() {
        org.jparallel.support.Threads.startDaemon("jshell-index-when-idle", () -> {
            try {
                while (!closed && !completionIndexReleased()) {
                    long idle = System.nanoTime() - lastUse;
                    if (!lock.isLocked() && idle >= TimeUnit.MILLISECONDS.toNanos(INDEX_IDLE_MILLIS)) {
                        break;
                    }
                    Thread.sleep(Math.max(50, INDEX_IDLE_MILLIS - TimeUnit.NANOSECONDS.toMillis(idle)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            releaseCompletionIndex();
        });
    }

    /** Runs trivial snippets (declaration, expression, method, lambda, output) and forgets them. */
    public void warmUp() {
        warmUp(() -> false);
    }

    /**
     * {@link #warmUp()}, cut short as soon as a cell, a completion or an inspection waits for this
     * evaluator or {@code yieldWhen} says other work waits: the warm-up takes about as long as
     * building JShell, and a first cell that waits for all of it waits far longer than the warm-up
     * would have saved it (measured on 2 cores: 0.45 s of warm-up, 0.05 s saved on the first cell).
     */
    public void warmUp(java.util.function.BooleanSupplier yieldWhen) {
        lock.lock();
        try {
            if (warm || closed) {
                return;
            }
            internal = true;
            List<Snippet> made = new ArrayList<>();
            String[] code = {"int jp$w = 1;", "jp$w + 1", "int jp$f(int a) { return a * 2; }", "jp$f(jp$w)",
                "String jp$s = \"w\"; jp$s.length()", "Runnable jp$r = () -> {}; jp$r.run();",
                "for (int jp$i = 0; jp$i < 2; jp$i++) { System.out.print(\"\"); }", "jp$w"};
            int rounds = Integer.getInteger("jparallel.warmup.rounds", WARM_UP_ROUNDS);
            boolean cut = false;
            warming:
            for (int round = 0; round < rounds; round++) {
                for (String c : code) {
                    if (lock.hasQueuedThreads() || yieldWhen.getAsBoolean()) {
                        cut = true;
                        break warming;
                    }
                    for (CellSplitter.Piece p : CellSplitter.split(shell.sourceCodeAnalysis(), c).pieces()) {
                        for (SnippetEvent e : shell.eval(p.source())) {
                            made.add(e.snippet());
                        }
                    }
                }
            }
            if (cut) {
                LOG.fine("JShell's warm-up gave way to a waiting request");
            } else if (options.completionIndex() != EvaluatorOptions.CompletionIndex.NONE) {
                analysis.warmUp();
            }
            for (Snippet s : made) {
                if (shell.status(s).isActive()) {
                    shell.drop(s);
                }
            }
            warm = true;
        } finally {
            internal = false;
            unlock();
        }
    }

    /** Runs a cell; blocks until it ends and all its output has reached {@code sink}. */
    public Outcome eval(String cell, OutputSink sink) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("This evaluator is closed.");
            }
            return runCell(cell, sink, false);
        } finally {
            unlock();
        }
    }

    private Outcome runCell(String cell, OutputSink sink, boolean startup) {
        control.beginCell();
        running = true;
        output.switchSink(sink);
        streams.beginCell(output, stdin);
        try {
            return new CellRun(this, cell, startup).run();
        } finally {
            streams.endCell(output);
            output.switchSink(idleSink);
            running = false;
        }
    }

    JShell shell() {
        return shell;
    }

    SnippetExecutionControl control() {
        return control;
    }

    void countSnippet() {
        snippetCount++;
    }

    /** The value object of a VALID expression snippet's result, for rich display. */
    Object valueOf(SnippetEvent e) {
        String name = null;
        if (e.snippet() instanceof VarSnippet v) {
            name = v.name();
        } else if (e.snippet() instanceof ExpressionSnippet x) {
            name = x.name();
        }
        if (name == null) {
            return null;
        }
        try {
            return control.variableValue(name);
        } catch (ReflectiveOperationException | RuntimeException ex) {
            LOG.log(Level.FINE, "no value object for " + name, ex);
            return null;
        }
    }

    /** Stops the running cell, even {@code while (true) {}}; no effect when none runs. */
    public void interrupt() {
        if (running) {
            control.requestStop();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Stack of the thread running the cell's snippet now, innermost first, down to the snippet's
     * own frames (classes "REPL.$JShell$N"; JShell's and our frames below them left out), or empty.
     */
    public StackTraceElement[] runningStack() {
        Thread t = running ? control.snippetThread() : null;
        if (t == null) {
            return new StackTraceElement[0];
        }
        StackTraceElement[] stack = t.getStackTrace();
        int end = stack.length;
        for (int i = stack.length - 1; i >= 0; i--) {
            if (stack[i].getClassName().startsWith("REPL.$JShell$")) {
                end = i + 1;
                break;
            }
        }
        return java.util.Arrays.copyOf(stack, end);
    }

    /** Delivers buffered output to the current sink now. */
    public void flushOutput() {
        output.flush();
    }

    /** Where System.in reads of later cells come from; null: reads fail with a clear IOException. */
    public void setStdin(StdinSource source) {
        this.stdin = source;
    }

    /** Where output written between cells (by threads a cell left running) goes; null: the JVM's original streams. */
    public void setIdleSink(OutputSink sink) {
        this.idleSink = sink == null ? streams.originalSink() : sink;
        if (!running) {
            output.switchSink(idleSink);
        }
    }

    private void unlock() {
        lastUse = System.nanoTime();
        lock.unlock();
    }

    /** Completion candidates at {@code cursor}; positions in code points. */
    public Completion complete(String code, int cursor) {
        releaseCompletionIndex(); // somebody completes: build the index now (this answer goes without it)
        if (!tryLock()) {
            return new Completion(List.of(), cursor, cursor);
        }
        try {
            return analysis.complete(code, cursor);
        } finally {
            unlock();
        }
    }

    /** Signature and javadoc (when the JDK has its sources) of what is at {@code cursor}, plain text. */
    public Optional<String> inspect(String code, int cursor, int detailLevel) {
        releaseCompletionIndex();
        if (!tryLock()) {
            return Optional.empty();
        }
        try {
            return analysis.inspect(code, cursor, detailLevel);
        } finally {
            unlock();
        }
    }

    /** Whether {@code code} is ready to run: complete, incomplete (with indent), invalid or unknown. */
    public IsComplete isComplete(String code) {
        if (!tryLock()) {
            return CodeAnalysis.bracketsOnly(code);
        }
        try {
            return analysis.isComplete(code);
        } finally {
            unlock();
        }
    }

    private boolean tryLock() {
        try {
            return !closed && lock.tryLock(ANALYSIS_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Adds jars or class directories to the class path of later cells, ahead of this JVM's own
     * libraries (at compile time and at run time): a notebook's Gson is the notebook's version even
     * though the kernel runs on another. Entries already added are skipped; returns the new ones.
     * Classes loaded before stay as they are (a JVM cannot swap a loaded class).
     */
    public List<Path> addLibraries(List<Path> entries) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("This evaluator is closed.");
            }
            List<Path> added = new ArrayList<>();
            for (Path p : entries) {
                Path abs = p.toAbsolutePath().normalize();
                if (!java.nio.file.Files.exists(abs)) {
                    throw new IllegalArgumentException("there is no file " + abs + " to add to the class path");
                }
                if (!libraries.contains(abs.toString()) && !added.contains(abs)) {
                    added.add(abs);
                }
            }
            if (added.isEmpty()) {
                return List.of();
            }
            List<String> names = added.stream().map(Path::toString).toList();
            libraries.addAll(names);
            shell.addToClasspath(String.join(File.pathSeparator, names));
            return List.copyOf(added);
        } finally {
            unlock();
        }
    }

    /** The libraries added with {@link #addLibraries}, in order. */
    public List<Path> libraries() {
        return libraries.stream().map(Path::of).toList();
    }

    /** Binary name to latest bytecode of every snippet class JShell loaded (for shipping lambdas). */
    public Map<String, byte[]> snippetClasses() {
        return control.snippetClasses();
    }

    /** The loader snippet classes live in. */
    public ClassLoader snippetClassLoader() {
        return control.loader();
    }

    /** How many snippets user cells have evaluated (imports, startup and warm-up not counted). */
    public int snippetCount() {
        lock.lock();
        try {
            return snippetCount;
        } finally {
            unlock();
        }
    }

    EvaluatorOptions options() {
        return options;
    }

    /** Stops a running cell, closes JShell and stops routing output to this evaluator. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        interrupt();
        lock.lock();
        try {
            closed = true;
            streams.detach(output);
            try {
                shell.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing JShell", e);
            }
            control.close();
            output.close();
        } finally {
            LibraryFirstFileManager f = files;
            if (f != null) {
                f.discardIndex(); // JShell's index thread is shared by the JVM: never leave it waiting
            }
            unlock();
        }
    }
}
