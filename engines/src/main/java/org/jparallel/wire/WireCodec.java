package org.jparallel.wire;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Turns messages into ZeroMQ frames and back, signing and checking signatures.
 * Frames: identities..., "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata, content, buffers...
 */
public final class WireCodec {
    public static final String PROTOCOL_VERSION = "5.4";
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    /**
     * Metadata field of the engine link: SHA-512/256 (hex) of each buffer, covered by the
     * signature. SHA-512/256 rather than SHA-256: the same strength, and twice as fast in Java
     * code as the C1-compiled kernel and engines run it (150 against 68 MB/s), where SHA-256's
     * CPU instructions need C2. The name says the algorithm: a peer of an older build, which
     * sent SHA-256 as "buffer_digests", is refused with a sentence, not a wrong digest.
     */
    public static final String BUFFER_DIGESTS = "buffer_sha512_256";
    private static final String BUFFER_DIGEST_ALGORITHM = "SHA-512/256";

    private final Signer signer;
    private final String session;
    private final String username;
    private final boolean checksBuffers;
    private final CheckedDigests checked = new CheckedDigests();

    public WireCodec(String key, String session, String username) {
        this(key, session, username, false);
    }

    private WireCodec(String key, String session, String username, boolean checksBuffers) {
        this.signer = new Signer(key);
        this.session = session;
        this.username = username;
        this.checksBuffers = checksBuffers;
    }

    /**
     * The engine link's codec: like the plain one, and the buffers (class bytes, serialized
     * functions and values) are signed too, as SHA-512/256 digests in the signed metadata
     * ({@value #BUFFER_DIGESTS}), checked before a message is used. The Jupyter signature covers
     * only the four JSON frames, so without this someone on the path could swap the buffers of a
     * signed apply and run their code. The frontend link keeps the standard format.
     */
    public static WireCodec engineLink(String key, String session, String username) {
        return new WireCodec(key, session, username, true);
    }

    /** A codec with a fresh random session id, as a kernel or engine uses. */
    public static WireCodec forKey(String key) {
        return new WireCodec(key, UUID.randomUUID().toString(), "kernel");
    }

    public String session() {
        return session;
    }

    /** Whether messages are signed (a non-empty key). */
    public boolean signs() {
        return signer.enabled();
    }

