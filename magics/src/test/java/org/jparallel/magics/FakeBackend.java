package org.jparallel.magics;

import org.jparallel.cluster.ClusterLink;
import org.jparallel.cluster.EngineEvent;
import org.jparallel.cluster.RunOutputs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Engines simulated in threads, each following a script: print, wait, give a result, fail, or
 * hang (interruptible, or stuck like a native MPI receive). Stands in for the cluster in unit tests
 * of what %px shows; the end-to-end tests use real engines.
 */
final class FakeBackend implements ClusterLink {
    /** One engine's behaviour: steps run in order on the engine's thread. */
    static final class Script {
        final List<BiConsumer<Engine, RunOutputs>> steps = new ArrayList<>();
        String result;
        String[] failure;
        boolean hang;
        boolean stuck;

        Script out(String text) {
            steps.add((e, o) -> o.add(new EngineEvent.Stream(e.id, "stdout", text)));
            return this;
        }

        Script err(String text) {
            steps.add((e, o) -> o.add(new EngineEvent.Stream(e.id, "stderr", text)));
            return this;
        }

        Script pause(long millis) {
            steps.add((e, o) -> e.sleep(millis));
            return this;
        }

        Script result(String text) {
            this.result = text;
            return this;
        }

        Script fail(String ename, String evalue, String... traceback) {
            String[] f = new String[traceback.length + 2];
            f[0] = ename;
            f[1] = evalue;
            System.arraycopy(traceback, 0, f, 2, traceback.length);
            this.failure = f;
            return this;
        }

        Script hang() {
            this.hang = true;
            return this;
        }

        Script stuck() {
            this.stuck = true;
            return this;
        }
    }

    /** A running engine. */
    static final class Engine {
        final int id;
        final CountDownLatch interrupted = new CountDownLatch(1);
        int count;

        Engine(int id) {
            this.id = id;
        }

        void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    final List<Integer> ids;
    final Map<Integer, Script> scripts = new HashMap<>();
    final Map<Integer, Engine> engines = new ConcurrentHashMap<>();
    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeBackend(Integer... ids) {
        this.ids = List.of(ids);
        for (Integer id : ids) {
            engines.put(id, new Engine(id));
        }
    }

    Script on(int engine) {
        return scripts.computeIfAbsent(engine, k -> new Script());
    }

    @Override
    public List<Integer> ids() {
        return ids;
    }

    @Override
    public java.util.concurrent.CompletableFuture<org.jparallel.cluster.ExecuteResults> execute(
            java.util.Collection<Integer> targetIds, String code, java.util.function.Consumer<? super EngineEvent> events) {
        List<Integer> targets = List.copyOf(targetIds);
        calls.add("execute " + targets + " " + code);
        RunOutputs outputs = new RunOutputs(targets);
        outputs.listen(events);
        for (Integer t : targets) {
            Engine e = new Engine(t);
            e.count = engines.get(t).count + 1;
            engines.put(t, e);
            Script s = scripts.getOrDefault(t, new Script());
            Thread th = new Thread(() -> run(e, s, outputs), "fake-engine-" + t);
            th.setDaemon(true);
            th.start();
        }
        return outputs.results(code);
    }

    private static void run(Engine e, Script s, RunOutputs o) {
        for (var step : s.steps) {
            step.accept(e, o);
        }
        if (s.hang || s.stuck) {
            try {
                while (true) {
                    boolean hit = e.interrupted.await(20, TimeUnit.SECONDS);
                    if (hit && !s.stuck) {
                        break;
                    }
                    if (hit) {
                        Thread.sleep(60_000); // native code ignores interrupts
                    }
                }
            } catch (InterruptedException ie) {
                return;
            }
            o.add(new EngineEvent.Failure(e.id, "Interrupted", "the cell was interrupted",
                    List.of("Interrupted: the cell was interrupted")));
            o.add(new EngineEvent.Done(e.id, false));
            return;
        }
        if (s.failure != null) {
            List<String> tb = List.of(s.failure).subList(2, s.failure.length);
            o.add(new EngineEvent.Failure(e.id, s.failure[0], s.failure[1], tb));
            o.add(new EngineEvent.Done(e.id, false));
            return;
        }
        if (s.result != null) {
            o.add(new EngineEvent.Result(e.id, e.count, s.result));
        }
        o.add(new EngineEvent.Done(e.id, true));
    }

    @Override
    public java.util.concurrent.CompletableFuture<org.jparallel.wire.Message> request(int engine, String msgType,
            com.google.gson.JsonObject content, List<byte[]> buffers, java.util.function.Consumer<org.jparallel.wire.Message> onMessage) {
        throw new AssertionError("%px sends no " + msgType + " in these tests");
    }

    @Override
    public java.util.concurrent.CompletableFuture<Map<Integer, Boolean>> interrupt(java.util.Collection<Integer> targets) {
        calls.add("interrupt " + targets);
        Map<Integer, Boolean> out = new HashMap<>();
        for (Integer t : targets) {
            engines.get(t).interrupted.countDown();
            out.put(t, true);
        }
        return java.util.concurrent.CompletableFuture.completedFuture(out);
    }

    @Override
    public java.util.concurrent.CompletableFuture<Map<Integer, org.jparallel.cluster.EngineStack>> stacks(
            java.util.Collection<Integer> targets, boolean allThreads) {
        calls.add("stacks " + targets);
        Map<Integer, org.jparallel.cluster.EngineStack> out = new HashMap<>();
        for (Integer t : targets) {
            Script s = scripts.get(t);
            List<String> frames = s != null && s.stuck
                    ? List.of("at mpi.Comm.recv(Native Method)", "at REPL.$JShell$12.ring($JShell$12.java:4)",
                    "at REPL.$JShell$13.do_it$($JShell$13.java:3)", "at jdk.internal.reflect.X.invoke(X.java:1)",
                    "at org.jparallel.jshell.Runner.run(Runner.java:9)")
                    : List.of("at java.lang.Thread.sleep(Native Method)", "at REPL.$JShell$13.do_it$($JShell$13.java:3)");
            out.put(t, new org.jparallel.cluster.EngineStack(t, true, 0, "", List.of(
                    new org.jparallel.cluster.EngineStack.ThreadStack("request", "RUNNABLE", frames)), ""));
        }
        return java.util.concurrent.CompletableFuture.completedFuture(out);
    }
}
