package org.jparallel.magics;

import org.jparallel.support.Seconds;


import org.jparallel.cluster.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options of %px and %%px, as picocli fills them; null or false means "not given". */
@Command(name = "%%px", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Run the cell on the engines of the cluster.")
final class PxOptions {
    @Option(names = {"-t", "--targets"}, paramLabel = "SPEC", converter = TargetsConverter.class,
            description = "Engines to run on: all, an id (3), a list (0,2) or a slice (1:3, ::2).")
    TargetSpec targets;

    @Option(names = {"-b", "--block"}, description = "Wait for the engines and show their output (the default).")
    boolean block;

    @Option(names = {"-a", "--noblock"}, description = "Return at once; see the output later with %%pxresult.")
    boolean noblock;

    @Option(names = "--group-outputs", paramLabel = "engine|order|type", converter = GroupConverter.class,
            description = "Order of the outputs: by engine, as received, or by type (stdout, stderr, results).")
    GroupOutputs groupOutputs;

    @Option(names = "--stream", negatable = true,
            description = "Show output live while the engines run (--no-stream: all at the end).")
    Boolean stream;

    @Option(names = "--local", description = "Also run the cell here, in the kernel.")
    boolean local;

    @Option(names = "--timeout", paramLabel = "SECONDS", converter = TimeoutConverter.class,
            description = "Interrupt the engines still running after this many seconds and show where they were.")
    Double timeout;

    @Option(names = {"-o", "--out"}, paramLabel = "NAME", converter = NameConverter.class,
            description = "Store the AsyncResult of the run in the notebook variable NAME.")
    String out;

    @Option(names = "--verbose", negatable = true, description = "Say where the code runs.")
    Boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    /** These options on top of the defaults. */
    PxSettings over(PxSettings d) {
        if (block && noblock) {
            throw new UsageError("--block and --noblock contradict each other: give one of them");
        }
        return new PxSettings(targets != null ? targets : d.targets(),
                block || (!noblock && d.block()),
                groupOutputs != null ? groupOutputs : d.groupOutputs(),
                stream != null ? stream : d.stream(),
                local || d.local(),
                timeout != null ? timeout : d.timeoutSeconds(),
                out != null ? out : d.out(),
                verbose != null ? verbose : d.verbose());
    }

    /** Parses a target spec for picocli. */
    static final class TargetsConverter implements ITypeConverter<TargetSpec> {
        @Override
        public TargetSpec convert(String value) {
            try {
                return TargetSpec.parse(value);
            } catch (IllegalArgumentException e) {
                // "bad targets 'x': why" -> "--targets: why" (the magic names the option)
                throw new TypeConversionException("--targets: " + e.getMessage().replaceFirst("^bad targets '.*?': ", ""));
            }
        }
    }

    /** Parses engine|order|type for picocli. */
    static final class GroupConverter implements ITypeConverter<GroupOutputs> {
        @Override
        public GroupOutputs convert(String value) {
            try {
                return GroupOutputs.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Parses a positive number of seconds for picocli. */
    static final class TimeoutConverter implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            try {
                return Seconds.parsePositive("--timeout", value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Checks a notebook variable name for picocli. */
    static final class NameConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!javax.lang.model.SourceVersion.isName(value) || value.contains(".") || value.equals("_")) {
                throw new TypeConversionException("'" + value + "' is not a valid Java variable name");
            }
            return value;
        }
    }
}
