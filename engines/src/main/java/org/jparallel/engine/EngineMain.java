package org.jparallel.engine;

import org.jparallel.link.HostName;

import com.google.gson.JsonObject;
import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.EvaluatorOptions;
import org.jparallel.support.Logging;
import org.jparallel.support.Threads;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine program: one JVM per MPI rank, started by a launcher as
 * {@code mpirun -np N ... java -cp ... org.jparallel.engine.EngineMain}. It reads the cluster key
 * and the controller's address from the environment, initialises MPI when mpi.jar is on the class
 * path, starts its JShell, registers with id = MPI rank (then warms JShell up) and serves requests until told to shut
 * down or until the controller stops answering.
 */
public final class EngineMain {
    private static final Logger LOG = Logger.getLogger(EngineMain.class.getName());
    private static final Duration FINALIZE_LIMIT = Duration.ofSeconds(5);

    private EngineMain() {
    }

    public static void main(String[] args) {
        EngineEnvironment env;
        try {
            env = EngineEnvironment.from(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("jparallel engine: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logging.configure("engine " + env.rank());
        int code = run(env, args);
        System.exit(code);
    }

    private static int run(EngineEnvironment given, String[] args) {
        EngineEnvironment env = given;
        MpiRuntime mpi = MpiRuntime.find(EngineMain.class.getClassLoader());
        // JShell starts on its own thread while MPI initialises on this one (MPI.Finalize must
        // later run on the thread that called MPI.InitThread).
        int rank0 = env.rank();
        int size0 = env.size();
        CompletableFuture<Evaluator> jshell = new CompletableFuture<>();
        Threads.startDaemon("engine-jshell-start", () -> {
            try {
                jshell.complete(new Evaluator(evaluatorOptions(rank0, size0)));
            } catch (Throwable t) {
                jshell.completeExceptionally(t);
            }
        });
        MpiRuntime.Status status = mpi.initialise(args);
        Evaluator evaluator;
        try {
            evaluator = jshell.join();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "JShell could not start in this engine", e.getCause() == null ? e : e.getCause());
            mpi.finalizeMpi();
            return 3;
        }
        if (status.initialised() && (status.rank() != env.rank() || status.size() != env.size())) {
            LOG.warning("MPI says this is rank " + status.rank() + " of " + status.size() + ", the environment said "
                    + env.rank() + " of " + env.size() + "; using MPI's numbers");
            env = env.withRank(status.rank(), status.size());
            evaluator.eval(String.join("\n", predefined(env.rank(), env.size())), (stream, text) -> { });
        }
        Engine engine = new Engine(env.rank(), env.size(), evaluator, status);
        EngineServer server = new EngineServer(env, engine, EngineHandlers.standard(EngineMain.class.getClassLoader()));
        // The engine registers as soon as it can run code; JShell's warm-up (about 0.4 s of CPU)
        // runs first on the execution thread, so it overlaps the other engines' start and the
        // user's typing instead of delaying the cluster, and it gives way to the first request.
        engine.execution().submitTask(() -> evaluator.warmUp(engine.execution()::hasPending));
        server.start(registration(engine, status));
        EngineServer.End end;
        try {
            end = server.awaitEnd();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        switch (end.kind()) {
            case SHUTDOWN -> {
                LOG.fine(end.reason());
                if (status.initialised() && !idleAfterInterrupt(engine)) {
                    // A cell still runs, most likely blocked inside MPI (a deadlock): MPI.Finalize or
                    // the JVM's exit under it crashes in Open MPI's progress loop (SIGSEGV). Leave
                    // without finalizing; mpirun ends the job, which is being stopped anyway.
                    LOG.warning("engine " + env.rank() + " is still running a request at shutdown; exiting without MPI.Finalize");
                    Runtime.getRuntime().halt(0);
                }
                finalizeWithin(mpi, FINALIZE_LIMIT);
                evaluator.close();
                return 0;
            }
            case CONTROLLER_LOST -> {
                // The controller is gone: nobody will stop this engine, and the other ranks may be
                // gone too, so MPI.Finalize could wait forever. Leave at once.
                LOG.severe(end.reason() + "; engine " + env.rank() + " exits");
                Runtime.getRuntime().halt(4);
                return 4;
            }
            default -> {
                LOG.severe(end.reason() + "; engine " + env.rank() + " exits");
                return 3;
            }
        }
    }

    /** The engine's JShell: this JVM's class path, jshell's imports plus the engine notebook API, engineId and engineCount. */
    static EvaluatorOptions evaluatorOptions(int rank, int size) {
        List<String> imports = new java.util.ArrayList<>(EvaluatorOptions.DEFAULT_IMPORTS);
        imports.add("static " + EngineNotebook.class.getName() + ".*");
        // Engines are never asked for completions: no completion index (0.4 s of CPU and 16 MB each).
        return EvaluatorOptions.defaults().withImports(imports).withStartup(predefined(rank, size))
                .withCompletionIndex(EvaluatorOptions.CompletionIndex.NONE);
    }

    /** The snippets that predefine engineId and engineCount in the engine's JShell. */
    static List<String> predefined(int rank, int size) {
        return List.of("int engineId = " + rank + ";", "int engineCount = " + size + ";");
    }

    private static JsonObject registration(Engine engine, MpiRuntime.Status status) {
        JsonObject c = new JsonObject();
        c.addProperty("engine_count", engine.count());
        c.addProperty("pid", ProcessHandle.current().pid());
        c.addProperty("hostname", HostName.local());
        c.addProperty("java_version", Runtime.version().toString());
        c.addProperty("startup_ms", ProcessHandle.current().info().startInstant()
                .map(t -> Duration.between(t, Instant.now()).toMillis()).orElse(-1L));
        JsonObject m = new JsonObject();
        m.addProperty("present", status.present());
        m.addProperty("initialised", status.initialised());
        m.addProperty("rank", status.rank());
        m.addProperty("size", status.size());
        m.addProperty("thread_level", status.threadLevel());
        m.addProperty("warning", status.warning());
        c.add("mpi", m);
        return c;
    }

    /** Interrupts the running request, if any, and waits (at most 1 s) for it to end; true when the engine is idle. */
    private static boolean idleAfterInterrupt(Engine engine) {
        if (!engine.interruptCurrent()) {
            return true;
        }
        for (int i = 0; i < 20 && engine.currentRequest().isPresent(); i++) {
            try {
                Thread.sleep(50); // bounded: the request's end has no signal to wait on here
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return engine.currentRequest().isEmpty();
    }

    /** MPI.Finalize, but never longer than the limit: a rank stuck in user code must not keep the job alive. */
    private static void finalizeWithin(MpiRuntime mpi, Duration limit) {
        Thread watchdog = Threads.startDaemon("engine-finalize-watchdog", () -> {
            try {
                Thread.sleep(limit.toMillis());
                LOG.warning("MPI.Finalize did not return within " + limit.toSeconds() + " s; exiting without it");
                Runtime.getRuntime().halt(5);
            } catch (InterruptedException e) {
                // finalize returned in time
            }
        });
        mpi.finalizeMpi();
        watchdog.interrupt();
    }
}
