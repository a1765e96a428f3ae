package org.jparallel.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the engines of one request reported, in arrival order: their output, results and failures,
 * and which are done. Any thread adds; readers get copies. Listeners see each event as it is added.
 */
public final class RunOutputs implements Consumer<EngineEvent> {
    private final List<Integer> engines;
    private final List<EngineEvent> events = new ArrayList<>();
    private final Map<Integer, StringBuilder> stdout = new HashMap<>();
    private final Map<Integer, StringBuilder> stderr = new HashMap<>();
    private final Map<Integer, EngineEvent.Result> results = new LinkedHashMap<>();
    private final Map<Integer, EngineEvent.Failure> failures = new LinkedHashMap<>();
    private final Map<Integer, Boolean> done = new HashMap<>();
    private final List<Consumer<? super EngineEvent>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<RunOutputs> finished = new CompletableFuture<>();

    /** Outputs of a request to these engines. */
    public RunOutputs(List<Integer> engines) {
        this.engines = List.copyOf(engines);
        for (Integer e : engines) {
            stdout.put(e, new StringBuilder());
            stderr.put(e, new StringBuilder());
        }
    }

    /** The engines of the request, in the order given. */
    public List<Integer> engines() {
        return engines;
    }

    /** Records an event; events of engines outside the request and after an engine is done are ignored. */
    public void add(EngineEvent e) {
        synchronized (this) {
            if (!stdout.containsKey(e.engine()) || done.containsKey(e.engine())) {
                return;
            }
            events.add(e);
            if (e instanceof EngineEvent.Stream s) {
                ("stderr".equals(s.name()) ? stderr : stdout).get(s.engine()).append(s.text());
            } else if (e instanceof EngineEvent.Result r) {
                results.put(r.engine(), r);
            } else if (e instanceof EngineEvent.Failure f) {
                failures.put(f.engine(), f);
            } else if (e instanceof EngineEvent.Done d) {
                done.put(d.engine(), d.ok());
            }
            if (done.size() == engines.size()) {
                notifyAll();
            }
        }
        for (Consumer<? super EngineEvent> l : listeners) {
            l.accept(e);
        }
        if (e instanceof EngineEvent.Done && allDone()) {
            finished.complete(this); // after the listeners: they have seen every event when it completes
        }
    }

    /** The same as {@link #add}: the outputs take events from any source that reports them. */
    @Override
    public void accept(EngineEvent e) {
        add(e);
    }

    /** Calls the listener with every event added from now on (on the adding thread). */
    public void listen(Consumer<? super EngineEvent> listener) {
        listeners.add(listener);
    }

    /**
     * The request's results once every engine is done: each engine's value, error (or death) and
     * output. For code, the code that ran.
     */
    public CompletableFuture<ExecuteResults> results(String code) {
        return finished.thenApply(o -> o.snapshot(code));
    }

    private synchronized ExecuteResults snapshot(String code) {
        Map<Integer, EngineResult> out = new LinkedHashMap<>();
        for (Integer e : engines) {
            EngineEvent.Failure f = failures.get(e);
            EngineEvent.Result r = results.get(e);
            EngineError error = f == null ? null : new EngineError(e, f.ename(), f.evalue(), f.traceback());
            EngineResult.Status status = error == null && Boolean.TRUE.equals(done.get(e)) ? EngineResult.Status.OK
                    : error != null && error.engineDied() ? EngineResult.Status.DIED : EngineResult.Status.ERROR;
            com.google.gson.JsonObject data = null;
            if (r != null) {
                data = new com.google.gson.JsonObject();
                data.addProperty("text/plain", r.text());
            }
            out.put(e, new EngineResult(e, status, r == null ? -1 : r.count(), data, error, capped(stdout.get(e)),
                    capped(stderr.get(e))));
        }
        return new ExecuteResults(code, out);
    }

    private static String capped(StringBuilder sb) {
        return sb.length() <= EngineResult.MAX_CAPTURE ? sb.toString()
                : sb.substring(0, EngineResult.MAX_CAPTURE) + "\n[output cut at " + EngineResult.MAX_CAPTURE + " characters]\n";
    }

    /** Every event so far, in arrival order. */
    public synchronized List<EngineEvent> events() {
        return List.copyOf(events);
    }

    /** The events after the first {@code from}, in arrival order (for readers that keep a cursor). */
    public synchronized List<EngineEvent> eventsSince(int from) {
        return from >= events.size() ? List.of() : List.copyOf(events.subList(from, events.size()));
    }

    /** All stdout of an engine so far. */
    public synchronized String stdout(int engine) {
        StringBuilder b = stdout.get(engine);
        return b == null ? "" : b.toString();
    }

    /** All stderr of an engine so far. */
    public synchronized String stderr(int engine) {
        StringBuilder b = stderr.get(engine);
        return b == null ? "" : b.toString();
    }

    /** The result of each engine that gave one. */
    public synchronized Map<Integer, EngineEvent.Result> results() {
        return Map.copyOf(results);
    }

    /** The failure of each engine that failed. */
    public synchronized Map<Integer, EngineEvent.Failure> failures() {
        return new LinkedHashMap<>(failures);
    }

    /** Whether an engine is done. */
    public synchronized boolean isDone(int engine) {
        return done.containsKey(engine);
    }

    /** How many engines are done. */
    public synchronized int doneCount() {
        return done.size();
    }

    /** Whether every engine is done. */
    public synchronized boolean allDone() {
        return done.size() == engines.size();
    }

    /** The engines not done yet, in order. */
    public synchronized List<Integer> running() {
        List<Integer> out = new ArrayList<>();
        for (Integer e : engines) {
            if (!done.containsKey(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Waits until every engine is done or the time is up; returns whether all are done. */
    public synchronized boolean awaitAll(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (done.size() < engines.size()) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
