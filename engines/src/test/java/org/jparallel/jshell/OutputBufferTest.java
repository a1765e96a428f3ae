package org.jparallel.jshell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class OutputBufferTest {

    @Test
    void batchesAreFewAndInOrder() {
        FakeSink sink = new FakeSink();
        try (OutputBuffer b = new OutputBuffer(20, 65536, sink, "test-output")) {
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 100_000; i++) {
                String s = i + "\n";
                b.append("stdout", s, 0, s.length());
                expected.append(s);
            }
            b.flush();
            assertThat(sink.out()).isEqualTo(expected.toString());
            assertThat(sink.calls()).isLessThan(100);
        }
    }

    @Test
    void aFullBatchMakesWritersWaitForDelivery() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = new ArrayList<>();
        OutputSink slow = (stream, text) -> {
            synchronized (sizes) {
                sizes.add(text.length());
            }
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (OutputBuffer b = new OutputBuffer(5, 1024, slow, "test-output")) {
            char[] chunk = new char[100];
            java.util.Arrays.fill(chunk, 'x');
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 100; i++) {
                    b.append("stdout", chunk, 0, chunk.length);
                }
            });
            // the sink holds the first batch; the writer can fill one more batch, then must wait
            Thread.sleep(300);
            assertThat(writer.isDone()).isFalse();
            release.countDown();
            writer.get(10, TimeUnit.SECONDS);
            b.flush();
        }
        synchronized (sizes) {
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(10_000);
            assertThat(sizes).allMatch(n -> n <= 1024 + 100);
        }
    }

    @Test
    void surrogatePairsAreNeverCutBetweenDeliveries() throws Exception {
        List<String> parts = new ArrayList<>();
        OutputSink sink = (stream, text) -> {
            synchronized (parts) {
                parts.add(text);
            }
        };
        try (OutputBuffer b = new OutputBuffer(1, 65536, sink, "test-output")) {
            String emoji = "😀";
            b.append("stdout", emoji, 0, 1); // the high half alone
            Thread.sleep(50); // the flusher runs meanwhile and must keep it back
            b.append("stdout", emoji, 1, 2);
            b.flush();
        }
        synchronized (parts) {
            assertThat(String.join("", parts)).isEqualTo("😀");
            assertThat(parts).allMatch(p -> p.isEmpty() || !Character.isHighSurrogate(p.charAt(p.length() - 1)));
        }
    }

    @Test
    void multiByteSequencesSplitAcrossWritesDecodeCorrectly() {
        FakeSink sink = new FakeSink();
        try (OutputBuffer b = new OutputBuffer(20, 65536, sink, "test-output")) {
            RoutingOutputStream out = new RoutingOutputStream("stdout", () -> b);
            String text = "aé中😀b".repeat(3000);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            // every split point: 1, 2, 3 ... byte writes, crossing the decoder's buffer too
            int pos = 0;
            int step = 1;
            while (pos < bytes.length) {
                int n = Math.min(step, bytes.length - pos);
                out.write(bytes, pos, n);
                pos += n;
                step = step % 9000 + 7;
            }
            b.flush();
            assertThat(sink.out()).isEqualTo(text);
        }
    }

    @Test
    void bytesOneByOneDecodeCorrectly() {
        FakeSink sink = new FakeSink();
        try (OutputBuffer b = new OutputBuffer(20, 65536, sink, "test-output")) {
            RoutingOutputStream out = new RoutingOutputStream("stdout", () -> b);
            String text = "ü😀中\uD83D\uDC4D🏽 end";
            for (byte x : text.getBytes(StandardCharsets.UTF_8)) {
                out.write(x);
            }
            b.flush();
            assertThat(sink.out()).isEqualTo(text);
        }
    }

    @Test
    void malformedBytesBecomeReplacementCharacters() {
        FakeSink sink = new FakeSink();
        try (OutputBuffer b = new OutputBuffer(20, 65536, sink, "test-output")) {
            RoutingOutputStream out = new RoutingOutputStream("stdout", () -> b);
            out.write(new byte[] {'a', (byte) 0xff, 'b'}, 0, 3);
            b.flush();
            assertThat(sink.out()).isEqualTo("a\uFFFDb");
        }
    }
}
