package org.jparallel.wire;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireCodecTest {
    private final WireCodec codec = new WireCodec("secret-key", "s1", "tester");

    private Message sample() {
        JsonObject content = new JsonObject();
        content.addProperty("code", "System.out.println(\"héllo ✓\");");
        return codec.create("execute_request", null, content, List.of("peer".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void roundTripKeepsEveryPart() throws Exception {
        Message m = sample();
        Message back = codec.decode(codec.encode(m));
        assertThat(back.type()).isEqualTo("execute_request");
        assertThat(back.id()).isEqualTo(m.id());
        assertThat(back.contentString("code", null)).isEqualTo("System.out.println(\"héllo ✓\");");
        assertThat(new String(back.identities().get(0), StandardCharsets.UTF_8)).isEqualTo("peer");
    }

    @Test
    void theEngineLinkSignsBuffersAndTheFrontendLinkKeepsJupytersFormat() throws Exception {
        WireCodec link = WireCodec.engineLink("secret-key", "s2", "engine");
        Message m = sample();
        Message withBuffers = new Message(m.identities(), m.header(), m.parentHeader(), m.metadata(), m.content(),
                List.of("class bytes".getBytes(StandardCharsets.UTF_8), new byte[0]));
        Message back = link.decode(link.encode(withBuffers));
        assertThat(back.buffers()).hasSize(2);
        assertThat(back.metadata().getAsJsonArray(WireCodec.BUFFER_DIGESTS)).hasSize(2);
        assertThat(m.metadata().has(WireCodec.BUFFER_DIGESTS)).as("the message itself is not changed").isFalse();
        // a re-encoded message (the controller forwards) is signed again over its own buffers
        Message other = new Message(back.identities(), back.header(), back.parentHeader(), back.metadata(), back.content(),
                List.of("other".getBytes(StandardCharsets.UTF_8)));
        assertThat(link.decode(link.encode(other)).buffers()).hasSize(1);

        List<byte[]> frames = new ArrayList<>(link.encode(withBuffers));
        frames.set(frames.size() - 2, "evil bytes!".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> link.decode(frames)).isInstanceOf(BufferMismatchException.class)
                .hasMessage("buffer 0 (11 bytes) is not the one its signature covers");
        // Jupyter's format: no digests, buffers as frontends send them (comm messages)
        List<byte[]> plain = codec.encode(withBuffers);
        assertThat(new String(plain.get(plain.size() - 4), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(codec.decode(plain).buffers()).hasSize(2);
    }

    @Test
    void bufferDigestsAreSha512_256AndAnOlderBuildsSha256DigestsAreRefusedWithASentence() throws Exception {
        WireCodec link = WireCodec.engineLink("secret-key", "s6", "engine");
        Message m = sample();
        byte[] data = "squares".getBytes(StandardCharsets.UTF_8);
        Message withBuffer = new Message(m.identities(), m.header(), m.parentHeader(), m.metadata(), m.content(), List.of(data));
        Message back = link.decode(link.encode(withBuffer));
        assertThat(back.metadata().getAsJsonArray(WireCodec.BUFFER_DIGESTS).get(0).getAsString())
                .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512/256").digest(data)));
        // an engine link of the builds before 2026-12-03 signed SHA-256 digests as "buffer_digests"
        com.google.gson.JsonObject oldMetadata = new com.google.gson.JsonObject();
        com.google.gson.JsonArray sha256 = new com.google.gson.JsonArray();
        sha256.add(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data)));
        oldMetadata.add("buffer_digests", sha256);
        Message old = new Message(m.identities(), m.header(), m.parentHeader(), oldMetadata, m.content(), List.of(data));
        List<byte[]> frames = new WireCodec("secret-key", "s7", "old-engine").encode(old); // signed, as the old link did
        assertThatThrownBy(() -> link.decode(frames)).isInstanceOf(BufferMismatchException.class)
                .hasMessage("it carries 1 buffers where its signature covers 0");
    }

    @Test
    void forwardingCheckedBuffersSignsTheirDigestsAgainAndAChangedOneIsStillRefused() throws Exception {
        WireCodec controller = WireCodec.engineLink("secret-key", "s4", "controller");
        WireCodec engine = WireCodec.engineLink("secret-key", "s5", "engine");
        Message m = sample();
        byte[] data = "100,000 squares".getBytes(StandardCharsets.UTF_8);
        Message sent = new Message(m.identities(), m.header(), m.parentHeader(), m.metadata(), m.content(), List.of(data));
        Message checked = controller.decode(engine.encode(sent));
        // the controller forwards the same bytes: the digest it checked is the one it signs
        Message forwarded = engine.decode(controller.encode(checked));
        assertThat(forwarded.buffers().get(0)).isEqualTo(data);
        assertThat(forwarded.metadata().getAsJsonArray(WireCodec.BUFFER_DIGESTS))
                .isEqualTo(checked.metadata().getAsJsonArray(WireCodec.BUFFER_DIGESTS));
        // bytes changed after the check are signed with the digest of what was checked, and the
        // receiver, which always hashes what arrives, refuses them
        checked.buffers().get(0)[0] = 'X';
        List<byte[]> frames = controller.encode(checked);
        assertThatThrownBy(() -> engine.decode(frames)).isInstanceOf(BufferMismatchException.class)
                .hasMessage("buffer 0 (15 bytes) is not the one its signature covers");
    }

    @Test
    void theEncodedSizeIsKnownWithoutEncoding() {
        WireCodec link = WireCodec.engineLink("secret-key", "s3", "engine");
        Message m = sample();
        for (List<byte[]> buffers : List.of(List.<byte[]>of(), List.of(new byte[1000]), List.of(new byte[3], new byte[0]))) {
            Message b = new Message(m.identities(), m.header(), m.parentHeader(), m.metadata(), m.content(), buffers);
            for (WireCodec c : List.of(codec, link)) {
                assertThat(c.encodedSize(b)).isEqualTo(MessageLimit.size(c.encode(b)));
            }
        }
    }

    @Test
    void headerDateHasMicrosecondsAndZone() {
        assertThat(sample().header().get("date").getAsString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}(Z|[+-]\\d\\d:\\d\\d)");
        assertThat(sample().header().get("version").getAsString()).isEqualTo("5.4");
    }

    @Test
    void wrongSignatureIsRejected() {
        List<byte[]> frames = new ArrayList<>(codec.encode(sample()));
        frames.set(2, "0".repeat(64).getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> codec.decode(frames)).isInstanceOf(WireException.class).hasMessageContaining("signature");
    }

    @Test
    void otherKeyIsRejected() {
        WireCodec other = new WireCodec("other-key", "s2", "x");
        assertThatThrownBy(() -> codec.decode(other.encode(sample()))).hasMessageContaining("signature");
    }

    @Test
    void malformedJsonIsRejected() {
        Signer signer = new Signer("secret-key");
        List<byte[]> json = List.of("{not json".getBytes(), "{}".getBytes(), "{}".getBytes(), "{}".getBytes());
        List<byte[]> frames = new ArrayList<>();
        frames.add(WireCodec.DELIMITER);
        frames.add(signer.sign(json).getBytes(StandardCharsets.US_ASCII));
        frames.addAll(json);
        assertThatThrownBy(() -> codec.decode(frames)).hasMessageContaining("malformed JSON");
    }

    @Test
    void missingDelimiterOrFramesIsRejected() {
        assertThatThrownBy(() -> codec.decode(List.of("x".getBytes()))).hasMessageContaining("delimiter");
        assertThatThrownBy(() -> codec.decode(List.of(WireCodec.DELIMITER, "sig".getBytes())))
                .hasMessageContaining("at least 5 frames");
    }
}
