package org.jparallel.magics;

import org.jparallel.notebook.CellContext;

import org.jparallel.cluster.ClusterLink;
import org.jparallel.cluster.TargetSpec;
import org.jparallel.protocol.Outcome;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parallel magics, as ipyparallel's: {@code %px}, {@code %%px}, {@code %pxresult},
 * {@code %pxconfig}, {@code %autopx}, and {@code %cluster} to start and stop the engines.
 */
public final class ParallelMagics implements MagicHandler {
    /** The exact sentence for any parallel magic when no cluster runs. */
    static final String NO_CLUSTER = "no cluster: start one with %cluster start -n 2 or Cluster.start(...)";
    /** The sentence when the cluster is there but none of its engines runs. */
    static final String NO_ENGINES = "no engine of the cluster is running (%cluster status says why):"
            + " %cluster restart starts new ones, %cluster stop ends the cluster";

    private final ClusterControl clusters;
    private final PxRunner.Timing timing;
    private final ClusterMagic clusterMagic;
    private volatile PxSettings defaults = PxSettings.initial();
    private volatile PxRun last;
    private volatile ClusterLink lastLink;
    private volatile boolean autopx;
    private final Set<Integer> stuck = ConcurrentHashMap.newKeySet();
    private volatile ClusterLink stuckOn;

    /** The magics over the real clusters (what the kernel loads). */
    public ParallelMagics() {
        this(new ClusterCommands(), PxRunner.Timing.defaults());
    }

    ParallelMagics(ClusterControl clusters, PxRunner.Timing timing) {
        this.clusters = clusters;
        this.timing = timing;
        this.clusterMagic = new ClusterMagic(clusters);
    }

    @Override
    public List<String> lineMagics() {
        return List.of("autopx", "cluster", "px", "pxconfig", "pxresult");
    }

    @Override
    public List<String> argumentWords(String name, boolean cell, List<String> wordsBefore) {
        return MagicParser.argumentWords(name, wordsBefore);
    }

    @Override
    public List<String> cellMagics() {
        return List.of("px");
    }

    @Override
    public boolean autoRoute() {
        return autopx;
    }

    @Override
    public Outcome line(String name, String args, CellContext ctx) {
        try {
            return switch (name) {
                case "px" -> {
                    MagicParser.PxLine l = MagicParser.pxLine(args);
                    yield l.parsed().isHelp() ? help(ctx, l.parsed().help())
                            : convert(px(l.parsed().options().over(defaults), l.code(), ctx));
                }
                case "pxresult" -> pxresult(args, ctx);
                case "pxconfig" -> pxconfig(args, ctx);
                case "autopx" -> autopx(args, ctx);
                case "cluster" -> cluster(args, ctx);
                default -> new UsageError("the parallel magics have no %" + name).outcome();
            };
        } catch (UsageError e) {
            return e.outcome();
        }
    }

    @Override
    public Outcome cell(String name, String args, String body, CellContext ctx) {
        try {
            if (!name.equals("px")) {
                throw new UsageError("the parallel magics have no %%" + name);
            }
            MagicParser.Parsed<PxOptions> p = MagicParser.pxCell(args);
            return p.isHelp() ? help(ctx, p.help()) : convert(px(p.options().over(defaults), body, ctx));
        } catch (UsageError e) {
            return e.outcome();
        }
    }

    private static Outcome help(CellContext ctx, String text) {
        ctx.stream("stdout", text.endsWith("\n") ? text : text + "\n");
        return Outcome.success();
    }

    private ClusterLink link() {
        Optional<ClusterLink> link = clusters.active();
        if (link.isEmpty()) {
            throw new UsageError(NO_CLUSTER);
        }
        if (link.get().ids().isEmpty()) {
            // the cluster is there but its engines are gone (died, or stopped by mpirun): say so, not "no cluster"
            throw new UsageError(NO_ENGINES);
        }
        return link.get();
    }

    /** Sends code to the engines as the settings say. */
    private Object px(PxSettings s, String code, CellContext ctx) {
        ClusterLink link = link();
        PxRunner runner = new PxRunner(link, timing);
        refuseStuck(link, s);
        PxRun run = runner.start(s, code);
        last = run;
        lastLink = link;
        if (s.verbose()) {
            ctx.stream("stdout", "Parallel execution on " + TargetSpec.engines(run.targets) + "\n");
        }
        if (s.block()) {
            ctx.onInterrupt(PxRunner.interruptHook(run)); // before --local runs: an interrupt then reaches the engines too
        }
        Outcome local = s.local() ? runLocally(code, ctx) : Outcome.success();
        if (s.out() != null) {
            bind(s.out(), run, ctx);
        }
        if (!s.block()) {
            return local.ok() ? run.result : local;
        }
        Outcome o = runner.await(run, s.groupOutputs(), s.stream(), s.timeoutSeconds(), new CellOutput(ctx));
        noteStuck(link, run);
        return o.ok() ? local : o;
    }

