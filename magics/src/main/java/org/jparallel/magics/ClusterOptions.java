package org.jparallel.magics;

import org.jparallel.cluster.launch.Launchers;


import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** The sub-commands and options of %cluster. */
@Command(name = "%cluster", description = "Start, stop and inspect the cluster of engines.",
        subcommands = {ClusterOptions.Start.class, ClusterOptions.Stop.class, ClusterOptions.Status.class,
                ClusterOptions.Restart.class, ClusterOptions.Connect.class})
final class ClusterOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    /** %cluster start. */
    @Command(name = "start", description = "Start a cluster of N engines (under mpirun by default).")
    static final class Start {
        @Option(names = {"-n", "--engines"}, required = true, paramLabel = "N", converter = EngineCount.class,
                description = "Number of engines (1 to 4096).")
        int engines;

        @Option(names = "--profile", paramLabel = "P", converter = ProfileName.class,
                description = "Profile to use (default: default).")
        String profile;

        @Option(names = "--launcher", paramLabel = "LAUNCHER", converter = LauncherName.class,
                description = "How to launch the engines: mpi (mpirun, the default) or local (plain processes).")
        String launcher;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    /** %cluster stop. */
    @Command(name = "stop", description = "Stop the cluster and its engines.")
    static final class Stop {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    /** %cluster status. */
    @Command(name = "status", description = "Show the cluster's profile, engines and their state.")
    static final class Status {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    /** %cluster restart. */
    @Command(name = "restart", description = "Stop the engines and start as many fresh ones (recovers stuck engines).")
    static final class Restart {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    /** %cluster connect. */
    @Command(name = "connect", description = "Connect to a cluster already running (started by jpcluster or another kernel).")
    static final class Connect {
        @Option(names = "--profile", paramLabel = "P", converter = ProfileName.class,
                description = "Profile of the running cluster (default: default).")
        String profile;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        boolean help;
    }

    /** An engine count in 1..1024. */
    static final class EngineCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("the number of engines must be a whole number, not '" + value + "'");
            }
            if (n < 1 || n > 4096) {
                throw new TypeConversionException("the number of engines must be between 1 and 4096, not " + n);
            }
            return n;
        }
    }

    /** A profile name: letters, digits, '-', '_' and '.'. */
    static final class ProfileName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new TypeConversionException("'" + value
                        + "' is not a profile name: use letters, digits, '-', '_' and '.' (at most 64)");
            }
            return value;
        }
    }

    /** The name of a launcher there is (mpi, local, ...). */
    static final class LauncherName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (!Launchers.all().containsKey(v)) {
                throw new TypeConversionException("the launcher must be " + String.join(" or ", Launchers.all().keySet())
                        + ", not '" + value + "'");
            }
            return v;
        }
    }
}
