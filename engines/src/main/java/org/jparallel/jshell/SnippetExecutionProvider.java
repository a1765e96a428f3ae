package org.jparallel.jshell;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** Hands JShell the execution control an {@link Evaluator} built beforehand (so it keeps a handle on it). */
final class SnippetExecutionProvider implements ExecutionControlProvider {
    private final SnippetExecutionControl control;

    SnippetExecutionProvider(SnippetExecutionControl control) {
        this.control = control;
    }

    @Override
    public String name() {
        return "jparallel-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return control;
    }
}
