package org.jparallel.cluster;

import java.util.List;

/** Something one engine reported while serving a request, as the kernel receives it. */
public sealed interface EngineEvent {
    /** The engine (its id, the MPI rank) that reported it. */
    int engine();

    /** Output the code printed: name is "stdout" or "stderr"; text is one batch, not always whole lines. */
    record Stream(int engine, String name, String text) implements EngineEvent {
    }

    /**
     * The value of the code's last expression, as text; count is the engine's execution count; rich
     * holds its other MIME types (an image, a Displayable's bundle), empty for most values.
     */
    record Result(int engine, int count, String text, java.util.Map<String, Object> rich, java.util.Map<String, Object> metadata)
            implements EngineEvent {
        public Result {
            rich = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rich));
            metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        }

        /** A value with only its text form. */
        public Result(int engine, int count, String text) {
            this(engine, count, text, java.util.Map.of(), java.util.Map.of());
        }
    }

    /** The code failed on this engine; traceback holds the engine-side lines. */
    record Failure(int engine, String ename, String evalue, List<String> traceback) implements EngineEvent {
        public Failure {
            traceback = List.copyOf(traceback);
        }

        /**
         * The failure as ipyparallel shows it: "[1:execute] java.lang.ArithmeticException: / by zero",
         * then the engine-side trace (without its first line when that only repeats the headline).
         */
        public List<String> lines(String action) {
            List<String> lines = new java.util.ArrayList<>();
            String name = ename == null || ename.isBlank() ? "Error" : ename;
            lines.add("[" + engine + ":" + action + "] " + (evalue == null || evalue.isEmpty() ? name : name + ": " + evalue));
            int from = !traceback.isEmpty() && repeatsHeadline(traceback.get(0)) ? 1 : 0;
            for (int i = from; i < traceback.size(); i++) {
                lines.addAll(List.of(traceback.get(i).split("\n", -1)));
            }
            while (lines.size() > 1 && lines.get(lines.size() - 1).isBlank()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        }

        private boolean repeatsHeadline(String first) {
            String line = first.strip();
            if (evalue != null && line.equals(evalue.strip())) {
                return true;
            }
            String simple = ename == null ? "" : ename.substring(ename.lastIndexOf('.') + 1);
            boolean names = !simple.isEmpty() && line.contains(simple);
            boolean says = evalue == null || evalue.isEmpty() || line.contains(evalue.strip().split("\n")[0]);
            return names && says && !line.startsWith("at ");
        }
    }

    /** The code showed something with display(...) on the engine: a MIME bundle and its metadata. */
    record Display(int engine, java.util.Map<String, Object> data, java.util.Map<String, Object> metadata) implements EngineEvent {
        public Display {
            data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
            metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
        }
    }

    /** The engine finished the request (after its output, result or failure). */
    record Done(int engine, boolean ok) implements EngineEvent {
    }
}
