package org.jparallel.magics;

import org.jparallel.notebook.CellContext;

import org.jparallel.cluster.AsyncResult;
import org.jparallel.cluster.ClusterLink;
import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.EvaluatorOptions;
import org.jparallel.protocol.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The magics' behaviour around the engines: settings, results kept for later, auto-routing, errors. */
@Timeout(60)
class ParallelMagicsTest {
    private static final PxRunner.Timing FAST = new PxRunner.Timing(5000, 5, 500, 100, 64 * 1024);

    /** Cluster operations that only record what was asked, over simulated engines. */
    static final class Clusters implements ClusterControl {
        FakeBackend backend;
        final List<String> calls = new ArrayList<>();

        @Override
        public Optional<ClusterLink> active() {
            return Optional.ofNullable(backend);
        }

        @Override
        public String start(int engines, String profile, String launcher, CellContext ctx) {
            calls.add("start " + engines + " " + profile + " " + launcher);
            Integer[] ids = new Integer[engines];
            for (int i = 0; i < engines; i++) {
                ids[i] = i;
            }
            backend = new FakeBackend(ids);
            return "started " + engines;
        }

        @Override
        public String connect(String profile, CellContext ctx) {
            calls.add("connect " + profile);
            return "connected";
        }

        @Override
        public String stop() {
            if (backend == null) {
                throw new UsageError(ParallelMagics.NO_CLUSTER);
            }
            backend = null;
            calls.add("stop");
            return "stopped";
        }

        @Override
        public String restart(CellContext ctx) {
            throw new IllegalStateException("the cluster 'default' could not restart: engines are gone");
        }

        @Override
        public String status() {
            return "status";
        }
    }

    private final Clusters clusters = new Clusters();
    private final ParallelMagics magics = new ParallelMagics(clusters, FAST);

    @Test
    void withoutAClusterEveryParallelMagicSaysHowToStartOneAndSendsNothing() {
        FakeCell cell = new FakeCell(null);
        for (Outcome o : List.of(magics.line("px", "1 + 1", cell), magics.cell("px", "", "x();", cell),
                magics.cell("px", "-t 0 --no-stream", "x();", cell), magics.line("autopx", "", cell),
                magics.line("cluster", "stop", cell))) {
            assertThat(o.ok()).isFalse();
            assertThat(o.ename()).isEqualTo("UsageError");
            assertThat(o.evalue()).isEqualTo("no cluster: start one with %cluster start -n 2 or Cluster.start(...)");
        }
        assertThat(magics.autoRoute()).isFalse();
    }

    @Test
    void clusterSubcommandsReachTheClusterAndErrorsBecomeClusterErrors() {
        FakeCell cell = new FakeCell(null);
        assertThat(magics.line("cluster", "start -n 3 --launcher local", cell).ok()).isTrue();
        assertThat(clusters.calls).containsExactly("start 3 default local");
        assertThat(cell.text()).isEqualTo("started 3\n");
        Outcome bad = magics.line("cluster", "restart", cell);
        assertThat(bad.ename()).isEqualTo("ClusterError");
        assertThat(bad.evalue()).isEqualTo("the cluster 'default' could not restart: engines are gone");
        Outcome usage = magics.line("cluster", "start -n zero", cell);
        assertThat(usage.ename()).isEqualTo("UsageError");
        assertThat(usage.traceback().get(0)).isEqualTo("UsageError: %cluster start: --engines: "
                + "the number of engines must be a whole number, not 'zero'");
        assertThat(usage.traceback()).anyMatch(l -> l.contains("Usage: %cluster start"));
        assertThat(clusters.calls).hasSize(1);
    }

    @Test
    void badOptionsAndTargetsSendNothing() {
        FakeCell cell = new FakeCell(null);
        magics.line("cluster", "start -n 2", cell);
        Outcome o = magics.cell("px", "--targets 5", "work();", cell);
        assertThat(o.evalue()).isEqualTo("target 5 is out of range: the engines are 0, 1");
        o = magics.cell("px", "--bogus", "work();", cell);
        assertThat(o.evalue()).isEqualTo("%%px: unknown option '--bogus'");
        assertThat(clusters.backend.calls).isEmpty();
    }

    @Test
    void pxconfigDefaultsApplyToLaterMagicsAndPrintWithoutArguments() {
        FakeCell cell = new FakeCell(null);
        magics.line("cluster", "start -n 3", cell);
        FakeCell show = new FakeCell(null);
        magics.line("pxconfig", "", show);
        assertThat(show.text()).isEqualTo("%pxconfig: targets=all block=true group-outputs=engine stream=true timeout=none verbose=false\n");
        assertThat(magics.line("pxconfig", "--targets 1: --verbose", cell).ok()).isTrue();
        FakeCell run = new FakeCell(null);
        assertThat(magics.line("px", "work();", run).ok()).isTrue();
        assertThat(clusters.backend.calls).containsExactly("execute [1, 2] work();");
        assertThat(run.text()).isEqualTo("Parallel execution on engines 1, 2\n");
        magics.line("px", "-t 0 other();", run);
        assertThat(clusters.backend.calls).contains("execute [0] other();");
    }

