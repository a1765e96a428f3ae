package org.jparallel.cluster.host;

import org.jparallel.protocol.ClusterState;
import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.cluster.model.EngineStatus;
import org.jparallel.cluster.model.Profile;

import org.jparallel.protocol.EngineProtocol;
import org.jparallel.link.HostName;
import org.jparallel.support.Threads;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches a cluster's engines: startup (all registered in time? launcher still alive?) and,
 * once running, death (engine process gone, launcher exited, or, for engines on other hosts,
 * heartbeats stopped). Checks every {@value #TICK_MS} ms and at once when a launched process exits;
 * a death is reported to the controller, which fails the dead engines' pending requests.
 */
public final class EngineWatch {
    private static final Logger LOG = Logger.getLogger(EngineWatch.class.getName());
    static final int TICK_MS = 150;
    /** How long to let mpirun report a dead rank before explaining it (it takes about 50 ms). */
    private static final long SETTLE_MS = 1200;

    private final ClusterHost host;
    private final Controller controller;
    private final Profile profile;
    private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
    private final String localHost = HostName.local();
    private volatile boolean stopped;
    private static final long REPORT_REUSE_NANOS = 5_000_000_000L;
    private LaunchedEngines.DeathReport lastReport;
    private java.util.Optional<String> lastWaiting = java.util.Optional.empty();
    private long queuedUntil;
    private long lastReportNanos;

    EngineWatch(ClusterHost host, Controller controller, Profile profile) {
        this.host = host;
        this.controller = controller;
        this.profile = profile;
    }

    void start() {
        Threads.startDaemon("jparallel-watch-" + profile.name(), this::loop);
    }

    /** Forgets the last death's explanation (new engines are being launched). */
    synchronized void reset() {
        lastReport = null;
    }

    void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    void stop() {
        stopped = true;
        wake();
    }

    private void loop() {
        while (!stopped) {
            try {
                wakeups.poll(TICK_MS, TimeUnit.MILLISECONDS);
                wakeups.clear();
                check();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "checking the engines failed", e);
            }
        }
    }

    private synchronized void check() throws InterruptedException {
        // State first: launch() sets the new processes before STARTING, so a STARTING read here
        // is never paired with the previous (exited) mpirun during a restart.
        ClusterState state = host.state();
        LaunchedEngines p = host.processes();
        if (p == null) {
            return;
        }
        switch (state) {
            case STARTING -> checkStartup(p);
            case RUNNING -> checkDeaths(p);
            default -> {
            }
        }
    }

    private void checkStartup(LaunchedEngines p) throws InterruptedException {
        // a queued batch job: the start timeout runs from when the engines got their resources
        java.util.Optional<String> waiting = p.waiting();
        if (!waiting.equals(lastWaiting)) {
            lastWaiting = waiting;
            host.setState(ClusterState.STARTING, waiting.orElse(""));
        }
        if (p.queued()) {
            queuedUntil = System.nanoTime();
            if (!p.anyExited()) {
                return;
            }
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - Math.max(host.launchedNanos(), queuedUntil));
        boolean exited = p.anyExited();
        boolean timedOut = waited.compareTo(profile.startTimeout()) > 0;
        if (!exited && !timedOut) {
            return;
        }
        if (exited) {
            p.settle(300); // let mpirun finish its report
        }
        if (stale(p, ClusterState.STARTING)) {
            return;
        }
        var registered = controller.engines().keySet();
        String why = p.startFailure(registered, profile.engines(), timedOut, waited);
        LOG.warning("cluster " + profile.name() + " failed to start: " + why);
        p.terminate(Duration.ofSeconds(2));
        controller.enginesGone(registered, EngineStatus.DEAD, why);
        host.setState(ClusterState.FAILED, why);
    }

    private void checkDeaths(LaunchedEngines p) throws InterruptedException {
        Map<Integer, Long> dead = deadEngines(p);
        if (dead.isEmpty()) {
            return;
        }
        // Deaths close together (mpirun stopping the other ranks) share the first one's explanation.
        if (lastReport == null || System.nanoTime() - lastReportNanos > REPORT_REUSE_NANOS) {
            p.settle(SETTLE_MS);
            dead = deadEngines(p);
            Map<Integer, Long> pids = new TreeMap<>();
            controller.engines().forEach((id, s) -> pids.put(id, s.pid()));
            if (stale(p, ClusterState.RUNNING)) {
                return; // stopped or restarted meanwhile: these engines were meant to go
            }
            lastReport = p.deathReport(dead, pids);
            lastReportNanos = System.nanoTime();
            LOG.warning("cluster " + profile.name() + ": " + lastReport.message());
        }
        Map<Integer, Long> gone = dead;
        boolean anyRunning = controller.engines().entrySet().stream()
                .anyMatch(e -> e.getValue().running() && !gone.containsKey(e.getKey()));
        // The state changes first: a client whose request fails with "engine died" must already
        // see the cluster failed (events and failures reach it in the controller's order).
        if (!anyRunning && !stale(p, ClusterState.RUNNING)) {
            host.setState(ClusterState.FAILED, lastReport.message());
        }
        controller.enginesGone(gone.keySet(), EngineStatus.DEAD, lastReport.message());
    }

    /** Whether the host moved on (stop, restart) since the check read these processes and state. */
    private boolean stale(LaunchedEngines p, ClusterState state) {
        return host.processes() != p || host.state() != state;
    }

    /** Running engines that are gone: process not alive (same machine), launcher exited, or silent too long. */
    private Map<Integer, Long> deadEngines(LaunchedEngines p) {
        boolean launcherGone = p.allExited();
        Map<Integer, Long> dead = new TreeMap<>();
        long silenceLimit = 2L * EngineProtocol.DEFAULT_HEARTBEAT_TIMEOUT_MS;
        controller.engines().forEach((id, s) -> {
            if (!s.running()) {
                return;
            }
            boolean local = s.host().equals(localHost);
            boolean gone = launcherGone
                    || (local && !ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false))
                    || (!local && controller.silenceMillis(id) > silenceLimit);
            if (gone) {
                dead.put(id, s.pid());
            }
        });
        return dead;
    }
}
