package org.jparallel.engine;

import org.jparallel.support.Threads;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The engine thread that serves EXECUTION-mode requests one at a time, in arrival order. */
final class ExecutionThread {
    private static final Logger LOG = Logger.getLogger(ExecutionThread.class.getName());

    private record Job(EngineRequest request, EngineHandler handler) {
    }

    private static final Job STOP = new Job(null, null);

    private final String name;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private volatile EngineRequest current;
    private volatile long startedNanos;
    private volatile Thread thread;

    ExecutionThread(String name) {
        this.name = name;
    }

    synchronized void start() {
        if (thread == null) {
            thread = Threads.startDaemon(name, this::loop);
        }
    }

    void submit(EngineRequest request, EngineHandler handler) {
        queue.add(new Job(request, handler));
    }

    /** Queues internal work (like JShell's warm-up) that runs before the requests queued after it. */
    void submitTask(Runnable task) {
        queue.add(new Job(null, r -> task.run()));
    }

    void stop() {
        queue.add(STOP);
    }

    /** Whether requests (or the stop) wait behind the running job: internal work gives way to them. */
    boolean hasPending() {
        return !queue.isEmpty();
    }

    EngineRequest current() {
        return current;
    }

    long busyMillis() {
        return current == null ? 0 : (System.nanoTime() - startedNanos) / 1_000_000;
    }

    void interruptThread() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    StackTraceElement[] threadStack() {
        Thread t = thread;
        return t == null ? new StackTraceElement[0] : t.getStackTrace();
    }

    private void loop() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                continue; // a late interrupt meant for a finished request
            }
            if (job == STOP) {
                return;
            }
            Thread.interrupted(); // an interrupt sent after the previous request ended must not hit this one
            if (job.request() == null) {
                try {
                    job.handler().handle(null);
                } catch (Throwable t) {
                    LOG.log(Level.WARNING, "an internal task of the engine failed", t);
                }
                continue;
            }
            startedNanos = System.nanoTime();
            current = job.request();
            EngineNotebook.setCurrent(job.request());
            try {
                job.handler().handle(job.request());
                job.request().replyIfNeeded();
            } catch (Throwable t) {
                if (t instanceof Error && !(t instanceof StackOverflowError || t instanceof OutOfMemoryError
                        || t instanceof LinkageError || t instanceof AssertionError)) {
                    LOG.log(Level.SEVERE, "request " + job.request().msgType() + " failed", t);
                }
                job.request().replyError(t);
            } finally {
                current = null;
                EngineNotebook.setCurrent(null);
            }
        }
    }
}