    @Test
    void noblockReturnsAtOnceAndPxresultShowsTheOutputLater() throws Exception {
        FakeCell cell = new FakeCell(null);
        magics.line("cluster", "start -n 2", cell);
        clusters.backend.on(0).pause(300).out("zero\n").result("0");
        clusters.backend.on(1).out("one\n").result("1");
        FakeCell first = new FakeCell(null);
        Outcome o = magics.cell("px", "--noblock", "compute()", first);
        assertThat(o.ok()).isTrue();
        assertThat(o.value()).isInstanceOf(AsyncResult.class);
        assertThat(first.text()).isEmpty();
        FakeCell later = new FakeCell(null);
        assertThat(magics.line("pxresult", "", later).ok()).isTrue();
        assertThat(later.text()).isEqualTo("[stdout:0] zero\nOut[0:1]: 0\n[stdout:1] one\nOut[1:1]: 1\n");
        FakeCell again = new FakeCell(null);
        magics.line("pxresult", "--group-outputs=type", again);
        assertThat(again.text()).isEqualTo("[stdout:0] zero\n[stdout:1] one\nOut[0:1]: 0\nOut[1:1]: 1\n");
        assertThat(magics.line("pxresult", "--group-outputs=nope", again).evalue())
                .isEqualTo("%pxresult: --group-outputs must be engine, order or type, not 'nope'");
    }

    @Test
    void pxresultBeforeAnyPxIsAClearError() {
        FakeCell cell = new FakeCell(null);
        assertThat(magics.line("pxresult", "", cell).evalue())
                .isEqualTo("%pxresult: there is no earlier %px to show; run %px or %%px (with --noblock) first");
    }

    @Test
    void autopxTogglesRoutingAndSaysSo() {
        FakeCell cell = new FakeCell(null);
        magics.line("cluster", "start -n 2", cell);
        FakeCell on = new FakeCell(null);
        magics.line("autopx", "", on);
        assertThat(on.text()).isEqualTo("%autopx enabled\n");
        assertThat(magics.autoRoute()).isTrue();
        FakeCell off = new FakeCell(null);
        magics.line("autopx", "", off);
        assertThat(off.text()).isEqualTo("%autopx disabled\n");
        assertThat(magics.autoRoute()).isFalse();
        assertThat(magics.line("autopx", "now", off).evalue()).startsWith("%autopx takes no arguments");
        magics.line("autopx", "", new FakeCell(null));
        FakeCell stop = new FakeCell(null);
        magics.line("cluster", "stop", stop);
        assertThat(stop.text()).isEqualTo("stopped\n%autopx disabled\n");
        assertThat(magics.autoRoute()).isFalse();
    }

    @Test
    void localRunsTheCellInTheKernelTooAndOutStoresTheResultInAVariable() {
        Evaluator kernel = new Evaluator(EvaluatorOptions.defaults());
        try {
            magics.line("cluster", "start -n 2", new FakeCell(null));
            FakeCell cell = new FakeCell(kernel);
            clusters.backend.on(0).result("5");
            clusters.backend.on(1).result("6");
            Outcome o = magics.cell("px", "--local -o ar", "System.out.println(\"here\"); 2 + 3", cell);
            assertThat(o.ok()).isTrue();
            assertThat(cell.text()).isEqualTo("here\nOut[local]: 5\nOut[0:1]: 5\nOut[1:1]: 6\n");
            FakeCell use = new FakeCell(kernel);
            var r = kernel.eval("ar.get()", (s, t) -> { });
            assertThat(r.valueText()).isEqualTo("[5, 6]");
            assertThat(kernel.eval("ar.ready()", (s, t) -> { }).valueText()).isEqualTo("true");
            assertThat(use.text()).isEmpty();
        } finally {
            kernel.close();
        }
    }

    @Test
    void enginesLeftStuckRefuseTheNextPxUntilTheyAreFree() {
        magics.line("cluster", "start -n 2", new FakeCell(null));
        clusters.backend.on(0).stuck();
        clusters.backend.on(1).out("ok\n");
        Outcome o = magics.cell("px", "--timeout 0.3", "deadlock();", new FakeCell(null));
        assertThat(o.ename()).isEqualTo("TimeoutError");
        Outcome next = magics.line("px", "1 + 1", new FakeCell(null));
        assertThat(next.ename()).isEqualTo("UsageError");
        assertThat(next.evalue()).isEqualTo("engine 0 is still stuck in an earlier %px (native code, such as an MPI receive,"
                + " that cannot be interrupted); run %cluster restart to replace the engines");
        assertThat(magics.line("px", "-t 1 1 + 1", new FakeCell(null)).ok()).isTrue();
        // A fresh cluster has no stuck engines.
        magics.line("cluster", "stop", new FakeCell(null));
        magics.line("cluster", "start -n 2", new FakeCell(null));
        assertThat(magics.line("px", "1 + 1", new FakeCell(null)).ok()).isTrue();
    }

    @Test
    void helpIsShownNotSent() {
        FakeCell cell = new FakeCell(null);
        assertThat(magics.cell("px", "--help", "ignored", cell).ok()).isTrue();
        assertThat(cell.text()).contains("Usage: %%px").contains("--group-outputs=engine|order|type");
    }
}
