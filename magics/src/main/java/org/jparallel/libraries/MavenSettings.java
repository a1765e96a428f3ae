package org.jparallel.libraries;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Repository;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.Proxy;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;

/**
 * What Maven's settings.xml says about resolving: the local repository, offline mode, mirrors,
 * proxies, server credentials and the repositories of active profiles. The user file is
 * {@code ~/.m2/settings.xml} ({@code JPARALLEL_MAVEN_SETTINGS} names another); the global one is
 * {@code $MAVEN_HOME/conf/settings.xml} when MAVEN_HOME is set. Read with Maven's own settings
 * builder, so ${env.X} and ${user.home} are interpolated as mvn does.
 */
final class MavenSettings {
    /** Environment variable naming the user settings file instead of ~/.m2/settings.xml. */
    static final String SETTINGS_ENV = "JPARALLEL_MAVEN_SETTINGS";
    static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

    private final Settings settings;
    private final Path file;

    private MavenSettings(Settings settings, Path file) {
        this.settings = settings;
        this.file = file;
    }

    /** The settings this process would use, as mvn would read them. */
    static MavenSettings load(Map<String, String> env) throws LibraryException {
        String named = env.get(SETTINGS_ENV);
        Path user = named != null && !named.isBlank()
                ? Path.of(named)
                : Path.of(System.getProperty("user.home"), ".m2", "settings.xml");
        if (named != null && !named.isBlank() && !Files.isRegularFile(user)) {
            throw new LibraryException("The Maven settings file " + user + " (named by " + SETTINGS_ENV + ") does not exist.");
        }
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        request.setUserSettingsFile(user.toFile());
        String mavenHome = env.get("MAVEN_HOME");
        if (mavenHome != null && !mavenHome.isBlank()) {
            request.setGlobalSettingsFile(new File(mavenHome, "conf/settings.xml"));
        }
        Properties system = new Properties();
        system.putAll(System.getProperties());
        env.forEach((k, v) -> system.setProperty("env." + k, v));
        request.setSystemProperties(system);
        try {
            Settings s = new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
            return new MavenSettings(s, user);
        } catch (SettingsBuildingException e) {
            String problems = e.getProblems().isEmpty() ? e.getMessage() : e.getProblems().get(0).getMessage();
            throw new LibraryException("The Maven settings file " + user + " could not be read: " + problems);
        }
    }

    Path file() {
        return file;
    }

    boolean offline() {
        return settings.isOffline();
    }

    /** settings.xml's localRepository, else ~/.m2/repository. */
    Path localRepository() {
        String local = settings.getLocalRepository();
        if (local == null || local.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".m2", "repository");
        }
        return Path.of(local);
    }

    DefaultMirrorSelector mirrors() {
        DefaultMirrorSelector selector = new DefaultMirrorSelector();
        for (Mirror m : settings.getMirrors()) {
            selector.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(), m.getMirrorOfLayouts());
        }
        return selector;
    }

    DefaultProxySelector proxies() {
        DefaultProxySelector selector = new DefaultProxySelector();
        for (org.apache.maven.settings.Proxy p : settings.getProxies()) {
            if (!p.isActive()) {
                continue;
            }
            Authentication auth = p.getUsername() == null ? null
                    : new AuthenticationBuilder().addUsername(p.getUsername()).addPassword(p.getPassword()).build();
            selector.add(new Proxy(p.getProtocol(), p.getHost(), p.getPort(), auth), p.getNonProxyHosts());
        }
        return selector;
    }

    DefaultAuthenticationSelector credentials() {
        DefaultAuthenticationSelector selector = new DefaultAuthenticationSelector();
        for (Server s : settings.getServers()) {
            AuthenticationBuilder b = new AuthenticationBuilder();
            if (s.getUsername() != null) {
                b.addUsername(s.getUsername());
            }
            if (s.getPassword() != null) {
                b.addPassword(s.getPassword());
            }
            if (s.getPrivateKey() != null) {
                b.addPrivateKey(s.getPrivateKey(), s.getPassphrase());
            }
            selector.add(s.getId(), b.build());
        }
        return selector;
    }

    /** Maven Central, then the repositories of the active profiles (a profile's "central" replaces it). */
    List<RemoteRepository> repositories() {
        Map<String, RemoteRepository> repos = new LinkedHashMap<>();
        repos.put("central", new RemoteRepository.Builder("central", "default", CENTRAL_URL)
                .setSnapshotPolicy(new RepositoryPolicy(false, null, null)).build());
        List<String> active = new ArrayList<>(settings.getActiveProfiles());
        for (Profile p : settings.getProfiles()) {
            boolean on = active.contains(p.getId()) || (p.getActivation() != null && p.getActivation().isActiveByDefault());
            if (!on) {
                continue;
            }
            for (Repository r : p.getRepositories()) {
                repos.put(r.getId(), remote(r.getId(), r.getUrl(), r.getSnapshots() == null || r.getSnapshots().isEnabled()));
            }
        }
        return new ArrayList<>(repos.values());
    }

    static RemoteRepository remote(String id, String url, boolean snapshots) {
        return new RemoteRepository.Builder(id, "default", url)
                .setSnapshotPolicy(new RepositoryPolicy(snapshots, null, null)).build();
    }
}
