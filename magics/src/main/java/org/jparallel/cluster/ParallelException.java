package org.jparallel.cluster;

import java.util.List;

/**
 * Some engines failed a request. The message counts them ("2 of 4 engines failed") and shows each
 * engine's error; {@link #failures()} holds them with the engine-side traces.
 */
public class ParallelException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<EngineEvent.Failure> failures;
    private final int engineCount;

    public ParallelException(List<EngineEvent.Failure> failures, int engineCount, String action) {
        super(message(failures, engineCount, action));
        this.failures = List.copyOf(failures);
        this.engineCount = engineCount;
    }

    /** For subclasses with their own message. */
    protected ParallelException(String message, List<EngineEvent.Failure> failures, int engineCount) {
        super(message);
        this.failures = List.copyOf(failures);
        this.engineCount = engineCount;
    }

    /** The same failure, thrown again from the caller's thread (so its trace shows the caller). */
    ParallelException(ParallelException other) {
        super(other.getMessage());
        this.failures = other.failures;
        this.engineCount = other.engineCount;
    }

    private static String message(List<EngineEvent.Failure> failures, int engineCount, String action) {
        StringBuilder sb = new StringBuilder().append(failures.size()).append(" of ").append(engineCount)
                .append(engineCount == 1 ? " engine failed" : " engines failed");
        for (EngineEvent.Failure f : failures) {
            for (String line : f.lines(action)) {
                sb.append('\n').append(line);
            }
        }
        return sb.toString();
    }

    /** Each failing engine's error, in engine order. */
    public List<EngineEvent.Failure> failures() {
        return failures;
    }

    /** How many engines the request went to. */
    public int engineCount() {
        return engineCount;
    }
}
