package org.jparallel.cluster;

import org.jparallel.cluster.host.EngineCommand;
import org.jparallel.cluster.launch.MpiJar;
import org.jparallel.notebook.Progress;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.fail;

/** What the cluster integration tests share: private runtime and config dirs, mpi.jar, the repository. */
final class ItSupport {
    private static Path base;

    private ItSupport() {
    }

    /** Points this JVM's clusters at fresh runtime and config directories (once per JVM). */
    static synchronized Path isolate() throws IOException {
        if (base == null) {
            base = Files.createTempDirectory("jparallel-it");
            System.setProperty("jparallel.runtime.dir", base.resolve("runtime").toString());
            System.setProperty("jparallel.config.dir", base.resolve("config").toString());
        }
        return base;
    }

    /** The repository root (it has bin/jpcluster). */
    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("bin/jpcluster"))) {
                return q;
            }
        }
        throw new AssertionError("cannot find the repository root (bin/jpcluster) above " + p);
    }

    /**
     * Open MPI's mpi.jar: env MPI_JAR, else the one ./install.sh recorded in build/install.env.
     * Missing is a failure, not a skip: the MPI tests are part of the product's checks.
     */
    static Path mpiJar() {
        String env = System.getenv("MPI_JAR");
        Optional<Path> jar = env != null && !env.isBlank() ? Optional.of(Path.of(env))
                : MpiJar.recorded(repo().resolve("build/install.env"));
        if (jar.isEmpty() || !Files.isRegularFile(jar.get())) {
            fail("Open MPI's mpi.jar was not found: set MPI_JAR to its path, or run ./install.sh (it records the jar in "
                    + repo().resolve("build/install.env") + "); MPI_JAR=" + env);
        }
        System.setProperty("jparallel.mpi.jar", jar.get().toString());
        return jar.get();
    }

    /** What a command printed and how it ended. */
    record Run(int code, String out, String err) {
    }

    /** Runs bin/jpcluster with this JVM's classes, runtime and config directories and mpi.jar (bounded: 180 s). */
    static Run jpcluster(String... args) throws Exception {
        return jpclusterWith(java.util.Map.of(), args);
    }

    /** Like {@link #jpcluster}, with extra environment variables. */
    static Run jpclusterWith(java.util.Map<String, String> env, String... args) throws Exception {
        Path dir = isolate();
        List<String> cmd = new ArrayList<>();
        cmd.add(repo().resolve("bin/jpcluster").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JPARALLEL_CLASSPATH", classPath());
        pb.environment().put("JPARALLEL_RUNTIME_DIR", System.getProperty("jparallel.runtime.dir"));
        pb.environment().put("JPARALLEL_CONFIG_DIR", System.getProperty("jparallel.config.dir"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("MPI_JAR", mpiJar().toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jpcluster " + String.join(" ", args) + " did not finish within 180 s; it said:\n"
                    + Files.readString(out) + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** This test JVM's class path, spelled out (for processes that must load the same classes). */
    static String classPath() {
        return String.join(File.pathSeparator, EngineCommand.hostClassPath());
    }

    /** Progress that records every line shown. */
    static final class Recorder implements Progress {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void update(String line) {
            lines.add(line);
        }
    }

    /** A simple listener collecting streams per engine. */
    static final class Streams implements java.util.function.Consumer<EngineEvent> {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void accept(EngineEvent e) {
            if (e instanceof EngineEvent.Stream s) {
                events.add("[" + s.name() + ":" + s.engine() + "] " + s.text());
            } else if (e instanceof EngineEvent.Failure f) {
                events.add("[" + f.engine() + ":error] " + f.ename() + ": " + f.evalue());
            }
        }

        List<String> snapshot() {
            return new ArrayList<>(events);
        }
    }
}
