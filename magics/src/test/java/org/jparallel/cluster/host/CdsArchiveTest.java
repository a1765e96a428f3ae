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

    @Test
    void makingAnArchiveRemovesTheLeastRecentlyUsedOnesBeyondTheLimitAndNothingElse() throws Exception {
        long now = System.currentTimeMillis();
        List<Path> archives = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Path a = Files.writeString(dir.resolve("engine-" + Integer.toHexString(0xa0 + i) + ".jsa"), "archive " + i);
            Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(now - (12 - i) * 60_000L));
            archives.add(a); // archives.get(11) was used last
        }
        Path other = Files.writeString(dir.resolve("notes.txt"), "not an archive");
        Path temporary = Files.writeString(dir.resolve("engine-ff.jsa.123.tmp"), "training");
        Path current = archives.get(0); // just made: the oldest time stamp here, kept all the same
        CdsArchive.prune(dir, current, 4);
        assertThat(archives.stream().filter(Files::exists).toList())
                .containsExactly(current, archives.get(9), archives.get(10), archives.get(11));
        assertThat(other).exists();
        assertThat(temporary).exists();
        CdsArchive.prune(dir.resolve("missing"), current, 4); // nothing to list: no error
    }
}
