package org.jparallel.magics;

import org.jparallel.support.Seconds;

import org.jparallel.cluster.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** The options of %pxconfig: new defaults for the %px magics that follow. */
@Command(name = "%pxconfig", sortOptions = false,
        description = "Set the defaults of %%px and %%%%px; with no options, show them.")
final class PxConfigOptions {
    @Option(names = {"-t", "--targets"}, paramLabel = "SPEC", converter = PxOptions.TargetsConverter.class,
            description = "Default engines: all, an id (3), a list (0,2) or a slice (1:3, ::2).")
    TargetSpec targets;

    @Option(names = {"-b", "--block"}, description = "Wait for the engines by default.")
    boolean block;

    @Option(names = {"-a", "--noblock"}, description = "Return at once by default.")
    boolean noblock;

    @Option(names = "--group-outputs", paramLabel = "engine|order|type", converter = PxOptions.GroupConverter.class,
            description = "Default order of the outputs.")
    GroupOutputs groupOutputs;

    @Option(names = "--stream", negatable = true, description = "Show output live by default.")
    Boolean stream;

    @Option(names = "--timeout", paramLabel = "SECONDS|none", converter = OptionalTimeout.class,
            description = "Default timeout in seconds, or none.")
    Double timeout;

    @Option(names = "--verbose", negatable = true, description = "Say where the code runs.")
    Boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    /** Whether any option was given (none means: show the defaults). */
    boolean any() {
        return targets != null || block || noblock || groupOutputs != null || stream != null || timeout != null
                || verbose != null;
    }

    /** The defaults with these options applied. */
    PxSettings over(PxSettings d) {
        if (block && noblock) {
            throw new UsageError("--block and --noblock contradict each other: give one of them");
        }
        return new PxSettings(targets != null ? targets : d.targets(),
                block || (!noblock && d.block()),
                groupOutputs != null ? groupOutputs : d.groupOutputs(),
                stream != null ? stream : d.stream(),
                d.local(),
                timeout != null ? timeout : d.timeoutSeconds(),
                d.out(),
                verbose != null ? verbose : d.verbose());
    }

    /** A positive number of seconds, or none / 0 for no timeout (read as 0). */
    static final class OptionalTimeout implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("none") || v.equals("0")) {
                return 0.0;
            }
            try {
                return Seconds.parsePositive("--timeout", value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage() + " (or none)");
            }
        }
    }
}
