package org.jparallel.libraries;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jparallel.jshell.Evaluator;

/** The libraries this notebook added, where each came from, and the Maven versions it holds. */
final class NotebookLibraries {
    /** One class path entry: its file and the magic that added it. */
    record Entry(Path file, String origin) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> versions = new LinkedHashMap<>();

    /** Maven key (group:artifact[:classifier]) to the version on the class path. */
    synchronized Map<String, String> versions() {
        return Map.copyOf(versions);
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Adds the jars to the evaluator; returns the entries that were new. */
    synchronized List<Entry> addJars(Evaluator evaluator, List<Path> files, String origin) {
        List<Path> added = evaluator.addLibraries(files);
        List<Entry> out = new ArrayList<>();
        for (Path p : added) {
            Entry e = new Entry(p, origin);
            entries.add(e);
            out.add(e);
        }
        return out;
    }

    /** Adds resolved Maven jars; returns the entries that were new. */
    synchronized List<Entry> addResolved(Evaluator evaluator, List<MavenResolver.Jar> jars) {
        Map<Path, MavenResolver.Jar> byFile = new LinkedHashMap<>();
        for (MavenResolver.Jar j : jars) {
            byFile.put(j.file().toAbsolutePath().normalize(), j);
        }
        List<Path> added = evaluator.addLibraries(new ArrayList<>(byFile.keySet()));
        List<Entry> out = new ArrayList<>();
        for (MavenResolver.Jar j : jars) {
            versions.putIfAbsent(j.key(), j.version());
        }
        for (Path p : added) {
            Entry e = new Entry(p, byFile.get(p).coordinate());
            entries.add(e);
            out.add(e);
        }
        return out;
    }
}
