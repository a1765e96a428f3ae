package org.jparallel.jshell;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import jdk.jshell.execution.LocalExecutionControl;
import org.jparallel.support.Threads;

/**
 * JShell's in-process execution, extended: it records the bytecode of every snippet class,
 * finds the value objects of variables, runs snippets under a thread group of ours (so the
 * threads of a running cell can be found), and repeats a stop request until the cell ends.
 *
 * <p>Stopping: on JDK 17 every thread the cell started gets Thread.stop, once; on JDK 21+
 * LocalExecutionControl's own stop sets a flag that the stop checks JShell weaves into snippet
 * bytecode (method entries, backward branches) read, and the cell's threads are interrupted
 * (sleep, wait). Code outside snippets (a library's busy loop) stops only on JDK 17.
 * After starting a snippet's thread, LocalExecutionControl joins the threads its group holds at
 * that moment; a thread the snippet started at once could be caught in that snapshot, and the
 * cell would then wait for it, maybe for ever. {@link SnippetLauncher} holds the snippet back
 * until the snapshot is taken: a cell waits for its snippets' own threads only. Threads a cell
 * starts keep running after it ends (their output then goes to the evaluator's idle sink).
 */
final class SnippetExecutionControl extends LocalExecutionControl {
    private static final Logger LOG = Logger.getLogger(SnippetExecutionControl.class.getName());
    private static final long RESTOP_MILLIS = 100;

    private final SnippetLoaderDelegate delegate;
    private final Map<String, byte[]> bytecode = new LinkedHashMap<>();
    private final ThreadGroup cellGroup;
    private final ExecutorService invoker;
    private volatile Thread invokerThread;
    private volatile boolean stopRequested;
    private volatile Set<Thread> beforeCell = Set.of();
    private final Map<Thread, Long> stoppedAt = new java.util.concurrent.ConcurrentHashMap<>();

