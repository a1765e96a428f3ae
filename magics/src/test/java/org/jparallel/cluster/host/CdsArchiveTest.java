package org.jparallel.cluster.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CdsArchiveTest {
    @TempDir
    Path dir;

    private List<String> command(String cp) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-cp", cp,
                EngineCommand.MAIN);
    }

    @Test
    void onlyJarClassPathsAreArchivedAndNoArchiveMeansNoOption() throws Exception {
        Path a = Files.writeString(dir.resolve("a.jar"), "not really a jar");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertThat(CdsArchive.forCommand(command(a + ":" + classes))).isEmpty();
        assertThat(CdsArchive.forCommand(command(dir.resolve("missing.jar").toString()))).isEmpty();
        var archive = CdsArchive.forCommand(command(a.toString()));
        assertThat(archive).isPresent();
        assertThat(archive.get().options()).isEmpty(); // not trained for this made-up class path
    }
}
