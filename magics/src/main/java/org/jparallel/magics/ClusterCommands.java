package org.jparallel.magics;

import org.jparallel.notebook.CellContext;

import org.jparallel.cluster.Cluster;
import org.jparallel.cluster.ClusterLink;
import org.jparallel.cluster.model.ClusterStatus;
import org.jparallel.cluster.model.EngineStatus;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.Profiles;
import org.jparallel.notebook.Progress;
import org.jparallel.cluster.TargetSpec;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** %cluster over the cluster API: start, connect, stop, restart and status of the active cluster. */
final class ClusterCommands implements ClusterControl {
    /** How to reach the cluster from Java code, said once it runs. */
    static final String HINT = "Use %px / %%px, or from Java: var view = Cluster.active().orElseThrow().view();";

    @Override
    public Optional<ClusterLink> active() {
        return Cluster.active().map(c -> c);
    }

    private static Cluster current() {
        return Cluster.active().orElseThrow(() -> new UsageError(ParallelMagics.NO_CLUSTER));
    }

    @Override
    public String start(int engines, String profile, String launcher, CellContext ctx) {
        Optional<Cluster> running = Cluster.active();
        if (running.isPresent()) {
            throw new UsageError("a cluster is already running (" + running.get().profile() + ", "
                    + running.get().status().summary() + "): stop it with %cluster stop, or restart it with %cluster restart");
        }
        Profile p = Profiles.user().loadOrDefaults(profile).withEngines(engines);
        if (launcher != null) {
            p = p.withLauncher(launcher);
        }
        Cluster c = Cluster.start(p, progress(ctx));
        ctx.onShutdown(c::close);
        return "Started cluster '" + c.profile() + "': " + describe(c.status()) + "\n" + HINT;
    }

    @Override
    public String connect(String profile, CellContext ctx) {
        Cluster c = Cluster.connect(profile, Duration.ofSeconds(60), progress(ctx));
        ctx.onShutdown(c::close);
        return "Connected to cluster '" + c.profile() + "': " + describe(c.status()) + "\n" + HINT;
    }

    @Override
    public String stop() {
        Cluster c = current();
        int n = c.ids().size();
        c.stop();
        return "Stopped cluster '" + c.profile() + "' (" + n + (n == 1 ? " engine)" : " engines)");
    }

    @Override
    public String restart(CellContext ctx) {
        Cluster c = current();
        c.restart();
        return "Restarted cluster '" + c.profile() + "': " + describe(c.status());
    }

    @Override
    public String status() {
        Cluster c = current();
        ClusterStatus s = c.status();
        StringBuilder sb = new StringBuilder("Cluster '").append(c.profile()).append("': ").append(s.summary());
        if (!s.warning().isEmpty()) {
            sb.append("\nwarning: ").append(s.warning());
        }
        for (EngineStatus e : s.engines()) {
            sb.append("\n  engine ").append(e.id()).append(": ").append(e.state())
                    .append(e.busy() ? ", busy" : e.running() ? ", idle" : "")
                    .append(", pid ").append(e.pid()).append(" on ").append(e.host())
                    .append(e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
        }
        return sb.toString();
    }

    private static String describe(ClusterStatus s) {
        return s.running() + (s.running() == 1 ? " engine" : " engines") + " (" + s.launcher() + "), "
                + (s.runningIds().isEmpty() ? "none running" : "ids " + TargetSpec.describe(s.runningIds()));
    }

    /** Start-up progress as a line in the cell that updates in place. */
    private static Progress progress(CellContext ctx) {
        return new Progress() {
            private String id;

            @Override
            public synchronized void update(String line) {
                Map<String, Object> bundle = Map.of("text/plain", line);
                if (id == null) {
                    id = ctx.display(bundle, Map.of(), null);
                } else {
                    ctx.updateDisplay(id, bundle, Map.of());
                }
            }
        };
    }
}
