package org.jparallel.jshell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

/**
 * What LocalExecutionControl runs in a snippet's thread instead of the snippet's do-it method:
 * it waits until JShell's invoking thread has taken its snapshot of the snippet's thread group
 * and is joining, then runs the snippet. So JShell waits for the snippet's own thread only, never
 * (by a race) for a thread the snippet starts at once: a cell never hangs on a thread it started.
 */
final class SnippetLauncher {
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final InheritableThreadLocal<Call> CALL = new InheritableThreadLocal<>();
    static final Method RUN;

    static {
        try {
            RUN = SnippetLauncher.class.getDeclaredMethod("run");
            RUN.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The snippet method to run, and the thread that invokes it through JShell. */
    record Call(Method doit, Thread invoker) {
    }

    private SnippetLauncher() {
    }

    /** Sets the call the next snippet thread started by the current thread will make. */
    static void prepare(Method doit) {
        CALL.set(new Call(doit, Thread.currentThread()));
    }

    static void clear() {
        CALL.remove();
    }

    @SuppressWarnings("unused") // called reflectively by LocalExecutionControl
    private static Object run() throws Throwable {
        Call call = CALL.get();
        CALL.remove(); // threads the snippet starts need not inherit it
        long deadline = System.nanoTime() + MAX_WAIT_NANOS;
        while (!joining(call.invoker()) && System.nanoTime() < deadline) {
            Thread.yield(); // let the invoking thread reach its join (few cores, busy machine)
        }
        try {
            return call.doit().invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // JShell wraps it again, exactly as if it had called the snippet itself
        }
    }

    private static boolean joining(Thread invoker) {
        Thread.State s = invoker.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.TERMINATED;
    }
}
