package org.jparallel.magics;

import org.jparallel.cluster.AsyncResult;
import org.jparallel.cluster.EngineEvent;
import org.jparallel.cluster.ParallelException;
import org.jparallel.cluster.RunOutputs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One %px request in flight or done: its engines, their outputs (also queued for whoever shows
 * them), and the AsyncResult users can hold; its value is each engine's result text (null for none).
 */
final class PxRun {
    final String code;
    final List<Integer> targets;
    final RunOutputs outputs;
    final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    final AsyncResult<List<String>> result;
    final long startedNanos = System.nanoTime();
    /** Engines that did not stop when interrupted (set when a wait gives up on them). */
    volatile List<Integer> stuck = List.of();

    PxRun(String code, List<Integer> targets, Runnable interrupt) {
        this.code = code;
        this.targets = List.copyOf(targets);
        this.outputs = new RunOutputs(targets);
        CompletableFuture<List<String>> value = new CompletableFuture<>();
        outputs.listen(e -> {
            queue.add(e);
            if (e instanceof EngineEvent.Done && outputs.allDone()) {
                complete(value);
            }
        });
        this.result = new AsyncResult<>("%px", outputs, value, interrupt);
    }

    private void complete(CompletableFuture<List<String>> value) {
        List<EngineEvent.Failure> failures = new ArrayList<>(outputs.failures().values());
        if (!failures.isEmpty()) {
            failures.sort(java.util.Comparator.comparingInt(EngineEvent.Failure::engine));
            value.completeExceptionally(new ParallelException(failures, targets.size(), "execute"));
            return;
        }
        List<String> texts = new ArrayList<>();
        var results = outputs.results();
        for (Integer e : targets) {
            EngineEvent.Result r = results.get(e);
            texts.add(r == null ? null : r.text());
        }
        value.complete(texts);
    }
}
