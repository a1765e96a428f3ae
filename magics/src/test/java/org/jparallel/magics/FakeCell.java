package org.jparallel.magics;

import org.jparallel.notebook.CellContext;

import org.jparallel.jshell.Evaluator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cell's context that records output in an OutputArea, as the kernel's sends it to the frontend. */
final class FakeCell implements CellContext {
    final OutputArea area = new OutputArea();
    final List<Runnable> interruptHooks = new CopyOnWriteArrayList<>();
    final Evaluator evaluator;
    int clears;

    FakeCell(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public void stream(String name, String text) {
        area.stream(name, text);
    }

    @Override
    public String display(Map<String, Object> bundle, Map<String, Object> metadata, String displayId) {
        return area.display((String) bundle.get("text/plain"));
    }

    @Override
    public void updateDisplay(String displayId, Map<String, Object> bundle, Map<String, Object> metadata) {
        area.update(displayId, (String) bundle.get("text/plain"));
    }

    @Override
    public void clearOutput(boolean wait) {
        clears++;
    }

    @Override
    public void onInterrupt(Runnable hook) {
        interruptHooks.add(hook);
    }

    @Override
    public void onShutdown(Runnable hook) {
    }

    @Override
    public Evaluator evaluator() {
        if (evaluator == null) {
            throw new AssertionError("this test has no kernel evaluator");
        }
        return evaluator;
    }

    /** What the user sees. */
    String text() {
        return area.text();
    }
}
