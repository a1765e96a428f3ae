package org.jparallel.libraries;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.repository.ArtifactRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.transfer.RepositoryOfflineException;

/** Turns the resolver's exceptions into sentences: what is missing, where it was looked for, what to do. */
final class Failures {
    private final List<RemoteRepository> repositories;
    private final MavenSettings settings;
    private final boolean offline;

    Failures(List<RemoteRepository> repositories, MavenSettings settings, boolean offline) {
        this.repositories = repositories;
        this.settings = settings;
        this.offline = offline;
    }

    LibraryException explain(ArtifactResolutionException e) {
        List<String> sentences = new ArrayList<>();
        for (ArtifactResult r : e.getResults()) {
            if (!r.isResolved()) {
                sentences.add(explain(r.getRequest().getArtifact(), r.getExceptions()));
            }
        }
        return new LibraryException(sentences.isEmpty() ? oneLine(e.getMessage()) : String.join("\n", new LinkedHashSet<>(sentences)));
    }

    LibraryException explain(DependencyCollectionException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ArtifactResolutionException are) {
                return explain(are);
            }
        }
        List<Exception> all = new ArrayList<>(e.getResult() == null ? List.of() : e.getResult().getExceptions());
        for (Exception x : all) {
            for (Throwable t = x; t != null; t = t.getCause()) {
                if (t instanceof ArtifactResolutionException are) {
                    return explain(are);
                }
            }
        }
        return new LibraryException("The dependencies could not be collected: " + oneLine(e.getMessage()));
    }

    private String explain(Artifact a, List<Exception> exceptions) {
        String coord = a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion()
                + (a.getClassifier().isEmpty() ? "" : ":" + a.getClassifier());
        Set<String> tried = new LinkedHashSet<>();
        for (Exception x : exceptions) {
            Throwable network = networkCause(x);
            ArtifactRepository repo = x instanceof ArtifactTransferException t ? t.getRepository() : null;
            if (network != null) {
                String where = repo instanceof RemoteRepository rr ? MavenResolver.describe(rr) : "the repository";
                return "No network: " + coord + " could not be downloaded because " + where + " could not be reached ("
                        + network.getClass().getSimpleName() + ": " + oneLine(network.getMessage()) + "). Check the network"
                        + " and the proxies in " + settings.file() + "; without a network, offline mode (<offline>true</offline>"
                        + " in settings.xml, or %maven --offline) uses only what the local repository "
                        + settings.localRepository() + " already holds.";
            }
            if (offline && hasCause(x, RepositoryOfflineException.class)) {
                return coord + " is not in the local repository " + settings.localRepository() + ", and Maven is offline"
                        + " (settings.xml's <offline> or --offline), so no repository was asked. Go online to download it.";
            }
            if (repo instanceof RemoteRepository rr) {
                tried.add(MavenResolver.describe(rr));
            }
        }
        if (tried.isEmpty()) {
            tried.add(MavenResolver.describe(repositories));
        }
        boolean notFound = exceptions.stream().anyMatch(x -> x instanceof ArtifactNotFoundException);
        if (notFound || exceptions.isEmpty()) {
            return "Unknown artifact: " + coord + " was not found in " + String.join(", ", tried)
                    + " (nor in the local repository " + settings.localRepository() + "). Check the group, artifact and version.";
        }
        return coord + " could not be downloaded from " + String.join(", ", tried) + ": " + oneLine(exceptions.get(0).getMessage());
    }

    private static Throwable networkCause(Throwable x) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = x; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return t;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable x, Class<? extends Throwable> type) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = x; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
