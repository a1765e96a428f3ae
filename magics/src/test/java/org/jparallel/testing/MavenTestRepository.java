package org.jparallel.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Maven repository in a directory, made by a test: artifacts with a class or two, a POM with
 * their dependencies, in Maven's layout; and a settings.xml whose mirror sends every repository
 * (Maven Central included) there, with its own local repository. Nothing leaves the machine.
 */
public final class MavenTestRepository {
    private final Path root;

    public MavenTestRepository(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    public Path root() {
        return root;
    }

    /** The repository's URL (file:). */
    public String url() {
        return root.toUri().toString();
    }

    /**
     * Deploys group:artifact:version with the given Java sources compiled into its jar (the
     * manifest says the version) and dependencies ("group:artifact:version") in its POM.
     */
    public Path deploy(String group, String artifact, String version, Map<String, String> sources, List<String> dependencies)
            throws IOException {
        Path dir = dir(group, artifact, version);
        Path jar = dir.resolve(artifact + "-" + version + ".jar");
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, mf)) {
            for (Map.Entry<String, byte[]> c : InMemoryJava.compile(sources).entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                out.write(c.getValue());
                out.closeEntry();
            }
        }
        writePom(dir, group, artifact, version, dependencies);
        sha1(jar);
        return jar;
    }

    /** Deploys an existing jar as group:artifact:version, without dependencies. */
    public Path deployJar(String group, String artifact, String version, Path jar) throws IOException {
        Path dir = dir(group, artifact, version);
        Path target = dir.resolve(artifact + "-" + version + ".jar");
        Files.copy(jar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        writePom(dir, group, artifact, version, List.of());
        sha1(target);
        return target;
    }

    private Path dir(String group, String artifact, String version) throws IOException {
        return Files.createDirectories(root.resolve(group.replace('.', '/')).resolve(artifact).resolve(version));
    }

    private static void writePom(Path dir, String group, String artifact, String version, List<String> dependencies) throws IOException {
        StringBuilder pom = new StringBuilder("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <modelVersion>4.0.0</modelVersion>\n"
                + "  <groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><version>" + version + "</version>\n"
                + "  <dependencies>\n");
        for (String d : dependencies) {
            String[] p = d.split(":");
            pom.append("    <dependency><groupId>").append(p[0]).append("</groupId><artifactId>").append(p[1])
                    .append("</artifactId><version>").append(p[2]).append("</version></dependency>\n");
        }
        pom.append("  </dependencies>\n</project>\n");
        Path file = dir.resolve(artifact + "-" + version + ".pom");
        Files.writeString(file, pom.toString(), StandardCharsets.UTF_8);
        sha1(file);
    }

    /** The checksum file a repository keeps beside each file. */
    private static void sha1(Path file) throws IOException {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file));
            Files.writeString(file.resolveSibling(file.getFileName() + ".sha1"), java.util.HexFormat.of().formatHex(digest));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A settings.xml (in {@code dir}) with local repository {@code local} and a mirror of every
     * repository at {@code mirrorUrl} (this repository, or an address that does not answer).
     */
    public static Path settings(Path dir, Path local, String mirrorUrl, boolean offline) throws IOException {
        String xml = "<settings>\n"
                + "  <localRepository>" + local.toAbsolutePath() + "</localRepository>\n"
                + "  <offline>" + offline + "</offline>\n"
                + "  <mirrors><mirror><id>test-repo</id><mirrorOf>*</mirrorOf><url>" + mirrorUrl + "</url></mirror></mirrors>\n"
                + "</settings>\n";
        Files.createDirectories(dir);
        Path file = dir.resolve("settings-" + Integer.toHexString(xml.hashCode()) + ".xml");
        Files.writeString(file, xml, StandardCharsets.UTF_8);
        return file;
    }

    /** A settings.xml pointing at this repository. */
    public Path settings(Path dir, Path local, boolean offline) throws IOException {
        return settings(dir, local, url(), offline);
    }
}
