package org.jparallel.engine;

import org.jparallel.protocol.EngineProtocol;

import java.util.Map;

/**
 * What an engine learns from its environment: key, controller address, rank and size, heartbeat
 * settings. Under mpirun the rank and size come from Open MPI (OMPI_COMM_WORLD_RANK/SIZE); the
 * local launcher sets {@value EngineProtocol#ENV_ENGINE_ID} and {@value EngineProtocol#ENV_ENGINE_COUNT}.
 */
public record EngineEnvironment(String key, String controller, int rank, int size, int heartbeatMillis,
                                int heartbeatTimeoutMillis, String curveServerKey) {

    public EngineEnvironment {
        curveServerKey = curveServerKey == null ? "" : curveServerKey;
    }

    /** Settings of an unencrypted link. */
    public EngineEnvironment(String key, String controller, int rank, int size, int heartbeatMillis,
                             int heartbeatTimeoutMillis) {
        this(key, controller, rank, size, heartbeatMillis, heartbeatTimeoutMillis, "");
    }

    /** Reads the environment; the exception's message names the missing or bad variable. */
    public static EngineEnvironment from(Map<String, String> env) {
        String key = env.getOrDefault(EngineProtocol.ENV_KEY, "");
        if (key.isEmpty()) {
            throw new IllegalArgumentException(EngineProtocol.ENV_KEY + " is not set: an engine is started by a "
                    + "controller (Cluster.start or jpcluster start), which passes the cluster's key in the environment");
        }
        String controller = env.getOrDefault(EngineProtocol.ENV_CONTROLLER, "");
        if (!controller.matches("(tcp|ipc|inproc)://.+")) {
            throw new IllegalArgumentException(EngineProtocol.ENV_CONTROLLER + " must be a ZeroMQ endpoint like "
                    + "tcp://127.0.0.1:40123, got '" + controller + "'");
        }
        int rank;
        int size;
        if (env.containsKey("OMPI_COMM_WORLD_RANK")) {
            rank = number(env, "OMPI_COMM_WORLD_RANK", 0);
            size = number(env, "OMPI_COMM_WORLD_SIZE", 1);
        } else if (env.containsKey("PMI_RANK")) {
            rank = number(env, "PMI_RANK", 0);
            size = number(env, "PMI_SIZE", 1);
        } else {
            rank = number(env, EngineProtocol.ENV_ENGINE_ID, 0);
            size = number(env, EngineProtocol.ENV_ENGINE_COUNT, 1);
        }
        if (rank < 0 || size < 1 || rank >= size) {
            throw new IllegalArgumentException("engine rank " + rank + " does not fit a cluster of " + size + " engines");
        }
        int hb = number(env, EngineProtocol.ENV_HEARTBEAT_MS, EngineProtocol.DEFAULT_HEARTBEAT_MS);
        int timeout = number(env, EngineProtocol.ENV_HEARTBEAT_TIMEOUT, EngineProtocol.DEFAULT_HEARTBEAT_TIMEOUT_MS);
        if (hb < 10 || timeout < 2 * hb) {
            throw new IllegalArgumentException("heartbeat settings make no sense: every " + hb + " ms, timeout "
                    + timeout + " ms (the timeout must be at least two periods)");
        }
        return new EngineEnvironment(key, controller, rank, size, hb, timeout,
                env.getOrDefault(EngineProtocol.ENV_CURVE_SERVER_KEY, "").trim());
    }

    /** A copy with another rank and size (after MPI has said what they are). */
    public EngineEnvironment withRank(int newRank, int newSize) {
        return new EngineEnvironment(key, controller, newRank, newSize, heartbeatMillis, heartbeatTimeoutMillis, curveServerKey);
    }

    private static int number(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
        }
    }

    @Override
    public String toString() {
        // never print the key
        return "EngineEnvironment[controller=" + controller + ", rank=" + rank + ", size=" + size
                + (curveServerKey.isEmpty() ? "" : ", curve") + "]";
    }
}
