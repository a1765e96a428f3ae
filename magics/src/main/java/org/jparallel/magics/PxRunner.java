package org.jparallel.magics;

import org.jparallel.notebook.PxFormat;

import org.jparallel.support.Seconds;

import org.jparallel.cluster.ClusterLink;
import org.jparallel.cluster.EngineEvent;
import org.jparallel.cluster.TargetSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sends %px code to the engines and waits for them while showing their output: streamed or at
 * the end, with a progress line after a while, a timeout that interrupts the engines and says where
 * they were, and the cell's interrupt passed on to the engines.
 */
final class PxRunner {
    /** Waits and limits; the defaults suit notebooks, tests shorten them. */
    record Timing(long progressAfterMillis, long flushMillis, long graceMillis, long stackWaitMillis, int pieceLimit) {
        static Timing defaults() {
            return new Timing(2000, 50, 3000, 2000, 64 * 1024);
        }
    }

    private static final Object INTERRUPT = new Object();

    private final ClusterLink backend;
    private final Timing timing;

    PxRunner(ClusterLink backend, Timing timing) {
        this.backend = backend;
        this.timing = timing;
    }

    /** Resolves the targets and sends the code; UsageError for targets the cluster does not have. */
    PxRun start(PxSettings s, String code) {
        List<Integer> targets;
        try {
            targets = s.targets().resolve(backend.ids());
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        PxRun[] self = new PxRun[1];
        PxRun run = new PxRun(code, targets, () -> backend.interrupt(self[0].outputs.running()));
        self[0] = run;
        backend.execute(targets, code, run.outputs);
        return run;
    }

    /** Registers how an interrupt of the cell reaches the wait (call before {@link #await}). */
    static Runnable interruptHook(PxRun run) {
        return () -> run.queue.add(INTERRUPT);
    }

    /**
     * Waits for the engines of the run, showing their output, and says how it ended. A timeout of
     * 0 waits as long as it takes.
     */
    Outcome await(PxRun run, GroupOutputs group, boolean stream, double timeoutSeconds, OutputTarget out) {
        LiveOutput live = new LiveOutput(out, group, stream, timing.pieceLimit(), timing.flushMillis());
        long timeoutNanos = timeoutSeconds > 0 ? (long) (timeoutSeconds * 1e9) : Long.MAX_VALUE;
        long graceEnd = Long.MAX_VALUE;
        boolean timedOut = false;
        boolean interrupted = false;
        List<Integer> stopped = List.of();
        Map<Integer, List<String>> stacks = Map.of();
        List<Integer> stuck = List.of();
        int total = run.targets.size();
        int done = 0;
        int cursor = 0;
        run.queue.clear(); // wake-ups and interrupts left from an earlier wait on this run are stale
        while (done < total) {
            long now = System.nanoTime();
            long elapsed = now - run.startedNanos;
            long wait = TimeUnit.MILLISECONDS.toNanos(200);
            long due = live.flushDueIn();
            if (due >= 0) {
                wait = Math.min(wait, due);
            }
            if (!timedOut && timeoutNanos != Long.MAX_VALUE) {
                wait = Math.min(wait, Math.max(0, timeoutNanos - elapsed));
            }
            if (graceEnd != Long.MAX_VALUE) {
                wait = Math.min(wait, Math.max(0, graceEnd - now));
            }
            Object item;
            try {
                item = run.queue.poll(Math.max(1, wait), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                item = INTERRUPT;
            }
            while (item != null) {
                if (item == INTERRUPT && !interrupted && !timedOut) {
                    interrupted = true;
                    stopped = run.outputs.running();
                    backend.interrupt(stopped);
                    graceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timing.graceMillis());
                }
                item = run.queue.poll();
            }
            // Events are read from the run's record, so a later wait (%pxresult) sees them all again.
            List<EngineEvent> fresh = run.outputs.eventsSince(cursor);
            cursor += fresh.size();
            for (EngineEvent e : fresh) {
                live.on(e);
                if (e instanceof EngineEvent.Done) {
                    done++;
                }
            }
            live.flush(false);
            now = System.nanoTime();
            elapsed = now - run.startedNanos;
            if (done < total && elapsed >= TimeUnit.MILLISECONDS.toNanos(timing.progressAfterMillis())) {
                live.progress(done + "/" + total + " engines done");
            }
            if (done < total && !timedOut && !interrupted && elapsed >= timeoutNanos) {
                timedOut = true;
                stopped = run.outputs.running();
                stacks = StackFrames.requestFrames(backend, stopped, Duration.ofMillis(timing.stackWaitMillis()));
                backend.interrupt(stopped);
                graceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timing.graceMillis());
            }
            if (done < total && System.nanoTime() >= graceEnd) {
                stuck = run.outputs.running();
                if (interrupted) {
                    stacks = StackFrames.requestFrames(backend, stuck, Duration.ofMillis(timing.stackWaitMillis()));
                }
                break;
            }
        }
        run.stuck = stuck;
        live.flush(true);
        double seconds = (System.nanoTime() - run.startedNanos) / 1e9;
        live.finish(run.targets, done + "/" + total + " engines done in " + String.format(Locale.ROOT, "%.1f s", seconds));
        return outcome(run, timedOut, interrupted, timeoutSeconds, stopped, stacks, stuck);
    }

