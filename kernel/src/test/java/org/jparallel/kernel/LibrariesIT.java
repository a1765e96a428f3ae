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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * %maven, %jars, %classpath and %%loadFromPOM in the real kernel, against a Maven repository this
 * test builds (settings.xml mirrors everything there, with a local repository of its own).
 */
@Timeout(300)
class LibrariesIT {
    static final Duration T = Duration.ofSeconds(120);
    static Path dir;
    static Path local;
    static MavenTestRepository repo;
    static KernelProcess kernel;
    static KernelClient client;

    @BeforeAll
    static void start() throws Exception {
        dir = Path.of("target", "libraries-it").toAbsolutePath();
        deleteTree(dir);
        repo = new MavenTestRepository(dir.resolve("repo"));
        repo.deploy("org.example", "words", "1.0", Map.of("org.example.words.Words",
                "package org.example.words; public class Words { public static String v() { return \"words 1.0\"; } }"), List.of());
        repo.deploy("org.example", "words", "2.0", Map.of("org.example.words.Words",
                "package org.example.words; public class Words { public static String v() { return \"words 2.0\"; } }"), List.of());
        repo.deploy("org.example", "greeting", "1.0", Map.of("org.example.greeting.Greeting",
                "package org.example.greeting; public class Greeting { public static String hello() { return \"hello\"; } }"),
                List.of("org.example:words:1.0"));
        repo.deploy("org.example", "poem", "1.0", Map.of("org.example.poem.Poem",
                "package org.example.poem; public class Poem { public static String line() { return \"a line\"; } }"),
                List.of("org.example:words:2.0"));
        repo.deploy("org.example", "verse", "3.0", Map.of("org.example.verse.Verse",
                "package org.example.verse; public class Verse { public static String text() { return \"verse 3.0\"; } }"), List.of());
        repo.deploy("org.example", "unfetched", "1.0", Map.of("org.example.unfetched.U", "package org.example.unfetched; public class U { }"), List.of());
        repo.deployJar("org.ow2.asm", "asm", "9.6", Path.of("target", "test-libraries", "asm-9.6.jar"));
        local = dir.resolve("local");
        Path settings = repo.settings(dir, local, false);
        kernel = KernelProcess.start("libraries", Map.of("JPARALLEL_MAVEN_SETTINGS", settings.toString()));
        client = kernel.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (kernel != null) {
            kernel.close();
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (Files.exists(root)) {
            try (var walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static CellRun run(String code) {
        return CellRun.run(client, code, T);
    }

    @Test
    void mavenAddsAnArtifactWithItsDependencyAndLaterVersionsThatMeetAreNamed() {
        CellRun added = run("%maven org.example:greeting:1.0\norg.example.greeting.Greeting.hello() + \", \" + org.example.words.Words.v()");
        assertThat(added.status()).as(added.view().error() + "\n" + kernel.logText()).isEqualTo("ok");
        assertThat(added.text()).startsWith("Added 2 jars to the class path:\n"
                + "  " + local.resolve("org/example/greeting/1.0/greeting-1.0.jar") + "  (org.example:greeting:1.0)\n"
                + "  " + local.resolve("org/example/words/1.0/words-1.0.jar") + "  (org.example:words:1.0)\n");
        assertThat(added.text()).endsWith("\"hello, words 1.0\"\n");

        CellRun again = run("%maven org.example:greeting:1.0");
        assertThat(again.text()).isEqualTo("Nothing new: those 2 jars are on the class path already.\n");

        // poem wants words 2.0: the notebook keeps the 1.0 it loaded
        CellRun poem = run("%maven org.example:poem:1.0\norg.example.poem.Poem.line() + \", \" + org.example.words.Words.v()");
        assertThat(poem.status()).isEqualTo("ok");
        assertThat(poem.text()).startsWith("Note: org.example:words: version 2.0 (wanted by org.example:poem:1.0) met version 1.0,"
                + " which this notebook loaded earlier; 1.0 stays\nAdded 1 jar to the class path (1 already there):\n");
        assertThat(poem.text()).endsWith("\"a line, words 1.0\"\n");

        CellRun conflict = run("%maven org.example:words:2.0");
        assertThat(conflict.status()).isEqualTo("error");
        assertThat(conflict.ename()).isEqualTo("LibraryError");
        assertThat(conflict.evalue()).isEqualTo("Version conflict: org.example:words:2.0 was asked for, but this notebook loaded"
                + " version 1.0 earlier; a running JVM keeps the classes it loaded, so restart the kernel to use 2.0.");
        assertThat(run("org.example.words.Words.v()").text()).isEqualTo("\"words 1.0\"\n");

        CellRun cp = run("%classpath");
        assertThat(cp.text()).startsWith("The notebook's libraries (").contains(
                "greeting-1.0.jar  (%maven org.example:greeting:1.0)", "poem-1.0.jar  (%maven org.example:poem:1.0)");
    }

    @Test
    void theNotebooksVersionOfALibraryTheKernelUsesWins() {
        CellRun asm = run("%maven org.ow2.asm:asm:9.6\norg.objectweb.asm.ClassWriter.class.getPackage().getImplementationVersion()");
        assertThat(asm.status()).as(asm.view().error()).isEqualTo("ok");
        assertThat(asm.text()).endsWith("\"9.6\"\n");
        // compiled against 9.6 too: the kernel's ASM (9.8) has Opcodes.V25, 9.6 has not
        CellRun v25 = run("org.objectweb.asm.Opcodes.V25");
        assertThat(v25.status()).isEqualTo("error");
        assertThat(v25.evalue() + v25.view().error()).contains("V25");
        assertThat(run("org.objectweb.asm.Opcodes.V22").text()).isEqualTo("66\n");
    }

    @Test
    void errorsNameTheProblemAndTheSessionGoesOn() {
        assertThat(run("int kept = 7;").status()).isEqualTo("ok");
        CellRun unknown = run("%maven org.example:nope:1.0");
        assertThat(unknown.status()).isEqualTo("error");
        assertThat(unknown.evalue()).startsWith("Unknown artifact: org.example:nope:1.0 was not found in test-repo (" + repo.url())
                .contains("the mirror of central");
        CellRun offline = run("%maven --offline org.example:unfetched:1.0");
        assertThat(offline.evalue()).isEqualTo("org.example:unfetched:1.0 is not in the local repository " + local
                + ", and Maven is offline (settings.xml's <offline> or --offline), so no repository was asked. Go online to download it.");
        CellRun usage = run("%maven gson");
        assertThat(usage.ename()).isEqualTo("UsageError");
        assertThat(usage.evalue()).contains("'gson' is not a Maven coordinate");
        CellRun noJar = run("%jars " + dir.resolve("nothing-here") + "/*.jar");
        assertThat(noJar.evalue()).startsWith("No jar matches '");
        assertThat(run("kept").text()).isEqualTo("7\n");
    }

    @Test
    void jarsAddsLocalJarsByGlobAndLoadFromPomReadsDependencies() throws Exception {
        Path jars = Files.createDirectories(dir.resolve("jars"));
        MavenTestRepository other = new MavenTestRepository(dir.resolve("other"));
        Files.copy(other.deploy("org.local", "tool", "0.1", Map.of("org.local.tool.Tool",
                "package org.local.tool; public class Tool { public static int answer() { return 42; } }"), List.of()),
                jars.resolve("tool-0.1.jar"));
        CellRun j = run("%jars " + jars + "/*.jar\norg.local.tool.Tool.answer()");
        assertThat(j.status()).as(j.view().error()).isEqualTo("ok");
        assertThat(j.text()).isEqualTo("Added 1 jar to the class path:\n  " + jars.resolve("tool-0.1.jar") + "\n42\n");

        CellRun pom = run("%%loadFromPOM\n<project>\n  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>me</groupId><artifactId>nb</artifactId><version>1</version>\n"
                + "  <properties><verse.version>3.0</verse.version></properties>\n"
                + "  <dependencies>\n"
                + "    <dependency><groupId>org.example</groupId><artifactId>verse</artifactId><version>${verse.version}</version></dependency>\n"
                + "    <dependency><groupId>org.example</groupId><artifactId>nope</artifactId><version>1</version><scope>test</scope></dependency>\n"
                + "  </dependencies>\n</project>");
        assertThat(pom.status()).as(pom.view().error()).isEqualTo("ok");
        assertThat(pom.text()).isEqualTo("Added 1 jar to the class path:\n  " + local.resolve("org/example/verse/3.0/verse-3.0.jar")
                + "  (org.example:verse:3.0)\n");
        assertThat(run("org.example.verse.Verse.text()").text()).isEqualTo("\"verse 3.0\"\n");
    }
}
