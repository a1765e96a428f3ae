package org.jparallel.cluster.launch;

import org.jparallel.cluster.model.Profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a launcher starts: the engine command (java, options, class path, EngineMain), the
 * variables every engine needs in its environment, and the profile's launcher settings.
 *
 * @param profile       the profile (mpirun arguments, launcher name)
 * @param engines       how many engines
 * @param engineCommand the command of one engine
 * @param environment   variables for the engines (key, controller address, ...): set in the
 *                      launcher's environment and, under mpirun, exported with -x
 * @param runtimeDir    the cluster's runtime directory (its connection file's), for files a launcher
 *                      writes (a batch script, a job's output)
 */
public record LaunchSpec(Profile profile, int engines, List<String> engineCommand, Map<String, String> environment,
                         Path runtimeDir) {
    public LaunchSpec {
        engineCommand = List.copyOf(engineCommand);
        environment = Map.copyOf(environment);
        runtimeDir = runtimeDir == null ? org.jparallel.cluster.model.RuntimeDir.user().dir() : runtimeDir;
    }

    /** A spec with the user's runtime directory. */
    public LaunchSpec(Profile profile, int engines, List<String> engineCommand, Map<String, String> environment) {
        this(profile, engines, engineCommand, environment, null);
    }
}
