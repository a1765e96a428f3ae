package org.jparallel.cluster.launch.mpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JavaUnderMpirunTest {
    @TempDir
    Path dir;

    private static List<String> engine(String... options) {
        List<String> cmd = new java.util.ArrayList<>(List.of("/opt/jdk/bin/java"));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-cp", "/l/a.jar:/l/b.jar", "org.jparallel.engine.EngineMain"));
        return cmd;
    }

    @Test
    void anEngineWithAnArchiveIsHandedToMpirunThroughShWithMpisLibraryPathAndTheWorkingDirectoryLast() {
        List<String> cmd = engine("-XX:SharedArchiveFile=/c/engine.jsa", "-Xms32m");
        assertThat(JavaUnderMpirun.command(cmd, () -> Optional.of("/usr/lib/openmpi/lib"), Path.of("/home/u/nb")))
                .containsExactly("sh", "-c", "exec \"$@\"", "jparallel-engine", "/opt/jdk/bin/java",
                        "-Djava.library.path=/usr/lib/openmpi/lib", "-XX:SharedArchiveFile=/c/engine.jsa", "-Xms32m",
                        "-cp", "/l/a.jar:/l/b.jar:/home/u/nb", "org.jparallel.engine.EngineMain");
    }

    @Test
    void withoutAnArchiveALibdirOrJavaTheCommandIsMpirunsToRewriteAsBefore() {
        List<String> plain = engine("-Xms32m");
        assertThat(JavaUnderMpirun.command(plain, () -> Optional.of("/usr/lib/openmpi/lib"), dir)).isSameAs(plain);
        List<String> archived = engine("-XX:SharedArchiveFile=/c/engine.jsa");
        assertThat(JavaUnderMpirun.command(archived, Optional::empty, dir)).isSameAs(archived);
        List<String> notJava = List.of("/opt/bin/engine-wrapper", "-XX:SharedArchiveFile=/c/e.jsa", "-cp", "x.jar", "Main");
        assertThat(JavaUnderMpirun.command(notJava, () -> Optional.of("/l"), dir)).isSameAs(notJava);
    }

    @Test
    void aLibraryPathTheProfileGivesIsKept() {
        List<String> cmd = engine("-XX:SharedArchiveFile=/c/engine.jsa", "-Djava.library.path=/mine");
        assertThat(JavaUnderMpirun.command(cmd, () -> Optional.of("/usr/lib/openmpi/lib"), dir))
                .contains("-Djava.library.path=/mine").doesNotContain("-Djava.library.path=/usr/lib/openmpi/lib");
    }

    @Test
    void theWorkingDirectoryIsMpirunsWdirWhenTheArgumentsNameOne() {
        assertThat(JavaUnderMpirun.workingDir(List.of("--wdir", "/scratch/run"))).isEqualTo(Path.of("/scratch/run"));
        assertThat(JavaUnderMpirun.workingDir(List.of("-wdir", "/s"))).isEqualTo(Path.of("/s"));
        assertThat(JavaUnderMpirun.workingDir(List.of("--wdir=/t", "--host", "a"))).isEqualTo(Path.of("/t"));
        assertThat(JavaUnderMpirun.workingDir(List.of("--host", "a"))).isEqualTo(Path.of("").toAbsolutePath());
    }

    @Test
    void ompiInfosLibdirLineIsReadAndCheckedToBeADirectory() {
        assertThat(JavaUnderMpirun.parseLibdir("path:prefix:/usr\npath:libdir:" + dir + "\n")).contains(dir.toString());
        assertThat(JavaUnderMpirun.parseLibdir("path:libdir:" + dir.resolve("missing") + "\n")).isEmpty();
        assertThat(JavaUnderMpirun.parseLibdir("ompi_info: error\n")).isEmpty();
    }
}
