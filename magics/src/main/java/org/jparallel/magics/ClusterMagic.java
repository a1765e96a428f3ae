package org.jparallel.magics;

import org.jparallel.notebook.CellContext;
import org.jparallel.protocol.Outcome;

/** %cluster start | stop | status | restart | connect. */
final class ClusterMagic {
    private final ClusterControl clusters;

    ClusterMagic(ClusterControl clusters) {
        this.clusters = clusters;
    }

    Outcome run(String args, CellContext ctx) {
        MagicParser.ClusterCall call = MagicParser.cluster(args);
        if (call.help() != null) {
            ctx.stream("stdout", call.help().endsWith("\n") ? call.help() : call.help() + "\n");
            return Outcome.success();
        }
        String said;
        try {
            said = switch (call.action()) {
                case "start" -> {
                    ClusterOptions.Start o = (ClusterOptions.Start) call.options();
                    yield clusters.start(o.engines, o.profile == null ? "default" : o.profile, o.launcher, ctx);
                }
                case "connect" -> {
                    ClusterOptions.Connect o = (ClusterOptions.Connect) call.options();
                    yield clusters.connect(o.profile == null ? "default" : o.profile, ctx);
                }
                case "stop" -> clusters.stop();
                case "restart" -> clusters.restart(ctx);
                case "status" -> clusters.status();
                default -> throw new UsageError("%cluster has no sub-command " + call.action());
            };
        } catch (UsageError e) {
            throw e;
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Outcome.error("ClusterError", msg, java.util.List.of());
        }
        ctx.stream("stdout", said.endsWith("\n") ? said : said + "\n");
        return Outcome.success();
    }
}
