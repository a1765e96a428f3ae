package org.jparallel.cluster.model;

import org.jparallel.support.ShellWords;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The user's cluster profiles: {@code NAME.properties} files in
 * {@code $XDG_CONFIG_HOME/jparallel/profiles} (default {@code ~/.config/jparallel/profiles};
 * {@code JPARALLEL_CONFIG_DIR} or the system property {@code jparallel.config.dir} replace
 * {@code .../jparallel}). Keys: engines, launcher, jvm.options (a shell-like word list), classpath
 * (path-separated), java, controller.bind, start.timeout (seconds), message.limit.mb (largest message of
 * the cluster's links), controller.client.bind (the client port's interface, 127.0.0.1), and the launcher's own keys, named
 * {@code LAUNCHER.key} (e.g. {@code mpi.args}; each launcher checks its own). {@code mpirun.args}, the
 * name of {@code mpi.args} in older files, is read as {@code mpi.args}.
 */
public final class Profiles {
    private static final Set<String> KEYS = Set.of("engines", "launcher", "jvm.options", "classpath",
            "java", "controller.bind", "start.timeout");
    /** A launcher's key: its name, a dot, the key (mpi.args, slurm.partition). */
    private static final java.util.regex.Pattern LAUNCHER_KEY = java.util.regex.Pattern.compile("[a-z][a-z0-9_-]*\\.[a-z0-9_.-]+");
    private static final String OLD_MPI_ARGS = "mpirun.args";
    private final Path dir;

    public Profiles(Path dir) {
        this.dir = dir;
    }

    /** The current user's profiles. */
    public static Profiles user() {
        return new Profiles(configDir().resolve("profiles"));
    }

    /** jparallel's configuration directory for this user. */
    public static Path configDir() {
        String prop = System.getProperty("jparallel.config.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("JPARALLEL_CONFIG_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("jparallel");
    }

    /** The directory profile files live in. */
    public Path dir() {
        return dir;
    }

    /** The file of a profile (it may not exist). */
    public Path file(String name) {
        return dir.resolve(Profile.checkName(name) + ".properties");
    }

    /** Whether the profile exists ({@code default} always does). */
    public boolean exists(String name) {
        return name.equals(Profile.DEFAULT_NAME) || Files.isRegularFile(file(name));
    }

    /**
     * The profile for starting a cluster: its file, or the defaults when nobody has written one yet
     * (as ipcluster creates a profile on first use). A broken file is still an error.
     */
    public Profile loadOrDefaults(String name) {
        Profile.checkName(name);
        return exists(name) ? load(name) : Profile.defaults(name);
    }

    /** Loads a profile; the exception names the file and the bad key, or says how to create a missing profile. */
    public Profile load(String name) {
        Path f = file(name);
        if (!Files.isRegularFile(f)) {
            if (name.equals(Profile.DEFAULT_NAME)) {
                return Profile.defaults(name);
            }
            throw new ClusterException("there is no cluster profile '" + name + "' (looked for " + f + "); create it with "
                    + "`jpcluster profile create " + name + " -n 4` or use the profile 'default'");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ClusterException("cannot read the profile file " + f + ": " + e.getMessage(), e);
        }
        java.util.Map<String, String> settings = new java.util.TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.equals(OLD_MPI_ARGS)) {
                settings.putIfAbsent("mpi.args", p.getProperty(k).trim());
            } else if (!KEYS.contains(k) && LAUNCHER_KEY.matcher(k).matches()) {
                settings.put(k, p.getProperty(k).trim());
            } else if (!KEYS.contains(k)) {
                throw new ClusterException("the profile file " + f + " has an unknown key '" + k + "'; known keys: "
                        + String.join(", ", new TreeSet<>(KEYS)) + ", and a launcher's own keys (LAUNCHER.key, e.g. mpi.args)");
            }
        }
        Profile d = Profile.defaults(name);
        try {
            return new Profile(name,
                    intValue(p, "engines", d.engines(), f),
                    p.getProperty("launcher", d.launcher()).trim(),
                    settings,
                    ShellWords.split(p.getProperty("jvm.options", "")),
                    pathList(p.getProperty("classpath", "")),
                    p.getProperty("java", "").trim(),
                    p.getProperty("controller.bind", d.controllerBind()).trim(),
                    Duration.ofSeconds(intValue(p, "start.timeout", (int) d.startTimeout().toSeconds(), f)));
        } catch (IllegalArgumentException e) {
            throw new ClusterException("the profile file " + f + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Writes the profile's file (replacing it). */
    public Path save(Profile profile) {
        Properties p = new Properties();
        p.setProperty("engines", Integer.toString(profile.engines()));
        p.setProperty("launcher", profile.launcher());
        profile.settings().forEach(p::setProperty);
        p.setProperty("jvm.options", ShellWords.join(profile.jvmOptions()));
        p.setProperty("classpath", profile.classPathString());
        p.setProperty("java", profile.java());
        p.setProperty("controller.bind", profile.controllerBind());
        p.setProperty("start.timeout", Long.toString(profile.startTimeout().toSeconds()));
        Path f = file(profile.name());
        try {
            Files.createDirectories(dir);
            StringWriter w = new StringWriter();
            p.store(w, "jparallel cluster profile '" + profile.name() + "'");
            Files.writeString(f, w.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the profile file " + f, e);
        }
        return f;
    }

    /** Names of the saved profiles, plus {@code default}, sorted. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        names.add(Profile.DEFAULT_NAME);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(x -> x.getFileName().toString()).filter(n -> n.endsWith(".properties"))
                        .map(n -> n.substring(0, n.length() - ".properties".length()))
                        .filter(n -> n.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")).forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the profiles in " + dir, e);
            }
        }
        return new ArrayList<>(names);
    }

    private static int intValue(Properties p, String key, int dflt, Path f) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ClusterException("the profile file " + f + " has " + key + "=" + v + ", which is not a whole number");
        }
    }

    private static List<String> pathList(String v) {
        return Arrays.stream(v.split(File.pathSeparator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
