package org.jparallel.jshell;

import java.util.ArrayList;
import java.util.List;

/** An OutputSink that keeps what it receives, for assertions. */
final class FakeSink implements OutputSink {
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final StringBuilder both = new StringBuilder();
    private final List<String> calls = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();

    @Override
    public synchronized void write(String stream, String text) {
        (stream.equals("stderr") ? stderr : stdout).append(text);
        both.append(text);
        calls.add(stream);
        threads.add(Thread.currentThread().getName());
    }

    synchronized String out() {
        return stdout.toString();
    }

    synchronized String err() {
        return stderr.toString();
    }

    synchronized String all() {
        return both.toString();
    }

    synchronized int calls() {
        return calls.size();
    }

    synchronized List<String> threads() {
        return List.copyOf(threads);
    }
}
