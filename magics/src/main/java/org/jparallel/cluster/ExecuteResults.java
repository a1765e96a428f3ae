package org.jparallel.cluster;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of one execute request on several engines, by engine id (ascending).
 *
 * @param code     the code that ran
 * @param byEngine each target engine's result
 */
public record ExecuteResults(String code, Map<Integer, EngineResult> byEngine) {
    public ExecuteResults {
        byEngine = java.util.Collections.unmodifiableMap(new TreeMap<>(byEngine));
    }

    /** The results in engine order. */
    public List<EngineResult> results() {
        return List.copyOf(byEngine.values());
    }

    /** One engine's result, or null if it was not a target. */
    public EngineResult get(int engineId) {
        return byEngine.get(engineId);
    }

    /** Whether every engine ran the code without error. */
    public boolean ok() {
        return byEngine.values().stream().allMatch(EngineResult::ok);
    }

    /** The errors, in engine order. */
    public List<EngineError> errors() {
        return byEngine.values().stream().filter(r -> r.error() != null).map(EngineResult::error).toList();
    }
}
