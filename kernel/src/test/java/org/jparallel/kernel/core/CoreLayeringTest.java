package org.jparallel.kernel.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel core knows no language: its sources name only the wire, protocol, link and support
 * packages of ours, never JShell, the magics, the notebook API, the cluster or the kernel's Java
 * side (org.jparallel.kernel).
 */
class CoreLayeringTest {
    private static final Pattern OURS = Pattern.compile("\\borg\\.jparallel\\.([a-z]+(?:\\.[a-z]+)*)");
    private static final List<String> ALLOWED = List.of("kernel.core", "wire", "protocol", "link", "support");

    @Test
    void theCoreNamesNoPackageAboveIt() throws IOException {
        Path dir = Path.of("src", "main", "java", "org", "jparallel", "kernel", "core");
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = OURS.matcher(Files.readString(f));
                while (m.find()) {
                    String pkg = m.group(1);
                    if (ALLOWED.stream().noneMatch(a -> pkg.equals(a) || pkg.startsWith(a + "."))) {
                        offending.add(f.getFileName() + " names org.jparallel." + pkg);
                    }
                }
            }
        }
        assertThat(offending).isEmpty();
    }
}
