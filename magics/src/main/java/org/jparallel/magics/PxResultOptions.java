package org.jparallel.magics;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The options of %pxresult. */
@Command(name = "%pxresult", description = "Show the output of the last non-blocking %%px, waiting for it if needed.")
final class PxResultOptions {
    @Option(names = "--group-outputs", paramLabel = "engine|order|type", converter = PxOptions.GroupConverter.class,
            description = "Order of the outputs (default: as %%pxconfig says).")
    GroupOutputs groupOutputs;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
}
