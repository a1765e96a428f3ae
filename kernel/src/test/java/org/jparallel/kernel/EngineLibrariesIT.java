package org.jparallel.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jparallel.testing.MavenTestRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A notebook's libraries on a cluster of 2 engines under mpirun, as a user drives it: loaded before
 * the cluster starts, while it runs, used by %px and by a mapSync lambda, and again after
 * %cluster restart; the notebook's ASM version wins on the engines too.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineLibrariesIT {
    static final Duration T = Duration.ofSeconds(120);
    static Path dir;
    static KernelProcess kernel;
    static KernelClient client;

    @BeforeAll
    static void start() throws Exception {
        dir = Path.of("target", "engine-libraries-it").toAbsolutePath();
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        MavenTestRepository repo = new MavenTestRepository(dir.resolve("repo"));
        repo.deploy("org.example", "words", "1.0", Map.of("org.example.words.Words",
                "package org.example.words; public class Words { public static String v(int x) { return \"word\" + x; } }"), List.of());
        repo.deploy("org.example", "greeting", "1.0", Map.of("org.example.greeting.Greeting",
                "package org.example.greeting; public class Greeting { public static String hello(int id) { return \"hello from \" + id; } }"),
                List.of("org.example:words:1.0"));
        repo.deployJar("org.ow2.asm", "asm", "9.6", Path.of("target", "test-libraries", "asm-9.6.jar"));
        Path settings = repo.settings(dir, dir.resolve("local"), false);
        kernel = KernelProcess.start("engine-libraries", Map.of("JPARALLEL_MAVEN_SETTINGS", settings.toString()));
        client = kernel.client();
        CellRun isolate = run("System.setProperty(\"jparallel.config.dir\", \"" + dir.resolve("config") + "\");\n"
                + "System.setProperty(\"jparallel.runtime.dir\", \"" + dir.resolve("runtime") + "\");");
        assertThat(isolate.status()).isEqualTo("ok");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                run("%cluster stop");
                client.close();
            }
        } finally {
            if (kernel != null) {
                kernel.close();
            }
        }
    }

    static CellRun run(String code) {
        return CellRun.run(client, code, T);
    }

    @Test
    @Order(1)
    void librariesLoadedBeforeTheClusterStartsReachItsEngines() {
        CellRun maven = run("%maven org.example:greeting:1.0");
        assertThat(maven.status()).as(maven.view().error()).isEqualTo("ok");
        CellRun started = run("%cluster start -n 2");
        assertThat(started.status()).as(started.view().error() + "\n" + kernel.logText()).isEqualTo("ok");
        assertThat(started.text()).doesNotContain("Warning");
        CellRun px = run("%px import org.example.greeting.*;\n%px Greeting.hello(engineId)");
        assertThat(px.status()).as(px.view().error()).isEqualTo("ok");
        assertThat(px.text()).matches("Out\\[0:\\d+]: \"hello from 0\"\nOut\\[1:\\d+]: \"hello from 1\"\n");
    }

    @Test
    @Order(2)
    void aLambdaShippedByMapSyncUsesALibraryClass() {
        CellRun map = run("import org.jparallel.cluster.*;\n"
                + "Cluster.active().get().view().mapSync(x -> org.example.words.Words.v(x), List.of(1, 2, 3, 4))");
        assertThat(map.status()).as(map.view().error()).isEqualTo("ok");
        assertThat(map.text()).isEqualTo("[word1, word2, word3, word4]\n");
    }

    @Test
    @Order(3)
    void librariesLoadedWhileTheClusterRunsReachItsEnginesAndTheNotebooksVersionWins() {
        CellRun asm = run("%maven org.ow2.asm:asm:9.6");
        assertThat(asm.status()).as(asm.view().error()).isEqualTo("ok");
        assertThat(asm.text()).endsWith("Engines 0, 1 of cluster 'default' have it too.\n");
        CellRun px = run("%px org.objectweb.asm.ClassWriter.class.getPackage().getImplementationVersion()");
        assertThat(px.text()).matches("Out\\[0:\\d+]: \"9.6\"\nOut\\[1:\\d+]: \"9.6\"\n");
    }

    @Test
    @Order(4)
    void restartedEnginesGetThemAgain() {
        CellRun restart = run("%cluster restart");
        assertThat(restart.status()).as(restart.view().error()).isEqualTo("ok");
        assertThat(restart.text()).doesNotContain("Warning");
        CellRun px = run("%px org.example.greeting.Greeting.hello(engineId) + \" \" + org.objectweb.asm.Opcodes.V22");
        assertThat(px.status()).as(px.view().error()).isEqualTo("ok");
        assertThat(px.text()).matches("Out\\[0:\\d+]: \"hello from 0 66\"\nOut\\[1:\\d+]: \"hello from 1 66\"\n");
    }

    @Test
    @Order(5)
    void displayOnAnEngineReachesTheNotebookTaggedWithTheEngineId() {
        CellRun c = run("%%px\nSystem.out.println(\"before \" + engineId);\n"
                + "display(Map.of(\"text/html\", \"<b>engine \" + engineId + \"</b>\"));\n"
                + "display(new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB));");
        assertThat(c.status()).as(c.view().error()).isEqualTo("ok");
        List<org.jparallel.wire.Message> displays = c.execution().outputs().stream()
                .filter(m -> m.type().equals("display_data") && !m.content().getAsJsonObject("data").has("text/plain")
                        || m.type().equals("display_data") && m.content().getAsJsonObject("data").size() > 1)
                .toList();
        assertThat(displays).hasSize(4);
        for (int engine = 0; engine < 2; engine++) {
            int e = engine;
            List<com.google.gson.JsonObject> mine = displays.stream().map(org.jparallel.wire.Message::content)
                    .filter(x -> x.getAsJsonObject("metadata").get("engine").getAsInt() == e).toList();
            assertThat(mine).hasSize(2);
            assertThat(mine.get(0).getAsJsonObject("data").get("text/html").getAsString()).isEqualTo("<b>engine " + e + "</b>");
            assertThat(mine.get(1).getAsJsonObject("data").get("image/png").getAsString()).startsWith("iVBORw0KGgo");
            assertThat(mine.get(1).getAsJsonObject("metadata").getAsJsonObject("image/png").get("width").getAsInt()).isEqualTo(4);
        }
        String streams = c.execution().stream("stdout");
        assertThat(streams).contains("[output:0]\n", "[output:1]\n");
        assertThat(c.text()).contains("[stdout:0] before 0", "[stdout:1] before 1");
    }

    @Test
    @Order(6)
    void anEnginesValueKeepsItsRichForm() {
        CellRun c = run("%px new java.awt.image.BufferedImage(5, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)");
        assertThat(c.status()).as(c.view().error()).isEqualTo("ok");
        assertThat(c.text()).containsPattern("Out\\[0:\\d+]: BufferedImage").containsPattern("Out\\[1:\\d+]: BufferedImage");
        List<com.google.gson.JsonObject> images = c.execution().outputs().stream()
                .filter(m -> m.type().equals("display_data") && m.content().getAsJsonObject("data").has("image/png"))
                .map(org.jparallel.wire.Message::content).toList();
        assertThat(images).hasSize(2);
        assertThat(images).extracting(x -> x.getAsJsonObject("metadata").get("engine").getAsInt()).containsExactlyInAnyOrder(0, 1);
        assertThat(images.get(0).getAsJsonObject("metadata").getAsJsonObject("image/png").get("width").getAsInt()).isEqualTo(5);
    }
}
