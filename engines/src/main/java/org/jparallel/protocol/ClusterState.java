package org.jparallel.protocol;

import java.util.Locale;

/**
 * The state of a cluster, as its controller reports it in status_reply and cluster_event
 * ({@link ClientProtocol}) and as jpcluster and %cluster status show it. LOST is never sent: a
 * client concludes it when the controller stops answering.
 */
public enum ClusterState {
    /** The launcher has started the engines; not all of them have registered yet. */
    STARTING,
    /** Every expected engine has registered (some may have died since). */
    RUNNING,
    /** The engines could not be started, or all of them ended before the cluster was stopped. */
    FAILED,
    /** A stop was asked for; the engines are being ended. */
    STOPPING,
    /** The engines are gone after a stop. */
    STOPPED,
    /** The controller no longer answers (its process ended or the link broke). */
    LOST;

    /** The state as it travels and is shown: "starting", "running", ... "lost". */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The state of a wire name, ignoring case; throws IllegalArgumentException naming the known
     * states when the name is none of them (a newer controller, a damaged message).
     */
    public static ClusterState fromWire(String name) {
        if (name != null) {
            for (ClusterState s : values()) {
                if (s.wireName().equalsIgnoreCase(name.strip())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a cluster state; the states are starting, running,"
                + " failed, stopping, stopped and lost");
    }
}
