package org.jparallel.cluster;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A named cluster configuration: how many engines, which launcher, extra mpirun arguments, JVM
 * options and class path of the engines. Stored by {@link Profiles}; {@code default} exists
 * without a file.
 *
 * @param name          profile name (letters, digits, '.', '_', '-')
 * @param engines       number of engines started when no count is given
 * @param launcher      "mpi" (one mpirun for all engines) or "local" (plain processes, no MPI)
 * @param mpirunArgs    extra arguments for mpirun, e.g. --hostfile hosts or --host a,b
 * @param jvmOptions    options for each engine JVM, added after the built-in ones
 * @param classPath     extra class path entries for the engines (and their JShell)
 * @param java          the java executable for the engines; empty: the one running the controller
 * @param controllerBind interface the controller binds to; 127.0.0.1 unless engines run on other hosts
 * @param startTimeout  how long to wait for all engines to register
 */
public record Profile(String name, int engines, String launcher, List<String> mpirunArgs, List<String> jvmOptions,
                      List<String> classPath, String java, String controllerBind, Duration startTimeout) {

    /** The launchers there are. */
    public static final Set<String> LAUNCHERS = Set.of("mpi", "local");
    public static final String DEFAULT_NAME = "default";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    public Profile {
        checkName(name);
        if (engines < 1 || engines > 4096) {
            throw new IllegalArgumentException("profile '" + name + "': the number of engines must be between 1 and 4096, got " + engines);
        }
        if (!LAUNCHERS.contains(launcher)) {
            throw new IllegalArgumentException("profile '" + name + "': unknown launcher '" + launcher + "'; use mpi or local");
        }
        mpirunArgs = List.copyOf(mpirunArgs);
        jvmOptions = List.copyOf(jvmOptions);
        classPath = List.copyOf(classPath);
        java = java == null ? "" : java;
        controllerBind = controllerBind == null || controllerBind.isBlank() ? "127.0.0.1" : controllerBind;
        if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("profile '" + name + "': the start timeout must be positive");
        }
    }

    /** The profile used when a name has no file: as many engines as cores, mpi launcher. */
    public static Profile defaults(String name) {
        return new Profile(name, Math.max(1, Runtime.getRuntime().availableProcessors()), "mpi", List.of(), List.of(),
                List.of(), "", "127.0.0.1", DEFAULT_START_TIMEOUT);
    }

    /** Throws when the name cannot be a profile name (it becomes part of file names). */
    public static String checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("'" + name + "' is not a profile name: use letters, digits, '.', '_' "
                    + "and '-' (at most 64, starting with a letter or digit)");
        }
        return name;
    }

    /** A copy with another engine count. */
    public Profile withEngines(int n) {
        return new Profile(name, n, launcher, mpirunArgs, jvmOptions, classPath, java, controllerBind, startTimeout);
    }

    /** A copy with another launcher. */
    public Profile withLauncher(String l) {
        return new Profile(name, engines, l, mpirunArgs, jvmOptions, classPath, java, controllerBind, startTimeout);
    }

    /** A copy with another start timeout. */
    public Profile withStartTimeout(Duration t) {
        return new Profile(name, engines, launcher, mpirunArgs, jvmOptions, classPath, java, controllerBind, t);
    }

    /** Whether the mpirun arguments choose hosts (then the local core count says nothing about slots). */
    public boolean choosesHosts() {
        return mpirunArgs.stream().anyMatch(a -> a.equals("--hostfile") || a.equals("-hostfile") || a.equals("--machinefile")
                || a.equals("-machinefile") || a.equals("--host") || a.equals("-host") || a.equals("-H")
                || a.startsWith("--hostfile=") || a.startsWith("--host="));
    }

    /** The class path entries joined with the platform separator. */
    public String classPathString() {
        return String.join(File.pathSeparator, classPath);
    }
}
