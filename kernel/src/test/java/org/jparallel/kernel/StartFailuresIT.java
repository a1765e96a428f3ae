package org.jparallel.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When mpirun cannot start the engines, %cluster start says so at once, in mpirun's own words
 * where it spoke, with the fix: no mpirun on the PATH, MPIRUN naming a missing file, mpirun
 * refusing to run as root. The kernel keeps working. Also: a kernel whose connection file others
 * can read makes it private and says so.
 */
@Timeout(300)
class StartFailuresIT {

    @Test
    void noMpirunOnThePathAndAConnectionFileOthersCouldRead() throws Exception {
        Path emptyBin = Files.createTempDirectory("no-mpirun-bin");
        try (FaultKernelProcess k = FaultKernelProcess.start("no-mpirun", Map.of("PATH", emptyBin.toString()), "rw-r--r--")) {
            FaultKernelProcess.Cell c = k.run("%cluster start -n 2");
            assertThat(c.ename()).isEqualTo("ClusterError");
            assertThat(c.evalue()).startsWith("mpirun was not found on the PATH (" + emptyBin + "): install Open MPI,"
                    + " set MPIRUN to mpirun's path, or start the engines without MPI with the local launcher");
            assertThat(c.millis()).as("an answer, not a timeout").isLessThan(20_000);
            assertThat(k.run("%px 1").evalue()).startsWith("no cluster");
            assertThat(k.run("6 * 7").execution().result()).isEqualTo("42");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(k.connectionFile))).isEqualTo("rw-------");
            assertThat(k.logText()).contains("was readable by other users (rw-r--r--); its mode is now rw-------");
        }
    }

    @Test
    void mpirunNamesAMissingFile() throws Exception {
        try (FaultKernelProcess k = FaultKernelProcess.start("missing-mpirun", Map.of("MPIRUN", "/nonexistent/bin/mpirun"))) {
            FaultKernelProcess.Cell c = k.run("%cluster start -n 2");
            assertThat(c.ename()).isEqualTo("ClusterError");
            assertThat(c.evalue()).isEqualTo("MPIRUN names /nonexistent/bin/mpirun, which is not an executable file:"
                    + " point it at Open MPI's mpirun or unset it");
            assertThat(k.run("%cluster start -n 2 --launcher local").status()).as("the kernel goes on").isEqualTo("ok");
            assertThat(k.run("%px engineId").text()).containsPattern("Out\\[0:\\d+]: 0\nOut\\[1:\\d+]: 1\n");
        }
    }

    /**
     * An mpirun that gets neither --allow-run-as-root nor Open MPI's variables (here: a wrapper
     * that drops them, as a site's wrapper might) refuses root; as another user it simply runs.
     */
    @Test
    void mpirunRefusingRootIsQuotedWithTheFix() throws Exception {
        Path real = Stream.of(System.getenv("PATH").split(File.pathSeparator)).map(d -> Path.of(d, "mpirun"))
                .filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError("no mpirun on the PATH"));
        Path wrapper = Files.createTempDirectory("mpirun-wrapper").resolve("mpirun");
        Files.writeString(wrapper, "#!/bin/sh\n"
                + "unset OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM\n"
                + "for a in \"$@\"; do shift; [ \"$a\" = --allow-run-as-root ] || set -- \"$@\" \"$a\"; done\n"
                + "exec " + real + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        boolean root = "root".equals(System.getProperty("user.name"));
        try (FaultKernelProcess k = FaultKernelProcess.start("root-refused", Map.of("MPIRUN", wrapper.toString()))) {
            FaultKernelProcess.Cell c = k.run("%cluster start -n 2");
            if (root) {
                assertThat(c.ename()).isEqualTo("ClusterError");
                assertThat(c.evalue()).contains("the engines failed to start: mpirun (" + wrapper + ") exited with status 1")
                        .contains("mpirun has detected an attempt to run as root.")
                        .contains("What to do: mpirun refuses to run as root without --allow-run-as-root")
                        .contains("OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1");
                assertThat(c.millis()).as("a refusal, not a timeout").isLessThan(30_000);
                assertThat(k.run("%cluster status").evalue()).startsWith("no cluster");
            } else {
                assertThat(c.status()).as(c.error()).isEqualTo("ok");
            }
            assertThat(k.run("6 * 7").execution().result()).isEqualTo("42");
        }
    }
}
