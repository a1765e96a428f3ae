package org.jparallel.cluster.launch.mpi;

import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.cluster.launch.LaunchSpec;
import org.jparallel.cluster.launch.EngineLauncher;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.Profile;
import org.jparallel.support.ShellWords;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Starts all engines together under one mpirun. mpirun comes from MPIRUN or the PATH; it gets
 * --allow-run-as-root only when running as root, --oversubscribe when more engines than cores
 * are asked for on this machine, the profile's arguments (--hostfile, --host, ...), and -x for
 * every variable the engines need (the key travels in the environment, never on a command line).
 */
public final class MpiLauncher implements EngineLauncher {
    /** The profile key of the extra mpirun arguments (a shell-like word list). */
    public static final String ARGS = "mpi.args";

    @Override
    public String name() {
        return "mpi";
    }

    @Override
    public String summary() {
        return "all engines under one mpirun (Open MPI), on this machine or the hosts in mpi.args";
    }

    @Override
    public Set<String> profileKeys() {
        return Set.of(ARGS);
    }

    @Override
    public Map<String, String> cliOptions() {
        return Map.of("--mpirun-args", ARGS);
    }

    @Override
    public boolean usesMpi() {
        return true;
    }

    /** The profile's extra mpirun arguments. */
    public static List<String> mpirunArgs(Profile profile) {
        try {
            return ShellWords.split(profile.setting(ARGS, ""));
        } catch (IllegalArgumentException e) {
            throw new ClusterException("profile '" + profile.name() + "': " + ARGS + " has " + e.getMessage());
        }
    }

    /** Whether the mpirun arguments choose hosts (then the local core count says nothing about slots). */
    static boolean choosesHosts(List<String> args) {
        return args.stream().anyMatch(a -> a.equals("--hostfile") || a.equals("-hostfile") || a.equals("--machinefile")
                || a.equals("-machinefile") || a.equals("--host") || a.equals("-host") || a.equals("-H")
                || a.startsWith("--hostfile=") || a.startsWith("--host="));
    }

    @Override
    public void check(Profile profile) {
        mpirun(profile);
    }

    private static Path mpirun(Profile profile) {
        String explicit = System.getenv("MPIRUN");
        return findMpirun().orElseThrow(() -> new ClusterException(explicit != null && !explicit.isBlank()
                ? "MPIRUN names " + explicit + ", which is not an executable file: point it at Open MPI's mpirun or unset it"
                : "mpirun was not found on the PATH (" + System.getenv("PATH") + "): install Open MPI, set MPIRUN to "
                + "mpirun's path, or start the engines without MPI with the local launcher, e.g. "
                + "Cluster.start(\"" + profile.name() + "\", " + profile.engines() + ", \"local\")"));
    }

    @Override
    public LaunchedEngines launch(LaunchSpec spec) {
        Path mpirun = mpirun(spec.profile());
        List<String> engine = JavaUnderMpirun.command(spec.engineCommand(), () -> JavaUnderMpirun.libdir(mpirun),
                JavaUnderMpirun.workingDir(mpirunArgs(spec.profile())));
        List<String> cmd = command(mpirun, spec, isRoot(), cores(), engine);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(spec.environment());
        // When a rank dies, kill the others at once instead of SIGTERM, a second's wait, SIGKILL:
        // the job is lost anyway, and mpirun reports the death only after the others are gone.
        pb.environment().putIfAbsent("OMPI_MCA_odls_base_sigkill_timeout", "0");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ClusterException("mpirun (" + mpirun + ") could not be started: " + e.getMessage(), e);
        }
        return new MpiProcesses(p, mpirun);
    }

    /** The mpirun command line (without the environment). */
    public static List<String> command(Path mpirun, LaunchSpec spec, boolean root, int cores) {
        return command(mpirun, spec, root, cores, spec.engineCommand());
    }

    /** The mpirun command line running the given engine command (see {@link JavaUnderMpirun}). */
    static List<String> command(Path mpirun, LaunchSpec spec, boolean root, int cores, List<String> engineCommand) {
        Profile profile = spec.profile();
        List<String> args = mpirunArgs(profile);
        List<String> cmd = new ArrayList<>();
        cmd.add(mpirun.toString());
        if (root && !args.contains("--allow-run-as-root")) {
            cmd.add("--allow-run-as-root");
        }
        // more engines than cores need --oversubscribe, unless the profile forbids it (mpirun then says why it cannot)
        if (spec.engines() > cores && !choosesHosts(args) && args.stream()
                .noneMatch(a -> a.equals("--oversubscribe") || a.equals("--nooversubscribe") || a.equals("-nooversubscribe"))) {
            cmd.add("--oversubscribe");
        }
        if (args.stream().noneMatch(a -> a.startsWith("--bind-to") || a.startsWith("-bind-to"))) {
            // A JVM bound to one core sees one CPU: single-threaded GC and JIT, slow start. Let the OS place them.
            cmd.add("--bind-to");
            cmd.add("none");
        }
        cmd.add("-np");
        cmd.add(Integer.toString(spec.engines()));
        cmd.addAll(args);
        for (String var : new java.util.TreeSet<>(spec.environment().keySet())) {
            cmd.add("-x");
            cmd.add(var);
        }
        cmd.addAll(engineCommand);
        return cmd;
    }

    /** mpirun from MPIRUN, else the first executable one on the PATH. */
    public static Optional<Path> findMpirun() {
        String explicit = System.getenv("MPIRUN");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(d -> Path.of(d, "mpirun"))
                .filter(Files::isExecutable).findFirst();
    }

    public static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * The cores Open MPI counts as slots on this machine: physical cores (not hardware threads)
     * among the CPUs this process may use.
     */
    public static int cores() {
        int cpus = Runtime.getRuntime().availableProcessors();
        Set<String> physical = new HashSet<>();
        for (int i = 0; i < 4096; i++) {
            Path topo = Path.of("/sys/devices/system/cpu/cpu" + i + "/topology");
            if (!Files.isDirectory(topo)) {
                break;
            }
            try {
                physical.add(Files.readString(topo.resolve("physical_package_id")).trim() + ":"
                        + Files.readString(topo.resolve("core_id")).trim());
            } catch (IOException e) {
                return cpus;
            }
        }
        return physical.isEmpty() ? cpus : Math.max(1, Math.min(cpus, physical.size()));
    }
}
