package org.jparallel.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random frames given to {@link WireCodec#decode}: it returns a message whose header fields every
 * reader uses can be read, or throws {@link WireException}; never anything else. Frames are
 * random bytes, or a delimiter followed by a valid signature over random or almost-valid JSON.
 */
class WireCodecFuzzTest {
    private static final String KEY = "fuzz-key";
    private static final WireCodec CODEC = new WireCodec(KEY, "fuzz", "fuzz");
    private static final Signer SIGNER = new Signer(KEY);

    private static final List<String> JSON_VALUES = List.of("\"x\"", "\"\"", "1", "-0.5e400", "true", "null", "{}", "[]",
            "[1,2]", "{\"a\":{}}", "\"\\u0000\"", "\"\\ud800\"", "\"é✓𝄞\"", "NaN", "01", "\"\\q\"", "1e99999999999");
    private static final List<String> FIELDS = List.of("msg_id", "msg_type", "session", "username", "date", "version",
            "code", "engine_id", "status", "restart", "name", "text");

    private static Arbitrary<String> value() {
        return Arbitraries.oneOf(Arbitraries.of(JSON_VALUES),
                Arbitraries.strings().ofMaxLength(8).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""));
    }

    /** A JSON object of known fields with values of any JSON type. */
    private static Arbitrary<String> object() {
        Arbitrary<String> member = Combinators.combine(Arbitraries.of(FIELDS), value()).as((k, v) -> "\"" + k + "\":" + v);
        return member.list().ofMaxSize(6).map(ms -> "{" + String.join(",", ms) + "}");
    }

    /** Mostly objects (with a msg_type, as a header), sometimes deep, unclosed or plain garbage. */
    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> header = Combinators.combine(value(), object())
                .as((t, o) -> "{\"msg_type\":" + t + (o.length() > 2 ? "," + o.substring(1) : "}"));
        Arbitrary<String> nested = Arbitraries.integers().between(1, 5000).map(n -> "[".repeat(n) + "]".repeat(n));
        Arbitrary<String> unclosed = Arbitraries.integers().between(1, 5000).map(n -> "{\"a\":".repeat(n));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, header),
                net.jqwik.api.Tuple.of(6, object()),
                net.jqwik.api.Tuple.of(1, nested),
                net.jqwik.api.Tuple.of(1, unclosed),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(30)),
                net.jqwik.api.Tuple.of(1, object().map(o -> o.substring(0, o.length() - 1))));
    }

    @Provide
    Arbitrary<byte[]> randomFrame() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<byte[]>> randomFrames() {
        Arbitrary<byte[]> frame = Arbitraries.oneOf(randomFrame(), Arbitraries.just(WireCodec.DELIMITER),
                jsonish().map(s -> s.getBytes(StandardCharsets.UTF_8)));
        return frame.list().ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<byte[]>> signedFrames() {
        Arbitrary<byte[]> part = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, jsonish().map(s -> s.getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(1, randomFrame()));
        return Combinators.combine(randomFrame().list().ofMaxSize(3), part.list().ofMinSize(4).ofMaxSize(4),
                randomFrame().list().ofMaxSize(2), Arbitraries.integers().between(0, 9)).as((ids, json, buffers, mode) -> {
                    List<byte[]> frames = new ArrayList<>(ids);
                    frames.add(WireCodec.DELIMITER);
                    frames.add(mode == 0 ? "bad".getBytes(StandardCharsets.US_ASCII)
                            : SIGNER.sign(json).getBytes(StandardCharsets.US_ASCII));
                    frames.addAll(mode == 1 ? json.subList(0, 3) : json);
                    frames.addAll(buffers);
                    return frames;
                });
    }

    private static void decodesOrRejects(List<byte[]> frames) {
        boolean decoded = false;
        try {
            Message m = CODEC.decode(frames);
            // what the kernel, the controller and the engines read from every message
            assertThat(m.type()).isNotNull();
            assertThat(m.id()).isNotNull();
            assertThat(m.session()).isNotNull();
            m.contentString("code", "");
            m.contentBoolean("restart", false);
            String parent = m.parentHeader().has("msg_id") ? m.parentHeader().get("msg_id").getAsString() : "";
            assertThat(parent).isNotNull();
            decoded = true;
        } catch (WireException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        Statistics.collect(decoded ? "decoded" : "rejected");
    }

    @Property(tries = 3000)
    void randomFramesDecodeOrRaiseWireException(@ForAll("randomFrames") List<byte[]> frames) {
        decodesOrRejects(frames);
    }

    @Property(tries = 3000)
    void signedRandomJsonDecodesOrRaisesWireException(@ForAll("signedFrames") List<byte[]> frames) {
        decodesOrRejects(frames);
        // the generator must reach the readers, not only the early checks
        Statistics.coverage(c -> c.check("decoded").count(n -> n >= 20));
    }

    @Provide
    Arbitrary<String> digests() {
        Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).map(h -> "\"" + h + "\"");
        Arbitrary<String> item = Arbitraries.oneOf(hex, value());
        return Arbitraries.oneOf(value(), item.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]"));
    }

    /**
     * The engine link's codec with a signed metadata whose buffer_digests is anything (wrong
     * type, wrong count, wrong or right digests) and random buffers: it decodes only when the
     * digests match the buffers, else raises WireException.
     */
    @Property(tries = 1000)
    void engineLinkBuffersDecodeOnlyWhenTheirSignedDigestsMatch(@ForAll("digests") String digests,
                                                               @ForAll("randomFrames") List<byte[]> buffers,
                                                               @ForAll boolean honest) throws Exception {
        WireCodec link = WireCodec.engineLink(KEY, "fuzz", "fuzz");
        Message m = link.create("apply_request", null, new com.google.gson.JsonObject());
        List<byte[]> frames;
        if (honest) {
            frames = link.encode(new Message(List.of(), m.header(), m.parentHeader(), m.metadata(), m.content(), buffers));
        } else {
            List<byte[]> json = List.of(frames(m).get(0), "{}".getBytes(StandardCharsets.UTF_8),
                    ("{\"" + WireCodec.BUFFER_DIGESTS + "\":" + digests + "}").getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8));
            frames = new ArrayList<>();
            frames.add(WireCodec.DELIMITER);
            frames.add(SIGNER.sign(json).getBytes(StandardCharsets.US_ASCII));
            frames.addAll(json);
            frames.addAll(buffers);
        }
        try {
            Message back = link.decode(frames);
            assertThat(back.buffers()).hasSize(buffers.size());
            Statistics.collect("decoded");
        } catch (WireException e) {
            assertThat(honest).as("an honest message is refused: " + e.getMessage()).isFalse();
            assertThat(e.getMessage()).isNotBlank();
            Statistics.collect("rejected");
        }
    }

    private static List<byte[]> frames(Message m) {
        return List.of(m.header().toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The sender's check: a message is refused exactly when its frames add up to more than the limit. */
    @Property(tries = 500)
    void aMessageIsRefusedExactlyWhenItIsOverTheLimit(@ForAll("randomFrames") List<byte[]> frames,
                                                      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 200) int limitBytes) {
        MessageLimit limit = new MessageLimit(limitBytes);
        String refusal = limit.refusal(frames, "the test message", "a setting");
        assertThat(refusal == null).isEqualTo(MessageLimit.size(frames) <= limitBytes);
        if (refusal != null) {
            assertThat(refusal).startsWith("the test message is ").contains("over the link's message limit of")
                    .endsWith("or raise a setting");
        }
    }

    @Property(tries = 500)
    void randomBytesInAValidMessageDecodeOrRaiseWireException(@ForAll("randomFrame") byte[] garbage,
                                                             @ForAll("jsonish") String header) {
        List<byte[]> json = List.of(header.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8), garbage);
        List<byte[]> frames = new ArrayList<>();
        frames.add(WireCodec.DELIMITER);
        frames.add(SIGNER.sign(json).getBytes(StandardCharsets.US_ASCII));
        frames.addAll(json);
        decodesOrRejects(frames);
    }
}
