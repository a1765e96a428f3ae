package org.jparallel.kernel;

import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.EvaluatorOptions;
import org.jparallel.kernel.core.Interpreter;
import org.jparallel.support.Threads;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the JShell evaluator on a background thread, so the kernel answers kernel_info at once
 * (requests that need JShell wait for it here), then warms it up on that thread until the first
 * request for it arrives.
 */
final class EvaluatorStarter {
    private static final Logger LOG = Logger.getLogger(EvaluatorStarter.class.getName());

    /** Imports every kernel session starts with: jshell's own, the notebook API and the cluster API. */
    static final List<String> IMPORTS = java.util.stream.Stream.concat(EvaluatorOptions.DEFAULT_IMPORTS.stream(),
            java.util.stream.Stream.of("java.time.Duration", "org.jparallel.cluster.*",
                    // the API types the cluster API returns or throws, from the packages below it
                    "org.jparallel.cluster.model.ClusterException", "org.jparallel.cluster.model.ClusterStatus",
                    "org.jparallel.cluster.model.EngineStatus", "org.jparallel.cluster.model.Profile",
                    "org.jparallel.cluster.ship.ShippingException",
                    "org.jparallel.engine.data.SerFunction", "org.jparallel.engine.data.SerCallable",
                    // Comms only: its Comm type would shadow mpi.Comm under import mpi.*; cells use var
                    "org.jparallel.kernel.Comms",
                    "static org.jparallel.kernel.Notebook.*")).toList();

    /** JShell's options: our imports, and Open MPI's Java bindings on the class path when installed, so lambdas
     *  shipped to the engines may use mpi.* and still compile here. */
    static EvaluatorOptions options() {
        // the completion index (0.4 s of CPU) waits until the kernel is idle: not while JShell
        // starts and the first cells compile on the same cores
        EvaluatorOptions o = EvaluatorOptions.defaults().withImports(IMPORTS)
                .withCompletionIndex(EvaluatorOptions.CompletionIndex.WHEN_IDLE);
        String mpiJar = System.getenv("MPI_JAR");
        if (mpiJar != null && !mpiJar.isBlank() && new java.io.File(mpiJar).isFile()) {
            List<String> cp = new java.util.ArrayList<>(o.classPath());
            cp.add(mpiJar);
            o = o.withClassPath(cp);
        }
        return o;
    }

    private final CompletableFuture<Evaluator> ready = new CompletableFuture<>();

    /**
     * Starts building; alongside runs on a thread of its own meanwhile (loading the magics), and
     * the evaluator counts as ready once both are done.
     */
    void start(Runnable alongside) {
        Threads.startDaemon("jshell-start", () -> {
            try {
                long t0 = System.nanoTime();
                // the magics load on a thread of their own while JShell builds (the core reads the
                // history meanwhile): a few hundred ms of CPU that a first cell would wait for
                CompletableFuture<Void> loaded = CompletableFuture.runAsync(alongside,
                        r -> Threads.startDaemon("kernel-start", r));
                Evaluator ev = new Evaluator(options());
                long built = System.nanoTime();
                try {
                    loaded.join();
                } catch (java.util.concurrent.CompletionException e) {
                    ev.close();
                    Throwable cause = e.getCause();
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw cause instanceof RuntimeException re ? re : e;
                }
                long readyAt = System.nanoTime();
                ready.complete(ev);
                // after ready: a first cell, completion or inspection cuts the warm-up short
                ev.warmUp();
                LOG.fine(String.format("JShell built in %.0f ms, ready (magics loaded) after %.0f ms, warm-up %.0f ms",
                        (built - t0) / 1e6, (readyAt - t0) / 1e6, (System.nanoTime() - readyAt) / 1e6));
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.SEVERE, "JShell could not start", e);
                ready.completeExceptionally(e);
            }
        });
    }

    /** The evaluator once ready, or null when not ready yet or when it failed. */
    Evaluator now() {
        return ready.isDone() && !ready.isCompletedExceptionally() ? ready.join() : null;
    }

    /** Waits for the evaluator; throws with a sentence saying why JShell is unavailable. */
    Evaluator await() throws Interpreter.Unavailable {
        try {
            return ready.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interpreter.Unavailable("the kernel was interrupted while JShell was starting");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new Interpreter.Unavailable("JShell could not start in this kernel (" + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : ": " + c.getMessage())
                    + "); check that the kernel runs on a full JDK 17 or newer, then restart the kernel");
        }
    }
}
