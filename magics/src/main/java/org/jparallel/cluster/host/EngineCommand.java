package org.jparallel.cluster.host;

import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.RuntimeDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The command line of one engine JVM: java, options, class path and the engine's main class. */
public final class EngineCommand {
    public static final String MAIN = "org.jparallel.engine.EngineMain";

    /**
     * JVM options for a quick start and a small footprint, measured on 2 cores (bench/cluster-start):
     * C1 only (TieredStopAtLevel=1) halves the CPU an engine needs to start JShell (about 0.8 s
     * instead of 1.4 s) at the price of slower hot loops (about 2x); serial GC (engines are many
     * on few cores); a 32 MB initial heap (idle engine RSS about 95 MB instead of 175 MB; the
     * heap still grows to the JVM's default maximum); CDS for the JDK's classes; no perf-data file.
     * Headless AWT, as the kernel runs: an engine draws images for display(...) without an X
     * server, also when it inherits a DISPLAY it cannot reach (an ended ssh -X session), where
     * BufferedImage.createGraphics() would otherwise fail.
     * A profile's jvm.options come after these and win, e.g. -XX:TieredStopAtLevel=4 for long
     * computations.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xms32m",
            "-Xshare:auto", "-XX:-UsePerfData", "-Djava.awt.headless=true");

    private EngineCommand() {
    }

    /** The engine command for a profile; mpi.jar joins the class path when given. */
    static List<String> build(Profile profile, Optional<Path> mpiJar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable(profile));
        cmd.addAll(DEFAULT_JVM_OPTIONS);
        cmd.addAll(crashOptions(RuntimeDir.user()));
        cmd.addAll(profile.jvmOptions());
        Set<String> cp = new LinkedHashSet<>(profile.classPath());
        mpiJar.ifPresent(j -> cp.add(j.toString()));
        cp.addAll(hostClassPath());
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(MAIN);
        return cmd;
    }

    /**
     * A crashing engine JVM writes its hs_err log to the runtime dir, not to its working
     * directory (the user's notebook folder), and no core file (hundreds of MB, nobody reads it).
     */
    static List<String> crashOptions(RuntimeDir runtime) {
        return List.of("-XX:ErrorFile=" + runtime.dir().resolve("engine-hs_err_pid%p.log"), "-XX:-CreateCoredumpOnCrash");
    }

    /** The profile's java, else the one running this JVM. */
    static String javaExecutable(Profile profile) {
        if (!profile.java().isEmpty()) {
            return profile.java();
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * This JVM's class path, with the Class-Path of manifest-only jars (test runners use them)
     * spelled out, so the engines find the same classes.
     */
    public static List<String> hostClassPath() {
        String override = System.getenv("JPARALLEL_ENGINE_CLASSPATH");
        String cp = override != null && !override.isBlank() ? override : System.getProperty("java.class.path", "");
        List<String> out = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            out.add(e);
            if (e.endsWith(".jar")) {
                out.addAll(manifestClassPath(Path.of(e)));
            }
        }
        return out;
    }

    private static List<String> manifestClassPath(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return List.of();
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String v = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (v == null || v.isBlank()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String u : v.trim().split("\\s+")) {
                try {
                    java.net.URI uri = jar.toUri().resolve(u);
                    out.add(Path.of(uri).toString());
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException ex) {
                    // not a file URL: leave it out
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }
}
