package org.jparallel.link;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name, the same way for engines and the controller (to know whether a pid is local). */
public final class HostName {
    private static volatile String cached;

    private HostName() {
    }

    /** The host name from the kernel, else HOSTNAME, else "localhost"; no DNS lookup (which can be slow). */
    public static String local() {
        String h = cached;
        if (h != null) {
            return h;
        }
        try {
            h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            h = "";
        }
        if (h.isEmpty()) {
            h = System.getenv().getOrDefault("HOSTNAME", "");
        }
        if (h.isEmpty()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "localhost";
            }
        }
        cached = h;
        return h;
    }
}
