package org.jparallel.libraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.graph.Dependency;
import org.jparallel.testing.MavenTestRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Resolution against a file: repository the test builds: transitive dependencies, versions that meet, missing artifacts, offline, no network. */
@Timeout(120)
class MavenResolverTest {
    @TempDir
    static Path tmp;
    static MavenTestRepository repo;

    @BeforeAll
    static void deploy() throws IOException {
        repo = new MavenTestRepository(tmp.resolve("repo"));
        repo.deploy("org.example", "words", "1.0", Map.of("org.example.words.Words", "package org.example.words; public class Words { public static String v() { return \"1.0\"; } }"), List.of());
        repo.deploy("org.example", "words", "2.0", Map.of("org.example.words.Words", "package org.example.words; public class Words { public static String v() { return \"2.0\"; } }"), List.of());
        repo.deploy("org.example", "greeting", "1.0", Map.of("org.example.greeting.Greeting", "package org.example.greeting; public class Greeting { public static String hello() { return \"hello\"; } }"), List.of("org.example:words:1.0"));
        repo.deploy("org.example", "poem", "1.0", Map.of("org.example.poem.Poem", "package org.example.poem; public class Poem { }"), List.of("org.example:words:2.0"));
    }

    private static MavenResolver resolver(Path settings) {
        return new MavenResolver(Map.of(MavenSettings.SETTINGS_ENV, settings.toString()));
    }

    private static MavenResolver.Request request(boolean offline, String... coords) throws LibraryException {
        List<Dependency> deps = new java.util.ArrayList<>();
        for (String c : coords) {
            deps.add(Coordinates.parse(c));
        }
        return new MavenResolver.Request(deps, List.of(), List.of(), offline);
    }

    private static List<String> coordinates(MavenResolver.Result r) {
        return r.jars().stream().map(MavenResolver.Jar::coordinate).toList();
    }

