package org.jparallel.cluster.ship;

import org.jparallel.support.FileDigests;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.jparallel.protocol.LibraryProtocol;
import org.jparallel.wire.Message;

/**
 * Gives engines the notebook's jars ({@link LibraryProtocol}): each engine is told name, size,
 * SHA-256 and the kernel's path of every jar; an engine that finds a jar on its own disk (same
 * path and hash: a shared file system) or in its cache uses it, and only the jars it lacks travel,
 * in chunks of at most {@link LibraryProtocol#MAX_CHUNK} bytes, one chunk in flight per engine.
 */
public final class LibraryShipper {
    private static final Logger LOG = Logger.getLogger(LibraryShipper.class.getName());

    /** Sends one request to one engine; the future completes with its reply. */
    @FunctionalInterface
    public interface Requester {
        CompletableFuture<Message> request(int engineId, String msgType, JsonObject content, List<byte[]> buffers);
    }

    /** What sharing did: engines that have every jar now, bytes sent, and why the others do not. */
    public record Report(List<Integer> ready, long bytesSent, Map<Integer, String> failures) {
    }

    private record Jar(Path file, String name, String sha256, long size) {
    }

    private record Stamp(long size, long modified) {
    }

    private final Map<Path, Map.Entry<Stamp, Jar>> described = new ConcurrentHashMap<>();

    /** Makes every jar (in class path order) available on the given engines; waits at most {@code wait}. */
    public Report share(Requester requester, List<Integer> engines, List<Path> files, Duration wait) throws IOException {
        List<Jar> jars = new ArrayList<>();
        for (Path f : files) {
            jars.add(describe(f));
        }
        JsonObject manifest = new JsonObject();
        JsonArray list = new JsonArray();
        for (Jar j : jars) {
            JsonObject o = new JsonObject();
            o.addProperty("name", j.name());
            o.addProperty("sha256", j.sha256());
            o.addProperty("size", j.size());
            o.addProperty("path", j.file().toString());
            list.add(o);
        }
        manifest.add("jars", list);
        AtomicLong sent = new AtomicLong();
        Map<Integer, CompletableFuture<String>> runs = new LinkedHashMap<>();
        for (int id : engines) {
            runs.put(id, ask(requester, id, manifest).thenCompose(missing -> {
                if (missing.isEmpty()) {
                    return CompletableFuture.completedFuture(List.<String>of());
                }
                CompletableFuture<Void> uploads = CompletableFuture.completedFuture(null);
                for (Jar j : jars) {
                    if (missing.contains(j.sha256())) {
                        uploads = uploads.thenCompose(v -> upload(requester, id, j, 0, sent));
                    }
                }
                return uploads.thenCompose(v -> ask(requester, id, manifest));
            }).thenApply(stillMissing -> stillMissing.isEmpty() ? ""
                    : "it still lacks " + stillMissing.size() + " jar(s) after they were sent"));
        }
        List<Integer> ready = new ArrayList<>();
        Map<Integer, String> failures = new TreeMap<>();
        long end = System.nanoTime() + wait.toNanos();
        for (Map.Entry<Integer, CompletableFuture<String>> r : runs.entrySet()) {
            try {
                String why = r.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (why.isEmpty()) {
                    ready.add(r.getKey());
                } else {
                    failures.put(r.getKey(), why);
                }
            } catch (TimeoutException e) {
                failures.put(r.getKey(), "no answer within " + wait.toSeconds() + " s (is a long cell running there?);"
                        + " the jars still reach it when that cell ends");
            } catch (ExecutionException e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                failures.put(r.getKey(), c.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.put(r.getKey(), "interrupted");
                break;
            }
        }
        LOG.fine(() -> "libraries: " + jars.size() + " jars to engines " + engines + ", " + sent.get() + " bytes sent");
        return new Report(List.copyOf(ready), sent.get(), failures);
    }

    /** Asks an engine to take the jars; completes with the SHA-256 of those it lacks. */
    private static CompletableFuture<List<String>> ask(Requester requester, int id, JsonObject manifest) {
        return requester.request(id, LibraryProtocol.LIBRARIES, manifest, List.of()).thenApply(m -> {
            checkOk(m);
            List<String> missing = new ArrayList<>();
            JsonElement e = m.content().get("missing");
            if (e != null && e.isJsonArray()) {
                e.getAsJsonArray().forEach(x -> missing.add(x.getAsString()));
            }
            return missing;
        });
    }

    private static CompletableFuture<Void> upload(Requester requester, int id, Jar jar, long offset, AtomicLong sent) {
        byte[] chunk;
        try (RandomAccessFile in = new RandomAccessFile(jar.file().toFile(), "r")) {
            int n = (int) Math.min(LibraryProtocol.MAX_CHUNK, jar.size() - offset);
            chunk = new byte[n];
            in.seek(offset);
            in.readFully(chunk);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new IOException("reading " + jar.file() + " failed: " + e.getMessage(), e));
        }
        JsonObject c = new JsonObject();
        c.addProperty("name", jar.name());
        c.addProperty("sha256", jar.sha256());
        c.addProperty("size", jar.size());
        c.addProperty("offset", offset);
        long next = offset + chunk.length;
        return requester.request(id, LibraryProtocol.LIBRARY_DATA, c, List.of(chunk)).thenCompose(m -> {
            checkOk(m);
            sent.addAndGet(chunk.length);
            return next < jar.size() ? upload(requester, id, jar, next, sent) : CompletableFuture.completedFuture(null);
        });
    }

    private static void checkOk(Message m) {
        if (!"ok".equals(m.contentString("status", ""))) {
            String why = m.contentString("evalue", m.contentString("detail", "the engine refused"));
            throw new IllegalStateException(why);
        }
    }

    private Jar describe(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            throw new IOException(abs + " is a directory of classes; only jars can travel to the engines (make a jar of it)");
        }
        Stamp stamp = new Stamp(Files.size(abs), Files.getLastModifiedTime(abs).toMillis());
        Map.Entry<Stamp, Jar> known = described.get(abs);
        if (known != null && known.getKey().equals(stamp)) {
            return known.getValue();
        }
        Jar j = new Jar(abs, abs.getFileName().toString(), FileDigests.sha256(abs), stamp.size());
        described.put(abs, Map.entry(stamp, j));
        return j;
    }

}
