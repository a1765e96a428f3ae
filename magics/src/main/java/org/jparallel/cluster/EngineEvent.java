package org.jparallel.cluster;

import java.util.List;

/** Something one engine reported while serving a request, as the kernel receives it. */
public sealed interface EngineEvent {
    /** The engine (its id, the MPI rank) that reported it. */
    int engine();

    /** Output the code printed: name is "stdout" or "stderr"; text is one batch, not always whole lines. */
    record Stream(int engine, String name, String text) implements EngineEvent {
    }

    /** The value of the code's last expression, as text; count is the engine's execution count. */
    record Result(int engine, int count, String text) implements EngineEvent {
    }

    /** The code failed on this engine; traceback holds the engine-side lines. */
    record Failure(int engine, String ename, String evalue, List<String> traceback) implements EngineEvent {
        public Failure {
            traceback = List.copyOf(traceback);
        }
    }

    /** The engine finished the request (after its output, result or failure). */
    record Done(int engine, boolean ok) implements EngineEvent {
    }
}
