package org.jparallel.jshell;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The byte stream behind System.out or System.err: decodes UTF-8 (keeping a sequence split
 * across writes until its last byte arrives) and appends the text to the current
 * {@link OutputBuffer}. flush() does not force delivery: batches go out every flushMillis.
 */
final class RoutingOutputStream extends OutputStream {
    private final String stream;
    private final Supplier<OutputBuffer> target;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer carry = ByteBuffer.allocate(8);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final byte[] one = new byte[1];

    RoutingOutputStream(String stream, Supplier<OutputBuffer> target) {
        this.stream = stream;
        this.target = target;
    }

    @Override
    public synchronized void write(int b) {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int pos = off;
        int end = off + len;
        OutputBuffer out = target.get();
        try {
            // finish a multi-byte sequence begun by an earlier write, one byte at a time
            while (carry.position() > 0 && pos < end) {
                carry.put(b[pos++]);
                carry.flip();
                decode(carry, out);
                carry.compact();
            }
            if (pos < end) {
                ByteBuffer in = ByteBuffer.wrap(b, pos, end - pos);
                decode(in, out);
                carry.put(in); // at most 3 bytes of an unfinished sequence
            }
        } catch (Throwable t) {
            // A writer stopped mid-way (JDK 17 stops a cell's threads with ThreadDeath): drop its
            // half-decoded text rather than let it leak into the next cell's output.
            carry.clear();
            chars.clear();
            decoder.reset();
            throw t;
        }
    }

    private void decode(ByteBuffer in, OutputBuffer out) {
        while (true) {
            CoderResult r = decoder.decode(in, chars, false);
            if (chars.position() > 0) {
                int n = chars.position();
                chars.clear();
                out.append(stream, chars.array(), 0, n);
            }
            if (!r.isOverflow()) {
                return;
            }
        }
    }
}