    private static Outcome outcome(PxRun run, boolean timedOut, boolean interrupted, double timeoutSeconds,
                                   List<Integer> stopped, Map<Integer, List<String>> stacks, List<Integer> stuck) {
        List<EngineEvent.Failure> failures = new ArrayList<>(run.outputs.failures().values());
        failures.sort(Comparator.comparingInt(EngineEvent.Failure::engine));
        if (timedOut || interrupted) {
            // Engines we stopped report "Interrupted": the message below says so once for all of them.
            failures.removeIf(f -> stopped.contains(f.engine()) && "Interrupted".equals(f.ename()));
        }
        List<String> lines = new ArrayList<>();
        for (EngineEvent.Failure f : failures) {
            lines.addAll(f.lines("execute"));
        }
        if (timedOut) {
            String after = Seconds.format(timeoutSeconds);
            for (Integer e : stopped) {
                lines.add("[" + e + ":execute] still running after " + after + ", at:");
                List<String> frames = stacks.get(e);
                lines.addAll(where(frames));
            }
            lines.add(recovery(stopped, stuck));
            String verb = stopped.size() == 1 ? " was" : " were";
            return Outcome.error("TimeoutError", TargetSpec.engines(stopped) + verb + " still running after " + after, lines);
        }
        if (interrupted) {
            for (Integer e : stuck) {
                lines.add("[" + e + ":execute] still running after the interrupt, at:");
                List<String> frames = stacks.get(e);
                lines.addAll(where(frames));
            }
            lines.add(recovery(stopped, stuck));
            return Outcome.error("Interrupted", "the cell was interrupted; " + TargetSpec.engines(stopped.isEmpty()
                    ? run.targets : stopped) + " stopped", lines);
        }
        if (!failures.isEmpty()) {
            return Outcome.error("ParallelError", PxFormat.failedCount(failures.size(), run.targets.size()), lines);
        }
        return Outcome.success();
    }

    private static List<String> where(List<String> frames) {
        if (frames == null) {
            return List.of("    (the engine did not say where it was)");
        }
        List<String> readable = StackFrames.readable(frames);
        return readable.isEmpty() ? List.of("    (it had just finished)") : readable;
    }

    private static String recovery(List<Integer> stopped, List<Integer> stuck) {
        if (stuck.isEmpty()) {
            return stopped.isEmpty() ? "The engines had finished." : "The engines were interrupted and are ready for the next %px.";
        }
        return TargetSpec.engines(stuck).substring(0, 1).toUpperCase(Locale.ROOT) + TargetSpec.engines(stuck).substring(1)
                + (stuck.size() == 1 ? " did" : " did") + " not stop when interrupted: stuck in native code (an MPI call"
                + " such as recv, for example) that cannot be interrupted. Run %cluster restart to replace the engines.";
    }
}
