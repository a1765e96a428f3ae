package org.jparallel.libraries;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.aether.graph.Dependency;
import org.jparallel.cluster.Cluster;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.magics.MagicHandler;
import org.jparallel.protocol.Outcome;
import org.jparallel.notebook.CellContext;
import org.jparallel.support.ShellWords;

/**
 * %maven, %jars, %classpath and %%loadFromPOM: libraries for the notebook, found with Maven or
 * on disk, put on the class path of later cells ahead of the kernel's own libraries.
 */
public final class LibraryMagics implements MagicHandler {
    private static final String ERROR = "LibraryError";
    private static final String USAGE = "UsageError";

    private final NotebookLibraries libraries = new NotebookLibraries();
    private final MavenResolver resolver;
    private final Path cwd;

    /** The handler the kernel finds with ServiceLoader: this process's environment and directory. */
    public LibraryMagics() {
        this(new MavenResolver(System.getenv()), Path.of("").toAbsolutePath());
    }

    LibraryMagics(MavenResolver resolver, Path cwd) {
        this.resolver = resolver;
        this.cwd = cwd;
    }

    @Override
    public List<String> lineMagics() {
        return List.of("classpath", "jars", "maven");
    }

    @Override
    public List<String> cellMagics() {
        return List.of("loadFromPOM");
    }

    @Override
    public List<String> argumentWords(String name, boolean cell, List<String> wordsBefore) {
        return name.equals("maven") || name.equals("loadFromPOM") ? List.of("--offline") : List.of();
    }

    @Override
    public boolean autoRoute() {
        return false;
    }

    @Override
    public Outcome line(String name, String args, CellContext ctx) {
        List<String> words = ShellWords.split(args);
        return switch (name) {
            case "maven" -> maven(words, ctx);
            case "jars" -> jars(words, ctx);
            case "classpath" -> words.isEmpty() ? classpath(ctx)
                    : Outcome.error(USAGE, "%classpath takes no arguments: it shows the libraries added with %maven, %jars and %%loadFromPOM", List.of());
            default -> Outcome.error(USAGE, "no line magic %" + name + " here", List.of());
        };
    }

    @Override
    public Outcome cell(String name, String args, String body, CellContext ctx) {
        List<String> words = ShellWords.split(args);
        boolean offline = words.remove("--offline");
        if (!words.isEmpty()) {
            return Outcome.error(USAGE, "%%loadFromPOM takes only --offline, not " + String.join(" ", words)
                    + "; put the POM or its <dependency> elements on the following lines", List.of());
        }
        try {
            return resolveAndAdd(PomDependencies.read(body, offline), ctx);
        } catch (LibraryException e) {
            return Outcome.error(ERROR, e.getMessage(), List.of());
        }
    }

    private Outcome maven(List<String> words, CellContext ctx) {
        boolean offline = false;
        List<Dependency> deps = new ArrayList<>();
        try {
            for (String w : words) {
                if (w.equals("--offline")) {
                    offline = true;
                } else if (w.startsWith("-")) {
                    return Outcome.error(USAGE, "%maven has no option " + w + "; it takes --offline and"
                            + " GROUP:ARTIFACT:VERSION[:CLASSIFIER] coordinates", List.of());
                } else {
                    deps.add(Coordinates.parse(w));
                }
            }
        } catch (LibraryException e) {
            return Outcome.error(USAGE, e.getMessage(), List.of());
        }
        if (deps.isEmpty()) {
            return Outcome.error(USAGE, "%maven needs coordinates: %maven GROUP:ARTIFACT:VERSION[:CLASSIFIER] ...,"
                    + " e.g. %maven com.google.code.gson:gson:2.11.0", List.of());
        }
        try {
            return resolveAndAdd(new MavenResolver.Request(deps, List.of(), List.of(), offline), ctx);
        } catch (LibraryException e) {
            return Outcome.error(ERROR, e.getMessage(), List.of());
        }
    }

