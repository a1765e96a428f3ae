package org.jparallel.kernel.frontend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Ends a process and everything it started (kernels, mpirun, engines, browsers), bounded in time. */
final class ProcessTrees {
    private ProcessTrees() {
    }

    /**
     * Asks the process to stop (SIGTERM), gives it {@code grace} to end its children itself, then
     * kills whatever of the tree is left. Returns the processes still alive after that (none, normally).
     */
    static List<ProcessHandle> stop(ProcessHandle root, Duration grace) {
        // The tree is read before anything stops: children re-parented later stay on the list.
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().collect(Collectors.toList()));
        tree.add(root);
        root.destroy();
        awaitExit(List.of(root), grace);
        root.descendants().forEach(p -> { if (!tree.contains(p)) tree.add(p); });
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitExit(tree, Duration.ofSeconds(10));
        return tree.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    /** Kills the given processes outright and waits (bounded) for them to end; returns those still alive. */
    static List<ProcessHandle> kill(List<ProcessHandle> processes) {
        processes.forEach(ProcessHandle::destroyForcibly);
        awaitExit(processes, Duration.ofSeconds(10));
        return processes.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    /** Processes whose command line contains the marker (a unique temporary path, never a program name). */
    static List<ProcessHandle> withArgument(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .collect(Collectors.toList());
    }

    /** Waits (bounded) for the processes to end by themselves; returns those still alive. */
    static List<ProcessHandle> awaitEnd(List<ProcessHandle> processes, Duration limit) {
        awaitExit(processes, limit);
        return processes.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration limit) {
        CompletableFuture<?>[] exits = processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Callers look at what is still alive.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
