package org.jparallel.kernel.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The kernel's connection file holds the key that signs every message: only its owner may read
 * it. Jupyter writes it with mode 0600; a file readable by the group or others (copied, or made
 * by another tool) is tightened to 0600, with a warning, before the kernel trusts its key.
 */
public final class ConnectionFileGuard {
    private static final Logger LOG = Logger.getLogger(ConnectionFileGuard.class.getName());
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private ConnectionFileGuard() {
    }

    /** Makes the file 0600 when others may use it; returns the warning given, or null when it was private. */
    public static String tighten(Path file) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException | IOException e) {
            return null; // not a POSIX file system, or unreadable: reading it will say so
        }
        if (perms.stream().noneMatch(OTHERS::contains)) {
            return null;
        }
        String was = PosixFilePermissions.toString(perms);
        String warning;
        try {
            Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            warning = "the connection file " + file + " was readable by other users (" + was + "); its mode is now rw-------."
                    + " Anyone who read it could have sent code to this kernel: restart the kernel for a new key";
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            warning = "the connection file " + file + " is readable by other users (" + was + ") and could not be made"
                    + " private (" + e.getMessage() + "): anyone who reads it can send code to this kernel";
        }
        LOG.warning(warning);
        return warning;
    }
}
