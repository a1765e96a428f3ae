package org.jparallel.libraries;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.model.Model;
import org.apache.maven.model.Repository;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;

/**
 * The dependencies of a %%loadFromPOM cell: a whole POM (its dependencies, dependencyManagement,
 * repositories and properties), a {@code <dependencies>} element, or bare {@code <dependency>}
 * elements. Test and provided dependencies are left out, as from a runtime class path.
 */
final class PomDependencies {
    private static final Set<String> KEPT_SCOPES = Set.of("", "compile", "runtime", "system");
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private PomDependencies() {
    }

    static MavenResolver.Request read(String body, boolean offline) throws LibraryException {
        String xml = body.strip();
        if (xml.isEmpty()) {
            throw new LibraryException("%%loadFromPOM needs a POM or <dependency> elements in the cell.");
        }
        if (!xml.contains("<project")) {
            String deps = xml.contains("<dependencies") ? xml : "<dependencies>" + xml + "</dependencies>";
            xml = "<project><modelVersion>4.0.0</modelVersion><groupId>notebook</groupId><artifactId>notebook</artifactId>"
                    + "<version>0</version>" + deps + "</project>";
        }
        Model model;
        try {
            model = new MavenXpp3Reader().read(new StringReader(xml), false);
        } catch (XmlPullParserException e) {
            throw new LibraryException("The cell is not a POM or a list of <dependency> elements: " + e.getMessage().replaceAll("\\s+", " "));
        } catch (IOException e) {
            throw new LibraryException("The cell could not be read: " + e.getMessage());
        }
        Properties props = new Properties();
        props.putAll(model.getProperties());
        put(props, "project.groupId", model.getGroupId() != null ? model.getGroupId() : model.getParent() == null ? null : model.getParent().getGroupId());
        put(props, "project.version", model.getVersion() != null ? model.getVersion() : model.getParent() == null ? null : model.getParent().getVersion());
        put(props, "project.artifactId", model.getArtifactId());
        List<Dependency> deps = new ArrayList<>();
        for (org.apache.maven.model.Dependency d : model.getDependencies()) {
            String scope = d.getScope() == null ? "" : d.getScope();
            if (KEPT_SCOPES.contains(scope)) {
                deps.add(dependency(d, props, true));
            }
        }
        if (deps.isEmpty()) {
            throw new LibraryException("The cell declares no dependencies for the class path (test and provided ones are left out).");
        }
        List<Dependency> managed = new ArrayList<>();
        if (model.getDependencyManagement() != null) {
            for (org.apache.maven.model.Dependency d : model.getDependencyManagement().getDependencies()) {
                if (!"import".equals(d.getScope())) {
                    managed.add(dependency(d, props, false));
                }
            }
        }
        List<RemoteRepository> repos = new ArrayList<>();
        for (Repository r : model.getRepositories()) {
            repos.add(MavenSettings.remote(r.getId(), value(r.getUrl(), props, "a repository URL"),
                    r.getSnapshots() == null || r.getSnapshots().isEnabled()));
        }
        return new MavenResolver.Request(deps, managed, repos, offline);
    }

    private static void put(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }

    private static Dependency dependency(org.apache.maven.model.Dependency d, Properties props, boolean needVersion) throws LibraryException {
        String g = value(d.getGroupId(), props, "a groupId");
        String a = value(d.getArtifactId(), props, "the artifactId of " + g);
        String v = d.getVersion() == null ? null : value(d.getVersion(), props, "the version of " + g + ":" + a);
        if (v == null && needVersion) {
            throw new LibraryException("The dependency " + g + ":" + a + " has no <version>.");
        }
        String type = d.getType() == null ? "jar" : value(d.getType(), props, "a type");
        String classifier = d.getClassifier() == null ? "" : value(d.getClassifier(), props, "a classifier");
        if (type.equals("test-jar")) {
            type = "jar";
            classifier = "tests";
        }
        List<Exclusion> exclusions = new ArrayList<>();
        for (org.apache.maven.model.Exclusion x : d.getExclusions()) {
            exclusions.add(new Exclusion(x.getGroupId(), x.getArtifactId(), "*", "*"));
        }
        String scope = d.getScope() == null || d.getScope().isBlank() ? "compile" : d.getScope();
        return new Dependency(new DefaultArtifact(g, a, classifier, type, v == null ? "" : v), scope, d.isOptional() ? Boolean.TRUE : null, exclusions);
    }

    /** Replaces ${name} with the POM's properties (or Java system properties); an unknown one is an error. */
    private static String value(String text, Properties props, String what) throws LibraryException {
        if (text == null || text.isBlank()) {
            throw new LibraryException("The cell lacks " + what + ".");
        }
        String s = text.strip();
        for (int round = 0; round < 10 && s.contains("${"); round++) {
            Matcher m = PROPERTY.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = props.getProperty(m.group(1), System.getProperty(m.group(1)));
                if (v == null) {
                    throw new LibraryException("The property ${" + m.group(1) + "} in " + what + " is not defined in the POM's <properties>.");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            m.appendTail(out);
            s = out.toString();
        }
        return s;
    }
}
