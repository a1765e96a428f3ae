package org.jparallel.magics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StackFramesTest {
    @Test
    void keepsTheUsersCodeAndLibrariesAndDropsOurMachinery() {
        List<String> frames = List.of(
                "at app//mpi.Comm.recv(Native Method)",
                "at app//mpi.Comm.recv(Comm.java:413)",
                "at jshell-snippets//REPL.$JShell$25.do_it$($JShell$25.java:9)",
                "at jshell-snippets//REPL.$JShell$24$Ring.pass($JShell$24.java:3)",
                "at java.base@17.0.15/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
                "at java.base@17.0.15/java.lang.reflect.Method.invoke(Method.java:569)",
                "at app/jdk.jshell@17.0.15/jdk.jshell.execution.LocalExecutionControl.lambda$invoke$1(LocalExecutionControl.java:88)",
                "at app/jdk.jshell@17.0.15/jdk.jshell.execution.LocalExecutionControl$$Lambda$299/0x00007f823d1719d8.run(Unknown Source)",
                "at java.base@17.0.15/java.lang.Thread.run(Thread.java:840)",
                "at org.jparallel.engine.ExecutionThread.loop(ExecutionThread.java:80)",
                "at java.base/java.util.ArrayList.forEach(ArrayList.java:1596)");
        assertThat(StackFrames.readable(frames)).containsExactly(
                "    at mpi.Comm.recv(Native Method)",
                "    at mpi.Comm.recv(Comm.java:413)",
                "    at the cell's code (notebook)",
                "    at Ring.pass (notebook)",
                "    at java.util.ArrayList.forEach(ArrayList.java:1596)");
    }
}
