package org.jparallel.wire;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** HMAC-SHA256 signatures over message parts, as the Jupyter wire protocol defines them; empty key = unsigned. */
public final class Signer {
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] key;
    // Mac is not thread-safe; each thread keeps its own instance.
    private final ThreadLocal<Mac> mac;

    public Signer(String key) {
        this.key = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        this.mac = ThreadLocal.withInitial(this::newMac);
    }

    public boolean enabled() {
        return key.length > 0;
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key.length > 0 ? key : new byte[1], "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** Lower-case hex signature of the parts, or "" when signing is disabled. */
    public String sign(List<byte[]> parts) {
        if (!enabled()) {
            return "";
        }
        Mac m = mac.get();
        for (byte[] p : parts) {
            m.update(p);
        }
        return HEX.formatHex(m.doFinal());
    }

    /** Whether the signature matches the parts; compared in constant time. */
    public boolean verify(byte[] signature, List<byte[]> parts) {
        if (!enabled()) {
            return true;
        }
        byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }
}
