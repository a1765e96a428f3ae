package org.jparallel.cluster.host;

import org.jparallel.cluster.model.RuntimeDir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EngineCommandTest {
    @TempDir
    Path dir;

    @Test
    void aCrashingEngineWritesItsLogToTheRuntimeDirNotTheNotebooksFolder() {
        List<String> options = EngineCommand.crashOptions(new RuntimeDir(dir.resolve("runtime")));
        assertThat(options).contains("-XX:ErrorFile=" + dir.resolve("runtime").resolve("engine-hs_err_pid%p.log"),
                "-XX:-CreateCoredumpOnCrash");
        assertThat(dir.resolve("runtime")).isDirectory();
    }

    @Test
    void theCrashLogsPlaceDoesNotChangeTheClassDataArchive() throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "not really a jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Path> files = new ArrayList<>();
        for (String runtime : List.of("one", "two")) {
            List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC"));
            cmd.addAll(EngineCommand.crashOptions(new RuntimeDir(dir.resolve(runtime))));
            cmd.addAll(List.of("-cp", jar.toString(), EngineCommand.MAIN));
            files.add(CdsArchive.forCommand(cmd).orElseThrow().file());
        }
        assertThat(files.get(0)).isEqualTo(files.get(1));
    }
}
