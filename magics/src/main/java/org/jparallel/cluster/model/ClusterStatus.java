package org.jparallel.cluster.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A cluster's state as its controller reports it.
 *
 * @param profile  the profile
 * @param state    starting, running, failed, stopping, stopped, or lost (this client lost the controller)
 * @param detail   why it failed or stopped, or ""
 * @param warning  a warning about the set-up (e.g. mpi.jar not found), or ""
 * @param launcher the launcher's name (mpi, local, ...)
 * @param expected the number of engines asked for
 * @param owner    "kernel" or "jpcluster": which kind of process hosts the controller and the engines
 * @param pid      that process's id
 * @param started  when the cluster started (ISO 8601)
 * @param engines  the engines, by id
 */
public record ClusterStatus(String profile, String state, String detail, String warning, String launcher, int expected,
                            String owner, long pid, String started, List<EngineStatus> engines) {
    public ClusterStatus {
        engines = List.copyOf(engines);
    }

    /** How many engines can serve requests. */
    public int running() {
        return (int) engines.stream().filter(EngineStatus::running).count();
    }

    /** The ids of the engines that can serve requests, ascending. */
    public List<Integer> runningIds() {
        return engines.stream().filter(EngineStatus::running).map(EngineStatus::id).sorted().toList();
    }

    /** "running: 4/4 engines (mpi, hosted by jpcluster pid 123)" and the detail, if any. */
    public String summary() {
        return state + ": " + running() + "/" + expected + " engines (" + launcher + ", hosted by " + owner + " pid " + pid + ")"
                + (detail.isEmpty() ? "" : "; " + detail);
    }

    public static ClusterStatus from(JsonObject c) {
        List<EngineStatus> engines = new ArrayList<>();
        if (c.has("engines")) {
            for (JsonElement e : c.getAsJsonArray("engines")) {
                JsonObject o = e.getAsJsonObject();
                engines.add(new EngineStatus(o.get("id").getAsInt(), str(o, "state"), o.get("pid").getAsLong(),
                        str(o, "host"), o.has("busy") && o.get("busy").getAsBoolean(), str(o, "detail")));
            }
        }
        return new ClusterStatus(str(c, "profile"), str(c, "state"), str(c, "detail"), str(c, "warning"), str(c, "launcher"),
                c.has("expected") ? c.get("expected").getAsInt() : 0, str(c, "owner"),
                c.has("pid") ? c.get("pid").getAsLong() : -1, str(c, "started"), engines);
    }

    private static String str(JsonObject o, String k) {
        return o.has(k) && o.get(k).isJsonPrimitive() ? o.get(k).getAsString() : "";
    }
}