    SnippetExecutionControl(SnippetLoaderDelegate delegate) {
        super(delegate);
        this.delegate = delegate;
        this.cellGroup = newCellGroup();
        this.invoker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(cellGroup, r, "jshell-cell");
            t.setDaemon(true); // threads a cell starts inherit this: they never keep the JVM alive
            t.setContextClassLoader(delegate.loader());
            invokerThread = t;
            return t;
        });
    }

    @SuppressWarnings("removal")
    private static ThreadGroup newCellGroup() {
        ThreadGroup g = new ThreadGroup(Threads.group(), "jshell-cells");
        // JDK 17: JShell's per-snippet groups inherit this flag and are then destroyed when
        // their threads end, instead of piling up under this group. No effect on JDK 19+.
        g.setDaemon(true);
        return g;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(cbcs);
        record(cbcs);
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.redefine(cbcs); // local execution cannot redefine; JShell then loads a renamed class
        record(cbcs);
    }

    private void record(ClassBytecodes[] cbcs) {
        synchronized (bytecode) {
            for (ClassBytecodes cbc : cbcs) {
                bytecode.remove(cbc.name()); // re-insert: iteration order is load order
                bytecode.put(cbc.name(), cbc.bytecodes().clone());
            }
        }
    }

    /** Binary name to bytecode (as compiled, before any JDK instrumentation), in load order. */
    Map<String, byte[]> snippetClasses() {
        synchronized (bytecode) {
            Map<String, byte[]> copy = new LinkedHashMap<>();
            bytecode.forEach((k, v) -> copy.put(k, v.clone()));
            return copy;
        }
    }

    SnippetClassLoader loader() {
        return delegate.loader();
    }

    /** Class path entries added from now on are the notebook's libraries (searched before the host's). */
    void started() {
        delegate.started();
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Future<String> run = invoker.submit(() -> {
            Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
            SnippetLauncher.prepare(doitMethod);
            try {
                return super.invoke(SnippetLauncher.RUN);
            } finally {
                SnippetLauncher.clear();
                // JDK 17's LocalExecutionControl installs a JVM-wide default handler per snippet.
                Thread.setDefaultUncaughtExceptionHandler(before);
            }
        });
        boolean interrupted = false;
        long lastStop = 0;
        try {
            while (true) {
                try {
                    return run.get(RESTOP_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // A stop that came before the snippet thread existed was lost (JDK 21+ even
                    // clears its flag when invoke starts): repeat it until the snippet ends.
                    if (stopRequested && System.nanoTime() - lastStop > TimeUnit.MILLISECONDS.toNanos(RESTOP_MILLIS)) {
                        stopNow();
                        lastStop = System.nanoTime();
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    requestStop();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception ex) {
                        throw ex;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks the running cell to stop, and keeps asking until its snippet has. */
    void requestStop() {
        stopRequested = true;
        stopNow();
    }

    /** A cell starts: forget an earlier stop request, note the threads earlier cells left running. */
    void beginCell() {
        stopRequested = false;
        stoppedAt.clear();
        beforeCell = Set.copyOf(cellThreads());
    }

    boolean stopRequested() {
        return stopRequested;
    }

    private void stopNow() {
        if (THREAD_STOP_WORKS) {
            stopThreadsOfThisCell();
            return;
        }
        try {
            stop(); // JDK 21+: JShell's stop flag, read by snippet code, and interrupts
        } catch (Exception e) {
            LOG.log(Level.FINE, "stop request not applied", e);
        }
        for (Thread t : threadsOfThisCell()) {
            t.interrupt(); // threads an earlier snippet of the cell started: not in JShell's group
        }
    }

    /**
     * JDK 17: Thread.stop on every thread this cell started, as JShell's own stop does for the
     * snippet's group (which misses threads an earlier snippet of the cell started). Each thread
     * is stopped once (again only if it survives a second): a ThreadDeath landing while an
     * earlier one unwinds is how locks end up broken.
     */
    @SuppressWarnings({"removal", "deprecation"})
    private void stopThreadsOfThisCell() {
        long now = System.nanoTime();
        for (Thread t : threadsOfThisCell()) {
            Long last = stoppedAt.get(t);
            if (last != null && now - last < TimeUnit.SECONDS.toNanos(1)) {
                continue;
            }
            stoppedAt.put(t, now);
            try {
                t.stop();
            } catch (UnsupportedOperationException e) {
                t.interrupt();
            }
        }
    }

    private List<Thread> threadsOfThisCell() {
        Set<Thread> before = beforeCell;
        List<Thread> out = new ArrayList<>();
        for (Thread t : cellThreads()) {
            if (!before.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Thread.stop works up to JDK 19 and throws from JDK 20 on. */
    private static final boolean THREAD_STOP_WORKS = Runtime.version().feature() < 20;

    /**
     * The thread running the current snippet's main code; when it has ended but the snippet still
     * waits for a thread it started, that thread; or null.
     */
    Thread snippetThread() {
        List<Thread> threads = cellThreads();
        for (Thread t : threads) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().startsWith("jdk.jshell.execution.LocalExecutionControl")) {
                    return t;
                }
            }
        }
        return threads.isEmpty() ? null : threads.get(0);
    }

    private List<Thread> cellThreads() {
        Thread[] all;
        int n;
        do {
            all = new Thread[cellGroup.activeCount() + 8];
            n = cellGroup.enumerate(all, true);
        } while (n == all.length);
        List<Thread> out = new ArrayList<>(Arrays.asList(all).subList(0, n));
        out.remove(invokerThread);
        return out;
    }

    /**
     * The value of snippet variable {@code name}: read from the latest loaded snippet class that
     * declares it (a redefined variable lives in a newer class).
     */
    Object variableValue(String name) throws ReflectiveOperationException {
        List<String> names;
        synchronized (bytecode) {
            names = new ArrayList<>(bytecode.keySet());
        }
        for (int i = names.size() - 1; i >= 0; i--) {
            Class<?> c;
            try {
                c = findClass(names.get(i));
            } catch (ClassNotFoundException e) {
                continue;
            }
            Field f;
            try {
                f = c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                continue;
            }
            if (Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                return f.get(null);
            }
        }
        throw new NoSuchFieldException("no snippet class declares variable " + name);
    }

    @Override
    public void close() {
        invoker.shutdownNow();
        super.close();
    }
}
