package org.jparallel.cluster.launch.local;

import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.cluster.launch.LaunchSpec;
import org.jparallel.cluster.launch.EngineLauncher;
import org.jparallel.cluster.model.ClusterException;

import org.jparallel.protocol.EngineProtocol;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Starts each engine as a plain process, without MPI; each gets its rank and size in the environment. */
public final class LocalLauncher implements EngineLauncher {

    @Override
    public String name() {
        return "local";
    }

    @Override
    public String summary() {
        return "each engine as a plain process on this machine, without MPI";
    }

    @Override
    public LaunchedEngines launch(LaunchSpec spec) {
        List<Process> started = new ArrayList<>();
        for (int i = 0; i < spec.engines(); i++) {
            ProcessBuilder pb = new ProcessBuilder(spec.engineCommand());
            pb.environment().putAll(spec.environment());
            pb.environment().put(EngineProtocol.ENV_ENGINE_ID, Integer.toString(i));
            pb.environment().put(EngineProtocol.ENV_ENGINE_COUNT, Integer.toString(spec.engines()));
            // an engine inherited from an mpirun-started shell must not take MPI's rank
            pb.environment().keySet().removeIf(k -> k.startsWith("OMPI_COMM_WORLD_") || k.startsWith("PMI_")
                    || k.startsWith("PMIX_"));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            try {
                started.add(pb.start());
            } catch (IOException e) {
                started.forEach(Process::destroyForcibly);
                throw new ClusterException("engine " + i + " could not be started (" + spec.engineCommand().get(0)
                        + "): " + e.getMessage(), e);
            }
        }
        return new LocalProcesses(started);
    }
}
