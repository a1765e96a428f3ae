package org.jparallel.jshell;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * System.out / System.err: text goes straight to the current {@link OutputBuffer}, with none of
 * PrintStream's internal char buffering, so a writer stopped mid-call (JDK 17 stops a cell's
 * threads) leaves nothing behind to leak into a later cell; println appends its text and line end
 * in one piece. Raw bytes (write) go through a UTF-8 decoding stream.
 */
final class RoutingPrintStream extends PrintStream {
    private static final String NL = System.lineSeparator();
    private static final int SLICE = 8192;
    private final String stream;
    private final Supplier<OutputBuffer> target;

    RoutingPrintStream(String stream, Supplier<OutputBuffer> target) {
        super(new RoutingOutputStream(stream, target), false, StandardCharsets.UTF_8);
        this.stream = stream;
        this.target = target;
    }

    private void text(String s) {
        OutputBuffer out = target.get();
        int n = s.length();
        if (n <= SLICE) {
            out.append(stream, s, 0, n);
            return;
        }
        // big writes go in slices, so a full batch makes the writer wait instead of growing
        for (int i = 0; i < n;) {
            int end = Math.min(n, i + SLICE);
            if (end < n && Character.isHighSurrogate(s.charAt(end - 1))) {
                end--;
            }
            out.append(stream, s, i, end);
            i = end;
        }
    }

    @Override
    public void print(String s) {
        text(String.valueOf(s));
    }

    @Override
    public void print(Object o) {
        text(String.valueOf(o));
    }

    @Override
    public void print(char[] s) {
        text(new String(s));
    }

    @Override
    public void print(boolean b) {
        text(String.valueOf(b));
    }

    @Override
    public void print(char c) {
        text(String.valueOf(c));
    }

    @Override
    public void print(int i) {
        text(String.valueOf(i));
    }

    @Override
    public void print(long l) {
        text(String.valueOf(l));
    }

    @Override
    public void print(float f) {
        text(String.valueOf(f));
    }

    @Override
    public void print(double d) {
        text(String.valueOf(d));
    }

    @Override
    public void println() {
        text(NL);
    }

    @Override
    public void println(String s) {
        text(s + NL);
    }

    @Override
    public void println(Object o) {
        text(o + NL);
    }

    @Override
    public void println(char[] s) {
        text(new String(s) + NL);
    }

    @Override
    public void println(boolean b) {
        text(b + NL);
    }

    @Override
    public void println(char c) {
        text(c + NL);
    }

    @Override
    public void println(int i) {
        text(i + NL);
    }

    @Override
    public void println(long l) {
        text(l + NL);
    }

    @Override
    public void println(float f) {
        text(f + NL);
    }

    @Override
    public void println(double d) {
        text(d + NL);
    }

    @Override
    public PrintStream append(CharSequence csq) {
        text(String.valueOf(csq));
        return this;
    }

    @Override
    public PrintStream append(CharSequence csq, int start, int end) {
        text((csq == null ? "null" : csq).subSequence(start, end).toString());
        return this;
    }

    @Override
    public PrintStream append(char c) {
        text(String.valueOf(c));
        return this;
    }
}
