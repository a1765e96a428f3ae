package org.jparallel.cluster.launch.slurm;

import org.jparallel.cluster.model.ClusterException;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Slurm's client commands (sbatch, squeue, scancel, scontrol), found in the profile's
 * {@code slurm.commands} directory or on the PATH, and run with a time limit and bounded output.
 * They read SLURM_CONF (and the rest of Slurm's settings) from the environment they inherit.
 */
final class SlurmCommands {
    static final List<String> NAMES = List.of("sbatch", "squeue", "scancel", "scontrol");
    private static final int MAX_OUTPUT = 256 * 1024;

    /** What a command printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** stderr, else stdout, trimmed: what the command said. */
        String said() {
            String s = stderr.strip();
            return s.isEmpty() ? stdout.strip() : s;
        }
    }

    private final Map<String, Path> paths;
    private final Map<String, String> environment;

    private SlurmCommands(Map<String, Path> paths, Map<String, String> environment) {
        this.paths = Map.copyOf(paths);
        this.environment = Map.copyOf(environment);
    }

    /** The same commands, run with SLURM_CONF naming that file (when not blank). */
    SlurmCommands withConf(String conf) {
        return conf == null || conf.isBlank() ? this : new SlurmCommands(paths, Map.of("SLURM_CONF", conf.strip()));
    }

    /**
     * Finds the commands in the directory (when not blank) or on the PATH; throws naming the
     * missing ones.
     */
    static SlurmCommands find(String dir, String pathVariable) {
        Map<String, Path> found = new java.util.TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (String name : NAMES) {
            Path p = locate(name, dir, pathVariable);
            if (p == null) {
                missing.add(name);
            } else {
                found.put(name, p);
            }
        }
        if (!missing.isEmpty()) {
            String which = String.join(", ", missing);
            throw new ClusterException(dir != null && !dir.isBlank()
                    ? "Slurm's " + which + " not found in " + dir + " (the profile's slurm.commands): point slurm.commands "
                    + "at the directory holding sbatch, squeue, scancel and scontrol, or remove it to use the PATH"
                    : "Slurm's " + which + " not found on the PATH (" + pathVariable + "): the slurm launcher needs Slurm's "
                    + "client commands (Debian: apt-get install slurm-client; on a cluster: module load slurm), or set "
                    + "slurm.commands in the profile to their directory");
        }
        return new SlurmCommands(found, Map.of());
    }

    private static Path locate(String name, String dir, String pathVariable) {
        if (dir != null && !dir.isBlank()) {
            Path p = Path.of(dir, name);
            return Files.isExecutable(p) ? p : null;
        }
        if (pathVariable == null) {
            return null;
        }
        for (String d : pathVariable.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name);
            }
        }
        return null;
    }

    Path path(String name) {
        return paths.get(name);
    }

    /**
     * Runs the command with the arguments (and extra environment), waiting at most the time;
     * throws a {@link ClusterException} when it cannot start or does not finish in time.
     */
    Result run(String name, List<String> args, Map<String, String> env, Duration limit) {
        List<String> cmd = new ArrayList<>();
        cmd.add(paths.get(name).toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(environment);
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ClusterException(name + " (" + paths.get(name) + ") could not be started: " + e.getMessage(), e);
        }
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        String out = drain(p.getInputStream());
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ClusterException(name + " did not answer within " + limit.toSeconds() + " s: is slurmctld reachable? ("
                        + String.join(" ", cmd) + ")");
            }
            return new Result(p.exitValue(), out, err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while running " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            return new Result(p.exitValue(), out, "");
        }
    }

    /** Reads the stream to its end, keeping the first {@value #MAX_OUTPUT} bytes. */
    private static String drain(InputStream in) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                int room = MAX_OUTPUT - kept.size();
                if (room > 0) {
                    kept.write(buf, 0, Math.min(room, n));
                }
            }
        } catch (IOException e) {
            // the process went away; keep what came
        }
        return kept.toString(StandardCharsets.UTF_8);
    }
}
