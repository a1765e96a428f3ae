package org.jparallel.libraries;

import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;

/** Parses the coordinates %maven takes: GROUP:ARTIFACT:VERSION[:CLASSIFIER]. */
final class Coordinates {
    private Coordinates() {
    }

    static Dependency parse(String text) throws LibraryException {
        String[] p = text.split(":", -1);
        boolean blank = false;
        for (String s : p) {
            blank |= s.isBlank();
        }
        if (p.length < 3 || p.length > 4 || blank) {
            throw new LibraryException("'" + text + "' is not a Maven coordinate: write GROUP:ARTIFACT:VERSION[:CLASSIFIER],"
                    + " e.g. com.google.code.gson:gson:2.11.0");
        }
        return new Dependency(new DefaultArtifact(p[0], p[1], p.length == 4 ? p[3] : "", "jar", p[2]), "compile");
    }
}
