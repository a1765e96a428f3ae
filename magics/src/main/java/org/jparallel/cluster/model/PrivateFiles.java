package org.jparallel.cluster.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Checks that a file or directory holding keys is this user's alone: no link, our owner, no access for others. */
final class PrivateFiles {
    private PrivateFiles() {
    }

    /** Null when the path is private, else what is wrong with it ("is a symbolic link", ...). */
    static String problem(Path path, boolean directory) {
        try {
            if (Files.isSymbolicLink(path)) {
                return "is a symbolic link (to " + Files.readSymbolicLink(path) + ")";
            }
            if (directory ? !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                    : !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return "is not a " + (directory ? "directory" : "regular file");
            }
            Object uid = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            long mine = new com.sun.security.auth.module.UnixSystem().getUid();
            if (uid instanceof Integer u && u.longValue() != mine) {
                return "belongs to another user (uid " + u + ", you are uid " + mine + ")";
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : perms) {
                if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                    return "is open to other users (mode " + PosixFilePermissions.toString(perms) + ")";
                }
            }
            return null;
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot be checked (" + e.getMessage() + ")";
        }
    }
}
