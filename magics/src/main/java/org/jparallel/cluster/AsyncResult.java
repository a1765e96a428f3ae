package org.jparallel.cluster;

import org.jparallel.cluster.ship.ShippingException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pending or finished result of a request to several engines, as ipyparallel's AsyncResult:
 * {@link #get()} waits for it, {@link #ready()} says whether it is in, {@link #stdout()} has what each
 * engine printed. When engines fail, get() throws a {@link ParallelException} naming them.
 */
public final class AsyncResult<T> {
    private final String label;
    private final RunOutputs outputs;
    private final CompletableFuture<T> value;
    private final Runnable interrupt;
    private final long startedNanos = System.nanoTime();
    private volatile long finishedNanos;

    /**
     * A result of the request described by label, whose outputs arrive in outputs and whose value
     * completes value; interrupt stops the request on the engines still running it.
     */
    public AsyncResult(String label, RunOutputs outputs, CompletableFuture<T> value, Runnable interrupt) {
        this.label = label;
        this.outputs = outputs;
        this.value = value;
        this.interrupt = interrupt;
        value.whenComplete((v, e) -> finishedNanos = System.nanoTime());
    }

    /**
     * Waits for every engine and returns the value; throws ParallelException when engines failed.
     * When the wait itself is interrupted (the cell is interrupted), the engines are interrupted too.
     */
    public T get() {
        return await(-1);
    }

    /** Waits at most timeout; throws ParallelTimeoutException naming the engines still running. */
    public T get(Duration timeout) {
        return await(Math.max(0, timeout.toNanos()));
    }

    private T await(long nanos) {
        boolean answered = false;
        try {
            T v = nanos < 0 ? value.get() : value.get(nanos, TimeUnit.NANOSECONDS);
            answered = true;
            return v;
        } catch (TimeoutException e) {
            answered = true;
            throw new ParallelTimeoutException(outputs.running(), outputs.engines().size(), describe(Duration.ofNanos(nanos)));
        } catch (ExecutionException e) {
            answered = true;
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the wait for " + label + " was interrupted; the engines were interrupted too");
        } finally {
            if (!answered) {
                interrupt();
            }
        }
    }

    /** Waits at most the given time; see {@link #get(Duration)}. */
    public T get(long timeout, TimeUnit unit) {
        return get(Duration.ofNanos(unit.toNanos(timeout)));
    }

    /** Waits at most the given number of seconds; see {@link #get(Duration)}. */
    public T get(double seconds) {
        return get(Duration.ofNanos((long) (seconds * 1e9)));
    }

    /** The failure, made on this thread when it is one of ours, so the user's trace shows the call. */
    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof ParallelTimeoutException t) {
            return t;
        }
        if (cause instanceof ParallelException p) {
            return new ParallelException(p);
        }
        if (cause instanceof ShippingException s) {
            return new ShippingException(s.getMessage(), null);
        }
        if (cause instanceof IllegalArgumentException i) {
            return new IllegalArgumentException(i.getMessage());
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }

    private static String describe(Duration d) {
        double s = d.toNanos() / 1e9;
        return s == Math.rint(s) ? (long) s + " s" : String.format(java.util.Locale.ROOT, "%.3f s", s);
    }

    /** A result over the same request whose value is derived from this one's. */
    <U> AsyncResult<U> then(java.util.function.Function<T, U> f) {
        return new AsyncResult<>(label, outputs, value.thenApply(f), interrupt);
    }

    /** Whether every engine is done (get() returns at once). */
    public boolean ready() {
        return value.isDone();
    }

    /** Whether every engine is done and none failed. */
    public boolean successful() {
        return value.isDone() && !value.isCompletedExceptionally();
    }

    /** The engines of the request, in engine order. */
    public List<Integer> engines() {
        return outputs.engines();
    }

    /** What each engine printed on stdout so far, in the order of {@link #engines()}. */
    public List<String> stdout() {
        List<String> out = new ArrayList<>();
        for (Integer e : outputs.engines()) {
            out.add(outputs.stdout(e));
        }
        return out;
    }

    /** What each engine printed on stderr so far, in the order of {@link #engines()}. */
    public List<String> stderr() {
        List<String> out = new ArrayList<>();
        for (Integer e : outputs.engines()) {
            out.add(outputs.stderr(e));
        }
        return out;
    }

    /** The failures so far (engine, exception, message, engine-side trace). */
    public List<EngineEvent.Failure> failures() {
        return List.copyOf(outputs.failures().values());
    }

    /** Interrupts the request on the engines still running it. */
    public void interrupt() {
        if (!value.isDone()) {
            interrupt.run();
        }
    }

    /** Seconds from sending to the last engine's reply (or until now while pending). */
    public double elapsed() {
        long end = finishedNanos != 0 ? finishedNanos : System.nanoTime();
        return (end - startedNanos) / 1e9;
    }

    /** All outputs as they arrived (for display). */
    public RunOutputs outputs() {
        return outputs;
    }

    @Override
    public String toString() {
        String state = !value.isDone() ? "pending, " + outputs.doneCount() + "/" + outputs.engines().size() + " done"
                : value.isCompletedExceptionally() ? "failed" : "finished";
        return "<AsyncResult(" + label + "): " + state + ", " + TargetSpec.engines(outputs.engines()) + ">";
    }
}
