package org.jparallel.cluster.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The runtime directory and the cluster files hold keys: a directory or file that is shared, a
 * symbolic link or someone else's is refused with a sentence, even when the environment points there.
 */
class RuntimeDirTest {
    @TempDir
    Path tmp;

    @Test
    void aNewDirectoryIsCreatedPrivate() throws IOException {
        Path d = tmp.resolve("a").resolve("runtime");
        assertThat(new RuntimeDir(d).dir()).isEqualTo(d);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwx------");
    }

    @Test
    void aSharedDirectoryIsRefused() throws IOException {
        Path shared = Files.createDirectory(tmp.resolve("shared"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> new RuntimeDir(shared).dir()).isInstanceOf(ClusterException.class)
                .hasMessage("the cluster runtime directory " + shared + " is open to other users (mode rwxrwxrwx); it "
                        + "holds the keys of your clusters, so it must be yours alone: point JPARALLEL_RUNTIME_DIR at a "
                        + "directory of your own (it is created with mode 700), or unset it");
    }

    @Test
    void aSymbolicLinkIsRefused() throws IOException {
        Path real = new RuntimeDir(tmp.resolve("real")).dir();
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        assertThatThrownBy(() -> new RuntimeDir(link).dir()).hasMessageContaining(" is a symbolic link (to " + real + ")");
    }

    @Test
    void someoneElsesDirectoryIsRefused() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a directory away");
        Path theirs = new RuntimeDir(tmp.resolve("theirs")).dir();
        UserPrincipal nobody = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(theirs, nobody);
        assertThatThrownBy(() -> new RuntimeDir(theirs).dir()).hasMessageContaining(" belongs to another user (uid ");
    }

    @Test
    void clusterFilesThatAreLinksOrSharedAreRefused() throws IOException {
        RuntimeDir runtime = new RuntimeDir(tmp.resolve("rt"));
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere.json"), "{}");
        Path file = runtime.clusterFile("p");
        Files.createSymbolicLink(file, elsewhere);
        assertThatThrownBy(() -> ClusterInfo.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("is a symbolic link").hasMessageContaining("refusing it");
        Files.delete(file);
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ClusterInfo.read(file)).hasMessageContaining("is open to other users (mode rw-r--r--)");
    }
}