    private Outcome resolveAndAdd(MavenResolver.Request request, CellContext ctx) throws LibraryException {
        MavenResolver.Result result = resolver.resolve(request, libraries.versions());
        StringBuilder out = new StringBuilder();
        for (String note : result.notes()) {
            out.append("Note: ").append(note).append('\n');
        }
        List<NotebookLibraries.Entry> added = libraries.addResolved(ctx.evaluator(), result.jars());
        out.append(report(added, result.jars().size()));
        ctx.stream("stdout", out.toString());
        shareWithEngines(added, ctx);
        return Outcome.success();
    }

    /** Every open cluster's engines get the new jars too. */
    private static void shareWithEngines(List<NotebookLibraries.Entry> added, CellContext ctx) {
        if (added.stream().noneMatch(e -> java.nio.file.Files.isRegularFile(e.file()))) {
            if (!added.isEmpty() && !Cluster.openClusters().isEmpty()) {
                ctx.stream("stdout", "Directories of classes stay in the kernel: only jars travel to the engines.\n");
            }
            return;
        }
        for (Cluster c : Cluster.openClusters()) {
            try {
                List<Integer> ids = c.shareLibraries();
                if (!ids.isEmpty()) {
                    ctx.stream("stdout", (ids.size() == 1 ? "Engine " : "Engines ")
                            + ids.stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + " of cluster '" + c.profile() + "' have " + (added.size() == 1 ? "it" : "them") + " too.\n");
                }
            } catch (ClusterException e) {
                ctx.stream("stderr", "Warning: " + e.getMessage() + "\n");
            }
        }
    }

    private Outcome jars(List<String> words, CellContext ctx) {
        if (words.isEmpty()) {
            return Outcome.error(USAGE, "%jars needs paths or globs: %jars lib/*.jar ~/jars/my.jar", List.of());
        }
        LinkedHashSet<Path> files = new LinkedHashSet<>();
        try {
            for (String w : words) {
                files.addAll(JarPaths.expand(w, cwd));
            }
        } catch (LibraryException e) {
            return Outcome.error(ERROR, e.getMessage(), List.of());
        }
        List<NotebookLibraries.Entry> added = libraries.addJars(ctx.evaluator(), new ArrayList<>(files), "%jars");
        ctx.stream("stdout", report(added, files.size()));
        shareWithEngines(added, ctx);
        return Outcome.success();
    }

    private static String report(List<NotebookLibraries.Entry> added, int asked) {
        int already = asked - added.size();
        StringBuilder out = new StringBuilder();
        if (added.isEmpty()) {
            out.append("Nothing new: ").append(asked == 1 ? "that jar is" : "those " + asked + " jars are")
                    .append(" on the class path already.\n");
            return out.toString();
        }
        out.append(String.format(Locale.ROOT, "Added %d %s to the class path", added.size(), added.size() == 1 ? "jar" : "jars"));
        out.append(already > 0 ? " (" + already + " already there):\n" : ":\n");
        for (NotebookLibraries.Entry e : added) {
            out.append("  ").append(e.file()).append(e.origin().equals("%jars") ? "" : "  (" + e.origin() + ")").append('\n');
        }
        return out.toString();
    }

    private Outcome classpath(CellContext ctx) {
        List<NotebookLibraries.Entry> all = libraries.entries();
        if (all.isEmpty()) {
            ctx.stream("stdout", "No libraries added yet: %maven GROUP:ARTIFACT:VERSION, %jars PATH or %%loadFromPOM add some.\n");
            return Outcome.success();
        }
        StringBuilder out = new StringBuilder("The notebook's libraries (" + all.size() + "), searched before the kernel's own:\n");
        for (NotebookLibraries.Entry e : all) {
            out.append("  ").append(e.file()).append("  (").append(e.origin().equals("%jars") ? "%jars" : "%maven " + e.origin()).append(")\n");
        }
        ctx.stream("stdout", out.toString());
        return Outcome.success();
    }
}
