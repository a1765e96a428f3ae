package org.jparallel.cluster.model;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A named cluster configuration: how many engines, which launcher, extra mpirun arguments, JVM
 * options and class path of the engines. Stored by {@link Profiles}; {@code default} exists
 * without a file.
 *
 * @param name          profile name (letters, digits, '.', '_', '-')
 * @param engines       number of engines started when no count is given
 * @param launcher      the name of the engine launcher: "mpi" (one mpirun for all engines), "local" (plain
 *                      processes, no MPI), or any other launcher found (see cluster.launch.Launchers)
 * @param settings      the launcher's own keys and their values as written, e.g. "mpi.args" (extra mpirun
 *                      arguments such as --hostfile hosts); each launcher reads and checks its own
 * @param jvmOptions    options for each engine JVM, added after the built-in ones
 * @param classPath     extra class path entries for the engines (and their JShell)
 * @param java          the java executable for the engines; empty: the one running the controller
 * @param controllerBind interface the controller binds to; 127.0.0.1 unless engines run on other hosts
 * @param startTimeout  how long to wait for all engines to register
 */
public record Profile(String name, int engines, String launcher, Map<String, String> settings, List<String> jvmOptions,
                      List<String> classPath, String java, String controllerBind, Duration startTimeout) {

    public static final String DEFAULT_NAME = "default";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    public Profile {
        checkName(name);
        if (engines < 1 || engines > 4096) {
            throw new IllegalArgumentException("profile '" + name + "': the number of engines must be between 1 and 4096, got " + engines);
        }
        if (launcher == null || !launcher.matches("[a-z][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("profile '" + name + "': '" + launcher + "' is not a launcher name");
        }
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
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
        return new Profile(name, Math.max(1, Runtime.getRuntime().availableProcessors()), "mpi", Map.of(), List.of(),
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
        return new Profile(name, n, launcher, settings, jvmOptions, classPath, java, controllerBind, startTimeout);
    }

    /** A copy with another launcher. */
    public Profile withLauncher(String l) {
        return new Profile(name, engines, l, settings, jvmOptions, classPath, java, controllerBind, startTimeout);
    }

    /** A copy with another start timeout. */
    public Profile withStartTimeout(Duration t) {
        return new Profile(name, engines, launcher, settings, jvmOptions, classPath, java, controllerBind, t);
    }

    /** A launcher setting, or the default when the profile has none. */
    public String setting(String key, String dflt) {
        return settings.getOrDefault(key, dflt);
    }

    /** A copy with a launcher setting added (or replaced; removed when the value is null). */
    public Profile withSetting(String key, String value) {
        Map<String, String> m = new TreeMap<>(settings);
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return new Profile(name, engines, launcher, m, jvmOptions, classPath, java, controllerBind, startTimeout);
    }

    /** The class path entries joined with the platform separator. */
    public String classPathString() {
        return String.join(File.pathSeparator, classPath);
    }
}
