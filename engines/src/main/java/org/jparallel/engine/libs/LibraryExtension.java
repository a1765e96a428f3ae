package org.jparallel.engine.libs;

import org.jparallel.support.FileDigests;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jparallel.engine.EngineExtension;
import org.jparallel.engine.EngineHandlers;
import org.jparallel.engine.EngineRequest;
import org.jparallel.engine.HandlerMode;
import org.jparallel.protocol.LibraryProtocol;

/** Puts the notebook's jars on the engine's class path ({@link LibraryProtocol}); found with ServiceLoader. */
public final class LibraryExtension implements EngineExtension {
    private final LibraryCache cache;
    /** Kernel path + sha256 to the file this engine found for it (hashing a jar once). */
    private final Map<String, Path> found = new ConcurrentHashMap<>();

    public LibraryExtension() {
        this(LibraryCache.user());
    }

    LibraryExtension(LibraryCache cache) {
        this.cache = cache;
    }

    @Override
    public void register(EngineHandlers handlers) {
        handlers.register(LibraryProtocol.LIBRARIES, HandlerMode.EXECUTION, this::libraries);
        handlers.register(LibraryProtocol.LIBRARY_DATA, HandlerMode.EXECUTION, this::data);
    }

    private static void fail(EngineRequest request, String why) {
        JsonObject c = new JsonObject();
        c.addProperty("status", "error");
        c.addProperty("ename", "LibraryError");
        c.addProperty("evalue", why);
        c.add("traceback", new JsonArray());
        request.reply(c);
    }

    private void libraries(EngineRequest request) {
        JsonElement list = request.content().get("jars");
        if (list == null || !list.isJsonArray()) {
            fail(request, "libraries_request has no list of jars");
            return;
        }
        List<Path> paths = new ArrayList<>();
        JsonArray missing = new JsonArray();
        for (JsonElement e : list.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                fail(request, "libraries_request lists something that is not a jar");
                return;
            }
            JsonObject jar = e.getAsJsonObject();
            String name = string(jar, "name");
            String sha = string(jar, "sha256");
            Optional<String> bad = LibraryCache.checkNames(name, sha);
            if (bad.isPresent()) {
                fail(request, bad.get());
                return;
            }
            long size = jar.has("size") ? jar.get("size").getAsLong() : -1;
            Optional<Path> local = locate(string(jar, "path"), name, sha, size);
            if (local.isPresent()) {
                paths.add(local.get());
            } else {
                missing.add(sha);
            }
        }
        JsonObject c = new JsonObject();
        c.add("missing", missing);
        JsonArray added = new JsonArray();
        if (missing.isEmpty()) {
            request.engine().evaluator().addLibraries(paths).forEach(p -> added.add(p.toString()));
        }
        c.add("added", added);
        request.reply(c);
    }

    /** The kernel's own file when this machine has it (shared file system), else the cached copy. */
    private Optional<Path> locate(String kernelPath, String name, String sha, long size) {
        String key = kernelPath + "\n" + sha;
        Path known = found.get(key);
        if (known != null && Files.isRegularFile(known)) {
            return Optional.of(known);
        }
        if (kernelPath != null && !kernelPath.isEmpty()) {
            Path p = Path.of(kernelPath);
            try {
                if (Files.isRegularFile(p) && Files.size(p) == size && FileDigests.sha256(p).equals(sha)) {
                    found.put(key, p);
                    return Optional.of(p);
                }
            } catch (IOException | RuntimeException e) {
                // not readable here: the cache or the bytes
            }
        }
        Optional<Path> cached = cache.find(name, sha, size);
        cached.ifPresent(p -> found.put(key, p));
        return cached;
    }

    private void data(EngineRequest request) {
        JsonObject c = request.content();
        String name = string(c, "name");
        String sha = string(c, "sha256");
        Optional<String> bad = LibraryCache.checkNames(name, sha);
        if (bad.isPresent()) {
            fail(request, bad.get());
            return;
        }
        long size = c.has("size") ? c.get("size").getAsLong() : -1;
        long offset = c.has("offset") ? c.get("offset").getAsLong() : -1;
        List<byte[]> buffers = request.buffers();
        if (size < 0 || size > LibraryProtocol.MAX_JAR || offset < 0 || buffers.size() != 1
                || buffers.get(0).length > LibraryProtocol.MAX_CHUNK || offset + buffers.get(0).length > size) {
            fail(request, "library_data_request for " + name + " has a bad size, offset or chunk");
            return;
        }
        try {
            Optional<Path> done = cache.write(name, sha, size, offset, buffers.get(0));
            JsonObject reply = new JsonObject();
            reply.addProperty("complete", done.isPresent());
            request.reply(reply);
        } catch (IOException e) {
            fail(request, "engine " + request.engine().id() + " could not store " + name + ": " + e.getMessage());
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }
}
