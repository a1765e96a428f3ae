package org.jparallel.cluster;

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
final class EngineCommand {
    static final String MAIN = "org.jparallel.engine.EngineMain";

    /**
     * JVM options that start an engine fast without slowing the user's code (measured, see
     * bench/): serial GC (engines are small and many on few cores), class data sharing for the
     * JDK's classes, no perf-data file.
     */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData",
            "-XX:TieredStopAtLevel=1");

    private EngineCommand() {
    }

    /** The engine command for a profile; mpi.jar joins the class path when given. */
    static List<String> build(Profile profile, Optional<Path> mpiJar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable(profile));
        cmd.addAll(DEFAULT_JVM_OPTIONS);
        cmd.addAll(profile.jvmOptions());
        Set<String> cp = new LinkedHashSet<>(profile.classPath());
        mpiJar.ifPresent(j -> cp.add(j.toString()));
        cp.addAll(hostClassPath());
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(MAIN);
        return cmd;
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
    static List<String> hostClassPath() {
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