    private void noteStuck(ClusterLink link, PxRun run) {
        if (!run.stuck.isEmpty()) {
            if (stuckOn != link) {
                stuck.clear();
                stuckOn = link;
            }
            stuck.addAll(run.stuck);
        }
    }

    /**
     * Engines left stuck by an earlier %px (native code that ignores interrupts) would queue this
     * request behind it forever: unless they have come free since, say so and send nothing.
     */
    private void refuseStuck(ClusterLink link, PxSettings s) {
        if (stuckOn != link || stuck.isEmpty()) {
            return;
        }
        List<Integer> targets;
        try {
            targets = s.targets().resolve(link.ids());
        } catch (IllegalArgumentException e) {
            return; // start() reports it
        }
        List<Integer> suspects = targets.stream().filter(stuck::contains).toList();
        if (suspects.isEmpty()) {
            return;
        }
        Set<Integer> stillBusy = new java.util.HashSet<>();
        StackFrames.requestFrames(link, suspects, Duration.ofMillis(timing.stackWaitMillis())).forEach((e, frames) -> {
            if (!frames.isEmpty()) {
                stillBusy.add(e); // an idle engine answers with no frames
            }
        });
        suspects.stream().filter(e -> !stillBusy.contains(e)).forEach(stuck::remove);
        List<Integer> still = suspects.stream().filter(stillBusy::contains).toList();
        if (!still.isEmpty()) {
            throw new UsageError(TargetSpec.engines(still) + (still.size() == 1 ? " is" : " are")
                    + " still stuck in an earlier %px (native code, such as an MPI receive, that cannot be interrupted);"
                    + " run %cluster restart to replace the engines");
        }
    }

    /** --local: the same code in the kernel's JShell, its output straight to the cell. */
    private static Outcome runLocally(String code, CellContext ctx) {
        Outcome r = ctx.evaluator().eval(code, ctx::stream);
        if (r.status() == Outcome.Status.OK) {
            if (r.hasValue()) {
                ctx.stream("stdout", "Out[local]: " + r.valueText() + "\n");
            }
            return Outcome.success();
        }
        return r;
    }

    /** -o NAME: a notebook variable bound to the run's AsyncResult. */
    private static void bind(String name, PxRun run, CellContext ctx) {
        String key = ResultHandles.keep(run.result);
        try {
            Outcome r = ctx.evaluator().eval("org.jparallel.cluster.AsyncResult<java.util.List<String>> " + name
                    + " = org.jparallel.magics.ResultHandles.take(\"" + key + "\");", ctx::stream);
            if (r.status() != Outcome.Status.OK) {
                throw new UsageError("-o " + name + ": the result could not be stored in " + name
                        + ": " + r.failure().evalue());
            }
        } finally {
            ResultHandles.discard(key);
        }
    }

    /** %cluster; when the cluster goes away, %autopx has nothing to send to and turns off. */
    private Outcome cluster(String args, CellContext ctx) {
        Outcome o = clusterMagic.run(args, ctx);
        if (autopx && clusters.active().isEmpty()) {
            autopx = false;
            ctx.stream("stdout", "%autopx disabled\n");
        }
        return o;
    }

    private Outcome pxresult(String args, CellContext ctx) {
        MagicParser.Parsed<PxResultOptions> p = MagicParser.pxResult(args);
        if (p.isHelp()) {
            return help(ctx, p.help());
        }
        PxRun run = last;
        if (run == null) {
            throw new UsageError("%pxresult: there is no earlier %px to show; run %px or %%px (with --noblock) first");
        }
        GroupOutputs g = p.options().groupOutputs != null ? p.options().groupOutputs : defaults.groupOutputs();
        ctx.onInterrupt(PxRunner.interruptHook(run));
        Outcome o = new PxRunner(lastLink, timing).await(run, g, defaults.stream(), 0, new CellOutput(ctx));
        noteStuck(lastLink, run);
        return o;
    }

    private Outcome pxconfig(String args, CellContext ctx) {
        MagicParser.Parsed<PxConfigOptions> p = MagicParser.pxConfig(args);
        if (p.isHelp()) {
            return help(ctx, p.help());
        }
        if (!p.options().any()) {
            ctx.stream("stdout", "%pxconfig: " + defaults.describe() + "\n");
            return Outcome.success();
        }
        defaults = p.options().over(defaults);
        return Outcome.success();
    }

    private Outcome autopx(String args, CellContext ctx) {
        MagicParser.autopx(args);
        if (!autopx && clusters.active().isEmpty()) {
            throw new UsageError(NO_CLUSTER);
        }
        autopx = !autopx;
        ctx.stream("stdout", autopx ? "%autopx enabled\n" : "%autopx disabled\n");
        return Outcome.success();
    }

    /** What px gives back: its outcome, or the AsyncResult of a --noblock run as the cell's value. */
    private static Outcome convert(Object o) {
        return o instanceof Outcome out ? out : Outcome.value(o, null);
    }
}
