package org.jparallel.magics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StackFramesFallbackTest {
    @Test
    void anEngineOutsideTheCellsCodeSaysWhereItIsInsteadOfNothing() {
        List<String> frames = List.of(
                "at java.base@17.0.15/java.lang.Object.wait(Native Method)",
                "at app//org.jparallel.jshell.SnippetExecutionControl.invoke(SnippetExecutionControl.java:124)",
                "at app/jdk.jshell@17.0.15/jdk.jshell.Eval.declare(Eval.java:900)");
        assertThat(StackFrames.readable(frames.subList(1, 3)))
                .containsExactly("    (not in the cell's code yet; the engine is at "
                        + "org.jparallel.jshell.SnippetExecutionControl.invoke(SnippetExecutionControl.java:124))");
        assertThat(StackFrames.readable(List.of())).isEmpty();
    }
}
