package org.jparallel.cluster.cli;

import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.Profiles;
import org.jparallel.support.ShellWords;

import org.jparallel.cluster.launch.EngineLauncher;
import org.jparallel.cluster.launch.Launchers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jpcluster profile create|show|list}: the cluster profiles in the user's config directory. */
@Command(name = "profile", description = "Create, show and list cluster profiles.",
        subcommands = {ProfileCommand.Create.class, ProfileCommand.Show.class, ProfileCommand.ListProfiles.class,
                ProfileCommand.ListLaunchers.class})
public final class ProfileCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(JpClusterCli.OUT);
        return 2;
    }

    /** {@code jpcluster profile create NAME}. */
    @Command(name = "create", description = "Create (or replace) a profile.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", description = "profile name")
        String name;
        @Option(names = {"-n", "--engines"}, description = "number of engines (default: the number of cores)")
        Integer engines;
        @Option(names = "--launcher", description = "the engine launcher (default: the one whose options are given, else mpi;"
                + " see `jpcluster profile launchers`)")
        String launcher;
        @Option(names = "--jvm-options", defaultValue = "", description = "options for each engine JVM, e.g. \"-Xmx2g\"")
        String jvmOptions;
        @Option(names = "--classpath", defaultValue = "", description = "extra class path for the engines (':'-separated)")
        String classPath;
        @Option(names = "--java", defaultValue = "", description = "java executable for the engines")
        String java;
        @Option(names = "--controller-bind", defaultValue = "127.0.0.1",
                description = "interface the controller listens on (another address only for engines on other hosts)")
        String bind;
        @Option(names = "--start-timeout", defaultValue = "60", description = "seconds to wait for the engines")
        int startTimeout;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Profile d = Profile.defaults(Profile.checkName(name));
            if (launcher == null) {
                // --hosts ... alone means the hosts launcher: the launcher whose options are given
                launcher = spec.options().stream().filter(o -> o.userObject() instanceof String && o.getValue() != null)
                        .map(o -> (String) o.userObject()).findFirst().orElse(d.launcher());
            }
            Profile p;
            try {
                p = new Profile(name, engines == null ? d.engines() : engines, launcher, Map.of(),
                        ShellWords.split(jvmOptions), List.of(classPath.split(File.pathSeparator)).stream()
                        .filter(s -> !s.isBlank()).toList(), java, bind, Duration.ofSeconds(startTimeout));
            } catch (IllegalArgumentException e) {
                throw new ClusterException(e.getMessage());
            }
            EngineLauncher chosen = Launchers.named(launcher);
            for (OptionSpec o : spec.options()) {
                if (o.userObject() instanceof String owner && o.getValue() != null) {
                    String key = chosen.cliOptions().get(o.longestName());
                    if (key == null) {
                        throw new ClusterException(o.longestName() + " is an option of the " + owner + " launcher, not of "
                                + launcher);
                    }
                    p = p.withSetting(key, o.getValue());
                }
            }
            Launchers.forProfile(p);
            var file = Profiles.user().save(p);
            JpClusterCli.OUT.println("profile '" + name + "' written to " + file);
            return 0;
        }
    }

    /**
     * Adds each launcher's own options (e.g. --mpirun-args, --partition) to {@code profile create};
     * an option two launchers share is added once and goes to the chosen launcher's key.
     */
    static void addLauncherOptions(CommandSpec create) {
        for (EngineLauncher l : Launchers.all().values()) {
            l.cliOptions().forEach((option, key) -> {
                if (create.findOption(option) == null) {
                    create.addOption(OptionSpec.builder(option).paramLabel("VALUE").type(String.class).userObject(l.name())
                            .description("(" + l.name() + " launcher) sets " + key).build());
                }
            });
        }
    }

    /** {@code jpcluster profile launchers}. */
    @Command(name = "launchers", description = "List the engine launchers and their options.")
    static final class ListLaunchers implements Callable<Integer> {
        @Override
        public Integer call() {
            for (EngineLauncher l : Launchers.all().values()) {
                JpClusterCli.OUT.printf("%-8s %s%n", l.name(), l.summary());
                new java.util.TreeMap<>(l.cliOptions()).forEach((o, k) -> JpClusterCli.OUT.printf("         %s VALUE  (profile key %s)%n", o, k));
            }
            return 0;
        }
    }

    /** {@code jpcluster profile show NAME}. */
    @Command(name = "show", description = "Show a profile's settings.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = "default", description = "profile name")
        String name;
        @Option(names = "--json", description = "print the profile (or the error) as JSON")
        boolean json;

        @Override
        public Integer call() {
            Profiles profiles = Profiles.user();
            Profile p = profiles.load(name);
            if (json) {
                JpClusterCli.OUT.println(CliJson.line(CliJson.profile(profiles, p)));
                return 0;
            }
            JpClusterCli.OUT.println("profile " + p.name() + (profiles.exists(name) && java.nio.file.Files.isRegularFile(profiles.file(name))
                    ? " (" + profiles.file(name) + ")" : " (built in)"));
            JpClusterCli.OUT.println("  engines         " + p.engines());
            JpClusterCli.OUT.println("  launcher        " + p.launcher());
            p.settings().forEach((k, v) -> JpClusterCli.OUT.printf("  %-15s %s%n", k, v));
            JpClusterCli.OUT.println("  jvm.options     " + ShellWords.join(p.jvmOptions()));
            JpClusterCli.OUT.println("  classpath       " + p.classPathString());
            JpClusterCli.OUT.println("  java            " + (p.java().isEmpty() ? "(the controller's)" : p.java()));
            JpClusterCli.OUT.println("  controller.bind " + p.controllerBind());
            JpClusterCli.OUT.println("  start.timeout   " + p.startTimeout().toSeconds() + " s");
            return 0;
        }
    }

    /** {@code jpcluster profile list}. */
    @Command(name = "list", description = "List the profiles.")
    static final class ListProfiles implements Callable<Integer> {
        @Option(names = "--json", description = "print {\"profiles\": [...]}, a broken profile file as {\"name\", \"error\"}")
        boolean json;

        @Override
        public Integer call() {
            Profiles profiles = Profiles.user();
            if (json) {
                com.google.gson.JsonObject o = new com.google.gson.JsonObject();
                o.add("profiles", CliJson.profiles(profiles));
                JpClusterCli.OUT.println(CliJson.line(o));
                return 0;
            }
            for (String n : profiles.names()) {
                Profile p = profiles.load(n);
                JpClusterCli.OUT.printf("%-20s %3d engines, %s launcher%n", n, p.engines(), p.launcher());
            }
            return 0;
        }
    }
}
