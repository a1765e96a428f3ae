package org.jparallel.libraries;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.graph.manager.DependencyManagerUtils;
import org.eclipse.aether.util.graph.transformer.ConflictResolver;

/**
 * Resolves Maven artifacts and their runtime dependencies with Apache Maven Resolver, as mvn
 * would for a project that declares them: settings.xml's local repository, offline mode, mirrors,
 * proxies and credentials apply ({@link MavenSettings}). Versions the notebook loaded earlier are
 * kept: they manage later resolutions (a JVM cannot swap a class it has loaded).
 */
public final class MavenResolver {
    private static final Logger LOG = Logger.getLogger(MavenResolver.class.getName());
    private static final Set<String> CLASSPATH_SCOPES = Set.of("", "compile", "runtime", "system");

    private final Map<String, String> env;
    private RepositorySystem system;

    /** A resolver reading settings with this environment (JPARALLEL_MAVEN_SETTINGS, MAVEN_HOME, ${env.X}). */
    public MavenResolver(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** One resolved jar: its coordinate (group:artifact[:classifier]:version) and file. */
    public record Jar(String key, String version, Path file) {
        /** group:artifact:version[:classifier], as %maven takes it. */
        public String coordinate() {
            String[] p = key.split(":");
            return p[0] + ":" + p[1] + ":" + version + (p.length > 2 ? ":" + p[2] : "");
        }
    }

    /** What a resolution gives: the jars in class path order and notes on versions that met. */
    public record Result(List<Jar> jars, List<String> notes) {
    }

    /** What to resolve: direct dependencies, their managed versions, extra repositories, offline. */
    public record Request(List<Dependency> dependencies, List<Dependency> managed, List<RemoteRepository> repositories, boolean offline) {
        public Request {
            dependencies = List.copyOf(dependencies);
            managed = List.copyOf(managed);
            repositories = List.copyOf(repositories);
        }
    }

    /** The key of an artifact: group:artifact, plus :classifier when it has one. */
    static String key(Artifact a) {
        return a.getGroupId() + ":" + a.getArtifactId() + (a.getClassifier().isEmpty() ? "" : ":" + a.getClassifier());
    }

    /**
     * Resolves the request; {@code loaded} (key to version) are the versions this notebook holds
     * already: a direct dependency on another version of one fails, a transitive one is held to it.
     */
    public Result resolve(Request request, Map<String, String> loaded) throws LibraryException {
        for (Dependency d : request.dependencies()) {
            String have = loaded.get(key(d.getArtifact()));
            if (have != null && !have.equals(d.getArtifact().getVersion())) {
                throw new LibraryException("Version conflict: " + key(d.getArtifact()) + ":" + d.getArtifact().getVersion()
                        + " was asked for, but this notebook loaded version " + have + " earlier; a running JVM keeps the"
                        + " classes it loaded, so restart the kernel to use " + d.getArtifact().getVersion() + ".");
            }
        }
        MavenSettings settings = MavenSettings.load(env);
        boolean offline = request.offline() || settings.offline();
        RepositorySystem sys = system();
        try (CloseableSession session = new SessionBuilderSupplier(sys).get()
                .withLocalRepositoryBaseDirectories(settings.localRepository())
                .setOffline(offline)
                .setMirrorSelector(settings.mirrors())
                .setProxySelector(settings.proxies())
                .setAuthenticationSelector(settings.credentials())
                .setSystemProperties(System.getProperties())
                .setConfigProperty(ConflictResolver.CONFIG_PROP_VERBOSE, ConflictResolver.Verbosity.STANDARD)
                .setConfigProperty(DependencyManagerUtils.CONFIG_PROP_VERBOSE, true)
                .build()) {
            List<RemoteRepository> declared = new ArrayList<>(settings.repositories());
            declared.addAll(request.repositories());
            List<RemoteRepository> repos = sys.newResolutionRepositories(session, declared);
            Failures failures = new Failures(repos, settings, offline);

            List<Dependency> managed = new ArrayList<>(request.managed());
            for (Map.Entry<String, String> e : loaded.entrySet()) {
                managed.add(0, new Dependency(artifactOf(e.getKey(), e.getValue()), "compile"));
            }
            CollectRequest collect = new CollectRequest(request.dependencies(), managed, repos);
            DependencyNode root;
            try {
                root = sys.collectDependencies(session, collect).getRoot();
            } catch (DependencyCollectionException e) {
                throw failures.explain(e);
            }
            List<String> notes = new ArrayList<>();
            Map<String, DependencyNode> winners = new LinkedHashMap<>();
            walk(root, null, loaded, winners, notes);
            List<ArtifactRequest> requests = new ArrayList<>();
            for (DependencyNode n : winners.values()) {
                requests.add(new ArtifactRequest(n));
            }
            List<ArtifactResult> results;
            try {
                results = sys.resolveArtifacts(session, requests);
            } catch (ArtifactResolutionException e) {
                throw failures.explain(e);
            }
            List<Jar> jars = new ArrayList<>();
            for (ArtifactResult r : results) {
                Artifact a = r.getArtifact();
                jars.add(new Jar(key(a), a.getVersion(), a.getPath()));
            }
            return new Result(jars, notes);
        }
    }

    private static Artifact artifactOf(String key, String version) {
        String[] p = key.split(":");
        return new org.eclipse.aether.artifact.DefaultArtifact(p[0], p[1], p.length > 2 ? p[2] : "", "jar", version);
    }

    /** Collects the winning nodes in class path (preorder) order and describes the versions that met. */
    private static void walk(DependencyNode node, DependencyNode parent, Map<String, String> loaded,
                             Map<String, DependencyNode> winners, List<String> notes) {
        Dependency d = node.getDependency();
        if (d != null) {
            Artifact a = d.getArtifact();
            Object winner = node.getData().get(ConflictResolver.NODE_DATA_WINNER);
            if (winner instanceof DependencyNode w && w.getArtifact() != null) {
                if (!w.getArtifact().getVersion().equals(a.getVersion())) {
                    notes.add(key(a) + ": versions " + a.getVersion() + " (wanted by " + by(parent) + ") and "
                            + w.getArtifact().getVersion() + " met; " + w.getArtifact().getVersion()
                            + " is used (Maven takes the one nearest to what you asked for)");
                }
                return;
            }
            if (!CLASSPATH_SCOPES.contains(d.getScope())) {
                return;
            }
            String premanaged = DependencyManagerUtils.getPremanagedVersion(node);
            if (premanaged != null && !premanaged.equals(a.getVersion()) && a.getVersion().equals(loaded.get(key(a)))) {
                notes.add(key(a) + ": version " + premanaged + " (wanted by " + by(parent) + ") met version " + a.getVersion()
                        + ", which this notebook loaded earlier; " + a.getVersion() + " stays");
            }
            winners.putIfAbsent(key(a) + ":" + a.getExtension(), node);
        }
        for (DependencyNode child : node.getChildren()) {
            walk(child, d == null ? null : node, loaded, winners, notes);
        }
    }

    private static String by(DependencyNode parent) {
        if (parent == null || parent.getArtifact() == null) {
            return "you";
        }
        Artifact a = parent.getArtifact();
        return a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion();
    }

    private synchronized RepositorySystem system() {
        if (system == null) {
            system = new RepositorySystemSupplier().get();
        }
        return system;
    }

    /** Releases the resolver's threads and connections. */
    public synchronized void close() {
        if (system != null) {
            try {
                system.shutdown();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "shutting the repository system down", e);
            }
            system = null;
        }
    }

    /** The repositories of a resolution, described as the user would recognise them. */
    static String describe(List<RemoteRepository> repos) {
        Set<String> out = new LinkedHashSet<>();
        for (RemoteRepository r : repos) {
            out.add(describe(r));
        }
        return String.join(", ", out);
    }

    static String describe(RemoteRepository r) {
        String s = r.getId() + " (" + r.getUrl() + ")";
        if (!r.getMirroredRepositories().isEmpty()) {
            List<String> of = r.getMirroredRepositories().stream().map(RemoteRepository::getId).toList();
            s += ", the mirror of " + String.join(", ", of);
        }
        return s;
    }
}
