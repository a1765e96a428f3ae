package org.jparallel.kernel.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionFileGuardTest {

    @Test
    void aPrivateFileIsLeftAlone(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("kernel.json"), "{}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThat(ConnectionFileGuard.tighten(f)).isNull();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    }

    @Test
    void aFileOthersCanReadIsMadePrivateWithAWarning(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("kernel.json"), "{}");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ConnectionFileGuard.tighten(f)).contains("was readable by other users (rw-r--r--)")
                .contains("its mode is now rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
    }
}
