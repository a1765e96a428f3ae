package org.jparallel.engine.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Notebook class files as one message buffer: a count, then name, length and bytes of each. */
public final class ClassBundle {
    private static final int MAX_CLASSES = 100_000;

    private ClassBundle() {
    }

    /** The buffer for these classes (binary name to bytecode). */
    public static byte[] encode(Map<String, byte[]> classes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(classes.size());
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The classes in a buffer; IllegalArgumentException when the buffer is not one. */
    public static Map<String, byte[]> decode(byte[] buffer) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(buffer))) {
            int n = in.readInt();
            if (n < 0 || n > MAX_CLASSES) {
                throw new IllegalArgumentException("the class bundle claims " + n + " classes");
            }
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int len = in.readInt();
                if (len < 0 || len > in.available()) {
                    throw new IllegalArgumentException("the class bundle is truncated at " + name);
                }
                out.put(name, in.readNBytes(len));
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("the class bundle is truncated", e);
        }
    }

    /** A short fingerprint of a class file, to tell versions of a class apart. */
    public static String hash(byte[] code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
