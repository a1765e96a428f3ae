package org.jparallel.cluster.launch.slurm;

import org.jparallel.cluster.launch.EngineLauncher;
import org.jparallel.cluster.launch.LaunchSpec;
import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.Profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Starts the engines as one Slurm batch job: writes a batch script (0600, no secret in it) from
 * the profile's settings or the user's template, submits it with sbatch (the key and the
 * controller's address go in sbatch's environment, which Slurm passes to the job), and watches
 * the job through squeue. Inside the allocation, mpirun starts one engine per task.
 */
public final class SlurmLauncher implements EngineLauncher {
    private static final Logger LOG = Logger.getLogger(SlurmLauncher.class.getName());
    static final String PARTITION = "slurm.partition";
    static final String ACCOUNT = "slurm.account";
    static final String QOS = "slurm.qos";
    static final String TIME = "slurm.time";
    static final String NODES = "slurm.nodes";
    static final String SBATCH_ARGS = "slurm.sbatch.args";
    static final String TEMPLATE = "slurm.template";
    static final String COMMANDS = "slurm.commands";
    static final String MPIRUN = "slurm.mpirun";
    static final String CONF = "slurm.conf";
    static final String OUTPUT = "slurm.output";
    static final String DEFAULT_TIME = "4:00:00";

    @Override
    public String name() {
        return "slurm";
    }

    @Override
    public String summary() {
        return "the engines as one Slurm batch job (sbatch; mpirun inside the allocation)";
    }

    @Override
    public Set<String> profileKeys() {
        return Set.of(PARTITION, ACCOUNT, QOS, TIME, NODES, SBATCH_ARGS, TEMPLATE, COMMANDS, MPIRUN, CONF, OUTPUT);
    }

    @Override
    public Map<String, String> cliOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--partition", PARTITION);
        m.put("--account", ACCOUNT);
        m.put("--qos", QOS);
        m.put("--time", TIME);
        m.put("--nodes", NODES);
        m.put("--sbatch-args", SBATCH_ARGS);
        m.put("--batch-template", TEMPLATE);
        m.put("--slurm-commands", COMMANDS);
        m.put("--slurm-conf", CONF);
        m.put("--job-output", OUTPUT);
        return m;
    }

    @Override
    public boolean usesMpi() {
        return true;
    }

    @Override
    public void check(Profile profile) {
        SlurmCommands.find(profile.setting(COMMANDS, ""), System.getenv("PATH"));
        String time = profile.setting(TIME, DEFAULT_TIME).strip();
        if (!validTime(time)) {
            throw new ClusterException("profile '" + profile.name() + "': slurm.time '" + time + "' is not a Slurm time limit: "
                    + "use minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 4:00:00)");
        }
        String nodes = profile.setting(NODES, "").strip();
        if (!nodes.isEmpty() && !nodes.matches("\\d+(-\\d+)?")) {
            throw new ClusterException("profile '" + profile.name() + "': slurm.nodes '" + nodes + "' is not a node count: "
                    + "use a number or a range such as 2-4");
        }
        String template = profile.setting(TEMPLATE, "");
        if (!template.isBlank() && !Files.isReadable(Path.of(template))) {
            throw new ClusterException("profile '" + profile.name() + "': the batch template " + template
                    + " (slurm.template) cannot be read");
        }
        String conf = profile.setting(CONF, "");
        if (!conf.isBlank() && !Files.isReadable(Path.of(conf.strip()))) {
            throw new ClusterException("profile '" + profile.name() + "': the Slurm configuration " + conf
                    + " (slurm.conf) cannot be read");
        }
        String bind = profile.controllerBind();
        if (bind.startsWith("127.") || bind.equals("localhost") || bind.equals("::1")) {
            throw new ClusterException("profile '" + profile.name() + "': the slurm launcher's engines run on the compute nodes, "
                    + "which cannot reach the controller at " + bind + ": create the profile with --controller-bind ADDRESS, "
                    + "an address of this machine that the nodes reach (or 0.0.0.0 for all)");
        }
    }

    static boolean validTime(String t) {
        return t.matches("\\d+(:\\d{1,2}){0,2}|\\d+-\\d+(:\\d{1,2}){0,2}|UNLIMITED|INFINITE|unlimited|infinite");
    }

    @Override
    public LaunchedEngines launch(LaunchSpec spec) {
        Profile profile = spec.profile();
        check(profile);
        SlurmCommands commands = SlurmCommands.find(profile.setting(COMMANDS, ""), System.getenv("PATH"))
                .withConf(profile.setting(CONF, ""));
        Path dir = spec.runtimeDir();
        Path script = dir.resolve("slurm-" + profile.name() + ".sh");
        // The job's first node writes the output: a directory the nodes share (the runtime directory is
        // often node-local, e.g. /run/user/UID), by default under the home directory.
        Path outDir = outputDir(profile);
        Path output = outDir.resolve("slurm-" + profile.name() + ".out");
        String templateFile = profile.setting(TEMPLATE, "");
        String template;
        try {
            template = templateFile.isBlank() ? null : Files.readString(Path.of(templateFile));
        } catch (IOException e) {
            throw new ClusterException("the batch template " + templateFile + " cannot be read: " + e.getMessage(), e);
        }
        BatchScript.Options o = new BatchScript.Options(profile.name(), spec.engines(), profile.setting(NODES, ""),
                profile.setting(TIME, DEFAULT_TIME), profile.setting(PARTITION, ""), profile.setting(ACCOUNT, ""),
                profile.setting(QOS, ""), output.toString());
        String mpirun = BatchScript.mpirunLine(profile.setting(MPIRUN, "mpirun"), isRoot(), spec.engines(),
                new ArrayList<>(spec.environment().keySet()), spec.engineCommand());
        String text = BatchScript.render(template, templateFile.isBlank() ? "(built in)" : templateFile, o, mpirun);
        try {
            Files.createDirectories(dir);
            createPrivateDirectories(outDir);
            writePrivate(script, text);
            writePrivate(output, ""); // Slurm appends to it (--open-mode=append): it keeps these permissions
        } catch (IOException e) {
            throw new ClusterException("the batch script " + script + " cannot be written: " + e.getMessage(), e);
        }
        List<String> args = new ArrayList<>(List.of("--parsable", "--export=ALL"));
        args.addAll(org.jparallel.support.ShellWords.split(profile.setting(SBATCH_ARGS, "")));
        args.add(script.toString());
        // The key, the controller's address and the rest reach the job through sbatch's environment only.
        Map<String, String> env = new HashMap<>(spec.environment());
        SlurmCommands.Result r = commands.run("sbatch", args, env, Duration.ofSeconds(60));
        String id = r.stdout().strip().split(";")[0];
        if (!r.ok() || !id.matches("\\d+(_\\d+)?")) {
            throw new ClusterException("sbatch refused the engines' job for profile '" + profile.name() + "': "
                    + (r.said().isEmpty() ? "exit code " + r.exitCode() : String.join("; ", r.said().lines().map(String::strip).filter(l -> !l.isEmpty()).toList())));
        }
        LOG.info(() -> "submitted Slurm job " + id + " (" + spec.engines() + " engines, script " + script + ")");
        return new SlurmEngines(commands, id, script, output);
    }

    /** Where the job's output goes: slurm.output, else ~/.local/share/jparallel/slurm. */
    static Path outputDir(Profile profile) {
        String o = profile.setting(OUTPUT, "").strip();
        return o.isEmpty() ? Path.of(System.getProperty("user.home"), ".local", "share", "jparallel", "slurm") : Path.of(o);
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile by another start
            }
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
    }

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
