package org.jparallel.cluster.client;

import org.jparallel.protocol.ClusterState;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterStatus;
import org.jparallel.notebook.Progress;

import com.google.gson.JsonObject;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Waiting for a cluster's engines, with "k/N engines ready" progress and an error that says what went wrong. */
public final class ReadyWait {
    private ReadyWait() {
    }

    /** Returns when all engines have registered; throws naming the failure, the stop, or who is missing. */
    public static void await(ClusterClient client, String profile, Duration timeout, Progress progress, long t0) {
        LinkedBlockingQueue<JsonObject> updates = new LinkedBlockingQueue<>();
        Consumer<JsonObject> listener = updates::offer;
        client.onStatus(listener);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            String shown = "";
            for (int i = 0; i < 1_000_000; i++) {
                JsonObject raw = client.status();
                ClusterStatus s = ClusterStatus.from(raw);
                String waiting = raw.has("waiting") ? raw.get("waiting").getAsString() : "";
                // "job 4242 PENDING (Resources) 0:12; 0/2 engines", then "job 4242 RUNNING on node[1-2]; 1/2 engines ready"
                boolean queued = raw.has("queued") ? raw.get("queued").getAsBoolean() : !waiting.isEmpty();
                String line = (waiting.isEmpty() ? "" : waiting + "; ") + s.running() + "/" + s.expected()
                        + (queued ? " engines" : " engines ready");
                if (queued) {
                    deadline = System.nanoTime() + timeout.toNanos(); // a queued job waits as long as the queue does
                }
                if (!line.equals(shown)) {
                    progress.update(line);
                    shown = line;
                }
                switch (ClusterState.fromWire(s.state())) {
                    case RUNNING -> {
                        if (s.running() >= s.expected()) {
                            progress.done(String.format("%d/%d engines ready (%s launcher, %.1f s)%s", s.running(), s.expected(),
                                    s.launcher(), (System.nanoTime() - t0) / 1e9, s.warning().isEmpty() ? "" : "\nwarning: " + s.warning()));
                            return;
                        }
                    }
                    case FAILED -> throw new ClusterException("the cluster '" + profile + "' failed: " + s.detail());
                    case STOPPING, STOPPED, LOST -> throw new ClusterException(
                            "the cluster '" + profile + "' is " + s.state() + (s.detail().isEmpty() ? "" : ": " + s.detail()));
                    default -> {
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ClusterException("only " + s.running() + " of " + s.expected() + " engines of the cluster '" + profile
                            + "' registered within " + timeout.toSeconds() + " s (state " + s.state()
                            + (s.detail().isEmpty() ? "" : ": " + s.detail()) + ")");
                }
                updates.poll(left, TimeUnit.NANOSECONDS);
            }
            throw new ClusterException("the cluster '" + profile + "' kept changing without becoming ready");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while waiting for the engines of the cluster '" + profile + "'");
        } finally {
            client.removeStatusListener(listener);
        }
    }
}
