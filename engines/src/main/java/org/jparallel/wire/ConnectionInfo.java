package org.jparallel.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A Jupyter connection file: transport, address, the five ports and the signing key. */
public record ConnectionInfo(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
                             int controlPort, int hbPort, String key, String signatureScheme, String kernelName) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** Reads and checks a connection file; the message names the file and what is wrong with it. */
    public static ConnectionInfo read(Path file) throws IOException {
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IOException("connection file " + file + " is not a JSON object");
        }
        String scheme = str(o, "signature_scheme", "hmac-sha256");
        if (!scheme.equals("hmac-sha256")) {
            throw new IOException("connection file " + file + " asks for signature scheme '" + scheme
                    + "'; this kernel signs with hmac-sha256 only");
        }
        try {
            return new ConnectionInfo(str(o, "transport", "tcp"), str(o, "ip", "127.0.0.1"),
                    o.get("shell_port").getAsInt(), o.get("iopub_port").getAsInt(), o.get("stdin_port").getAsInt(),
                    o.get("control_port").getAsInt(), o.get("hb_port").getAsInt(), str(o, "key", ""), scheme,
                    str(o, "kernel_name", ""));
        } catch (NullPointerException | ClassCastException | NumberFormatException | IllegalStateException e) {
            throw new IOException("connection file " + file + " lacks one of shell_port, iopub_port, stdin_port, control_port, hb_port");
        }
    }

    /** The ZeroMQ endpoint for a port, e.g. tcp://127.0.0.1:5555 (ipc uses ip-port as the path). */
    public String endpoint(int port) {
        return transport.equals("ipc") ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }

    /** Writes the file with mode 0600 from the start, so the key is never readable by others. */
    public void write(Path file) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("transport", transport);
        o.addProperty("ip", ip);
        o.addProperty("shell_port", shellPort);
        o.addProperty("iopub_port", iopubPort);
        o.addProperty("stdin_port", stdinPort);
        o.addProperty("control_port", controlPort);
        o.addProperty("hb_port", hbPort);
        o.addProperty("key", key);
        o.addProperty("signature_scheme", signatureScheme);
        o.addProperty("kernel_name", kernelName);
        writePrivate(file, GSON.toJson(o));
    }

    /** Writes text to a file created with mode 0600 (replacing any earlier file). */
    public static void writePrivate(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String str(JsonObject o, String k, String dflt) {
        return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsString() : dflt;
    }
}