    /** The current time in ISO 8601 with microseconds and zone, as header dates carry it. */
    public static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DATE);
    }

    /** A fresh header of the given type. */
    public JsonObject header(String msgType) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_id", UUID.randomUUID().toString());
        h.addProperty("session", session);
        h.addProperty("username", username);
        h.addProperty("date", now());
        h.addProperty("msg_type", msgType);
        h.addProperty("version", PROTOCOL_VERSION);
        return h;
    }

    /** A new message of the given type; with a parent it is routed back to the parent's sender. */
    public Message create(String msgType, Message parent, JsonObject content) {
        return new Message(parent == null ? List.of() : parent.identities(), header(msgType),
                parent == null ? new JsonObject() : parent.header(), new JsonObject(), content, List.of());
    }

    /** A new message routed to the given identities, for iopub topics or ROUTER peers. */
    public Message create(String msgType, Message parent, JsonObject content, List<byte[]> identities) {
        return new Message(identities, header(msgType),
                parent == null ? new JsonObject() : parent.header(), new JsonObject(), content, List.of());
    }

    /**
     * The size {@link #encode} would give (all frames), without signing or hashing anything: the
     * JSON parts are written, the buffers only counted; the digests of the engine link are
     * counted at their fixed size.
     */
    public long encodedSize(Message m) {
        long n = DELIMITER.length + 64;
        for (byte[] id : m.identities()) {
            n += id.length;
        }
        JsonObject metadata = m.metadata();
        if (checksBuffers && signer.enabled() && (!m.buffers().isEmpty() || metadata.has(BUFFER_DIGESTS))) {
            metadata = metadata.deepCopy();
            JsonArray same = new JsonArray(); // digests have a fixed length: stand-ins give the exact size
            m.buffers().forEach(b -> same.add("0".repeat(64)));
            metadata.add(BUFFER_DIGESTS, same);
        }
        for (JsonObject o : List.of(m.header(), m.parentHeader(), metadata, m.content())) {
            n += utf8(o).length;
        }
        for (byte[] b : m.buffers()) {
            n += b.length;
        }
        return n;
    }

    /** The message as frames, signed. */
    public List<byte[]> encode(Message m) {
        JsonObject metadata = m.metadata();
        if (checksBuffers && signer.enabled() && (!m.buffers().isEmpty() || metadata.has(BUFFER_DIGESTS))) {
            metadata = metadata.deepCopy();
            metadata.add(BUFFER_DIGESTS, signingDigests(m.buffers()));
        }
        List<byte[]> json = List.of(utf8(m.header()), utf8(m.parentHeader()), utf8(metadata), utf8(m.content()));
        List<byte[]> frames = new ArrayList<>(m.identities().size() + 6 + m.buffers().size());
        frames.addAll(m.identities());
        frames.add(DELIMITER);
        frames.add(signer.sign(json).getBytes(StandardCharsets.US_ASCII));
        frames.addAll(json);
        frames.addAll(m.buffers());
        return frames;
    }

    /** Frames as a message; throws when the signature is wrong or the frames or JSON are malformed. */
    public Message decode(List<byte[]> frames) throws WireException {
        int d = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                d = i;
                break;
            }
        }
        if (d < 0) {
            throw new WireException("no <IDS|MSG> delimiter among " + frames.size() + " frames");
        }
        if (frames.size() < d + 6) {
            throw new WireException("expected at least 5 frames after the delimiter, got " + (frames.size() - d - 1));
        }
        List<byte[]> json = frames.subList(d + 2, d + 6);
        if (!signer.verify(frames.get(d + 1), json)) {
            throw new WireException("bad signature");
        }
        JsonObject header = object(json.get(0), "header");
        if (!header.has("msg_type") || !isString(header.get("msg_type"))) {
            throw new WireException("header has no msg_type");
        }
        JsonObject parent = object(json.get(1), "parent_header");
        // fields every reader takes as strings: anything else is a malformed message, not a crash later
        for (String f : List.of("msg_id", "session", "username", "date", "version")) {
            if (header.has(f) && !isString(header.get(f))) {
                throw new WireException("header field " + f + " is not a string");
            }
        }
        if (parent.has("msg_id") && !isString(parent.get("msg_id"))) {
            throw new WireException("parent_header field msg_id is not a string");
        }
        Message m = new Message(List.copyOf(frames.subList(0, d)), header, parent,
                object(json.get(2), "metadata"), object(json.get(3), "content"),
                List.copyOf(frames.subList(d + 6, frames.size())));
        if (checksBuffers && signer.enabled()) {
            String why = bufferMismatch(m);
            if (why != null) {
                throw new BufferMismatchException(why, m);
            }
        }
        return m;
    }

    /**
     * Digests of buffers this codec checked when they arrived, by array identity: forwarding the
     * same bytes (the controller does, both ways) signs them without hashing them again. Only
     * checked arrays go in, and only signing reads it: whoever receives a message always hashes
     * what arrived. References are weak, so a large buffer is never kept for this.
     */
    private static final class CheckedDigests {
        private static final int SIZE = 64;
        private final java.lang.ref.WeakReference<?>[] arrays = new java.lang.ref.WeakReference<?>[SIZE];
        private final String[] digests = new String[SIZE];
        private int next;

        synchronized void put(byte[] array, String digest) {
            arrays[next] = new java.lang.ref.WeakReference<>(array);
            digests[next] = digest;
            next = (next + 1) % SIZE;
        }

        synchronized String get(byte[] array) {
            for (int i = 0; i < SIZE; i++) {
                if (arrays[i] != null && arrays[i].get() == array) {
                    return digests[i];
                }
            }
            return null;
        }
    }

    /** The digests to sign for these buffers: checked ones as they were checked, others hashed now. */
    private JsonArray signingDigests(List<byte[]> buffers) {
        JsonArray a = new JsonArray();
        for (byte[] b : buffers) {
            String d = checked.get(b);
            a.add(d != null ? d : digest(b));
        }
        return a;
    }

    /** Null when the buffers are the ones the signed metadata names, else what differs. */
    private String bufferMismatch(Message m) {
        JsonElement e = m.metadata().get(BUFFER_DIGESTS);
        JsonArray signed = e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
        if (e != null && !e.isJsonArray()) {
            return "its signed " + BUFFER_DIGESTS + " is not a list";
        }
        if (signed.size() != m.buffers().size()) {
            return "it carries " + m.buffers().size() + " buffers where its signature covers " + signed.size();
        }
        JsonArray actual = digests(m.buffers());
        for (int i = 0; i < signed.size(); i++) {
            JsonElement s = signed.get(i);
            // constant time is not needed: the digests are public, only the key is secret
            if (!s.isJsonPrimitive() || !s.getAsString().equals(actual.get(i).getAsString())) {
                return "buffer " + i + " (" + m.buffers().get(i).length + " bytes) is not the one its signature covers";
            }
        }
        for (int i = 0; i < signed.size(); i++) {
            checked.put(m.buffers().get(i), actual.get(i).getAsString());
        }
        return null;
    }

    private static JsonArray digests(List<byte[]> buffers) {
        JsonArray a = new JsonArray();
        for (byte[] b : buffers) {
            a.add(digest(b));
        }
        return a;
    }

    private static String digest(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(BUFFER_DIGEST_ALGORITHM).digest(b));
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(BUFFER_DIGEST_ALGORITHM + " is not available in this JVM", ex);
        }
    }

    private static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    private static JsonObject object(byte[] bytes, String what) throws WireException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new WireException(what + " is not valid UTF-8");
        }
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new WireException(what + " is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException | StackOverflowError e) {
            throw new WireException(what + " is malformed JSON");
        }
    }

    private static byte[] utf8(JsonObject o) {
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
