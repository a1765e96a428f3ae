package org.jparallel.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.ship.LibraryShipper;
import org.jparallel.notebook.Progress;
import org.jparallel.protocol.LibraryProtocol;
import org.jparallel.testing.InMemoryJava;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jars reach engines that cannot read the kernel's files (as on another machine without a shared
 * file system): they travel over the cluster's link in chunks, are checked, cached, and used.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LibraryShippingIT {
    @TempDir
    static Path tmp;
    static Cluster cluster;
    static Path cache;

    @BeforeAll
    static void start() throws Exception {
        ClusterFixtures.isolate();
        cache = tmp.resolve("engine-cache");
        Profile p = new Profile("it-libraries", 2, "local", Map.of(), List.of("-Djparallel.libraries.cache=" + cache),
                List.of(), "", "127.0.0.1", Duration.ofSeconds(120));
        cluster = Cluster.start(p, Progress.NONE);
    }

    @AfterAll
    static void stop() {
        Cluster.closeAll();
    }

    /** A jar with a class and a 9 MB resource (three chunks). */
    private static Path bigJar() throws Exception {
        Path jar = tmp.resolve("shipped-1.0.jar");
        byte[] filler = new byte[9 << 20];
        new Random(7).nextBytes(filler);
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(f)) {
            for (var c : InMemoryJava.compile(Map.of("org.shipped.Shipped",
                    "package org.shipped; public class Shipped { public static String where() { return \"shipped\"; } }")).entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                out.write(c.getValue());
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("org/shipped/filler.bin"));
            out.write(filler);
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void jarsTheEnginesCannotReadTravelInChunksAndAreUsed() throws Exception {
        Path jar = bigJar();
        // The engines are told a path that does not exist on their machine.
        LibraryShipper.Requester elsewhere = (id, type, content, buffers) -> {
            JsonObject c = content.deepCopy();
            if (type.equals(LibraryProtocol.LIBRARIES)) {
                c.getAsJsonArray("jars").forEach(j -> j.getAsJsonObject().addProperty("path", "/nonexistent" + jar));
            }
            return cluster.request(id, type, c, buffers, null);
        };
        LibraryShipper shipper = new LibraryShipper();
        LibraryShipper.Report r = shipper.share(elsewhere, List.of(0, 1), List.of(jar), Duration.ofSeconds(120));
        assertThat(r.failures()).isEmpty();
        assertThat(r.ready()).containsExactly(0, 1);
        // Both engines share one cache here: at least one of them needed the bytes, at most both did.
        assertThat(r.bytesSent()).isBetween(Files.size(jar), 2 * Files.size(jar));
        try (var files = Files.walk(cache)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList()).containsExactly("shipped-1.0.jar");
        }
        ExecuteResults used = cluster.execute(null, "org.shipped.Shipped.where() + \" \" + "
                + "org.shipped.Shipped.class.getProtectionDomain().getCodeSource().getLocation().getPath().startsWith(\"" + cache + "\")").get(60, TimeUnit.SECONDS);
        assertThat(used.results()).extracting(EngineResult::textPlain).containsExactly("\"shipped true\"", "\"shipped true\"");

        // Shared again: the cache serves it, nothing travels.
        assertThat(shipper.share(elsewhere, List.of(0, 1), List.of(jar), Duration.ofSeconds(60)).bytesSent()).isZero();
    }

    @Test
    void aBadRequestIsRefusedWithAReasonAndTheEngineGoesOn() throws Exception {
        JsonObject c = new JsonObject();
        c.addProperty("name", "../escape.jar");
        c.addProperty("sha256", "0".repeat(64));
        c.addProperty("size", 3);
        c.addProperty("offset", 0);
        var reply = cluster.request(0, LibraryProtocol.LIBRARY_DATA, c, List.of(new byte[3]), null).get(30, TimeUnit.SECONDS);
        assertThat(reply.contentString("status", "")).isEqualTo("error");
        assertThat(reply.contentString("evalue", "")).contains("plain file name");
        ExecuteResults alive = cluster.execute(List.of(0), "1 + 1").get(60, TimeUnit.SECONDS);
        assertThat(alive.get(0).textPlain()).isEqualTo("2");
    }
}