    @Test
    void resolvesAnArtifactWithItsDependencyIntoTheSettingsLocalRepository() throws Exception {
        Path local = tmp.resolve("local-1");
        MavenResolver.Result r = resolver(repo.settings(tmp, local, false)).resolve(request(false, "org.example:greeting:1.0"), Map.of());
        assertThat(coordinates(r)).containsExactly("org.example:greeting:1.0", "org.example:words:1.0");
        assertThat(r.jars().get(0).file()).startsWith(local).hasFileName("greeting-1.0.jar").exists();
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void versionsThatMeetAreNamed() throws Exception {
        MavenResolver.Result r = resolver(repo.settings(tmp, tmp.resolve("local-2"), false))
                .resolve(request(false, "org.example:greeting:1.0", "org.example:poem:1.0"), Map.of());
        assertThat(coordinates(r)).containsExactly("org.example:greeting:1.0", "org.example:words:1.0", "org.example:poem:1.0");
        assertThat(r.notes()).singleElement().asString()
                .contains("org.example:words", "2.0 (wanted by org.example:poem:1.0)", "1.0 met", "1.0 is used");
    }

    @Test
    void aVersionLoadedEarlierStaysAndAnotherAskedForDirectlyIsRefused() throws Exception {
        MavenResolver resolver = resolver(repo.settings(tmp, tmp.resolve("local-3"), false));
        MavenResolver.Result r = resolver.resolve(request(false, "org.example:poem:1.0"), Map.of("org.example:words", "1.0"));
        assertThat(coordinates(r)).containsExactly("org.example:poem:1.0", "org.example:words:1.0");
        assertThat(r.notes()).singleElement().asString().contains("version 2.0 (wanted by org.example:poem:1.0) met version 1.0", "loaded earlier");
        assertThatThrownBy(() -> resolver.resolve(request(false, "org.example:words:2.0"), Map.of("org.example:words", "1.0")))
                .isInstanceOf(LibraryException.class)
                .hasMessageContaining("Version conflict: org.example:words:2.0 was asked for")
                .hasMessageContaining("loaded version 1.0 earlier").hasMessageContaining("restart the kernel");
    }

    @Test
    void anUnknownArtifactNamesTheCoordinateAndTheRepositoriesTried() throws Exception {
        assertThatThrownBy(() -> resolver(repo.settings(tmp, tmp.resolve("local-4"), false)).resolve(request(false, "org.example:nope:3.1"), Map.of()))
                .isInstanceOf(LibraryException.class)
                .hasMessageContaining("Unknown artifact: org.example:nope:3.1 was not found in test-repo (" + repo.url())
                .hasMessageContaining("the mirror of central");
    }

    @Test
    void offlineModeUsesOnlyTheLocalRepository() throws Exception {
        Path local = tmp.resolve("local-5");
        resolver(repo.settings(tmp, local, false)).resolve(request(false, "org.example:greeting:1.0"), Map.of());
        MavenResolver offline = resolver(repo.settings(tmp, local, true));
        assertThat(coordinates(offline.resolve(request(false, "org.example:greeting:1.0"), Map.of())))
                .containsExactly("org.example:greeting:1.0", "org.example:words:1.0");
        assertThatThrownBy(() -> offline.resolve(request(false, "org.example:poem:1.0"), Map.of()))
                .isInstanceOf(LibraryException.class)
                .hasMessageContaining("org.example:poem:1.0 is not in the local repository " + local)
                .hasMessageContaining("Maven is offline");
        // --offline does the same with settings that are online
        assertThatThrownBy(() -> resolver(repo.settings(tmp, local, false)).resolve(request(true, "org.example:poem:1.0"), Map.of()))
                .hasMessageContaining("Maven is offline");
    }

    @Test
    void noNetworkSaysSoAndMentionsOfflineMode() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: connections are refused
        }
        Path settings = MavenTestRepository.settings(tmp, tmp.resolve("local-6"), "http://127.0.0.1:" + port + "/maven2/", false);
        assertThatThrownBy(() -> resolver(settings).resolve(request(false, "org.example:greeting:1.0"), Map.of()))
                .isInstanceOf(LibraryException.class)
                .hasMessageContaining("No network: org.example:greeting:1.0 could not be downloaded")
                .hasMessageContaining("test-repo (http://127.0.0.1:" + port)
                .hasMessageContaining("offline mode");
    }

    @Test
    void badCoordinatesAndAMissingSettingsFileAreNamed() {
        assertThatThrownBy(() -> Coordinates.parse("gson")).hasMessageContaining("'gson' is not a Maven coordinate");
        assertThatThrownBy(() -> Coordinates.parse("a::1")).hasMessageContaining("GROUP:ARTIFACT:VERSION");
        assertThatThrownBy(() -> resolver(tmp.resolve("absent.xml")).resolve(request(false, "a:b:1"), Map.of()))
                .hasMessageContaining("absent.xml").hasMessageContaining("does not exist");
    }

    @Test
    void aPomCellGivesItsDependenciesWithPropertiesAndRepositories() throws Exception {
        MavenResolver.Request r = PomDependencies.read("""
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>me</groupId><artifactId>nb</artifactId><version>1</version>
                  <properties><words.version>2.0</words.version></properties>
                  <repositories><repository><id>extra</id><url>file:///tmp/extra</url></repository></repositories>
                  <dependencies>
                    <dependency><groupId>org.example</groupId><artifactId>words</artifactId><version>${words.version}</version></dependency>
                    <dependency><groupId>org.junit</groupId><artifactId>junit</artifactId><version>4</version><scope>test</scope></dependency>
                  </dependencies>
                </project>""", false);
        assertThat(r.dependencies()).singleElement().extracting(d -> d.getArtifact().toString()).isEqualTo("org.example:words:jar:2.0");
        assertThat(r.repositories()).singleElement().extracting(x -> x.getUrl()).isEqualTo("file:///tmp/extra");
        MavenResolver.Request bare = PomDependencies.read("<dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency>", true);
        assertThat(bare.dependencies()).hasSize(1);
        assertThat(bare.offline()).isTrue();
        assertThatThrownBy(() -> PomDependencies.read("<dependency><groupId>a</groupId><artifactId>b</artifactId><version>${v}</version></dependency>", false))
                .hasMessageContaining("${v}");
        assertThatThrownBy(() -> PomDependencies.read("<dependency><groupId>a</groupId>", false)).hasMessageContaining("not a POM");
    }
}
