package org.jparallel.protocol;

import java.util.Locale;

/**
 * The states of a cluster, as the controller reports them in status replies and events
 * ({@link ClientProtocol}) and as clients read them. {@link #LOST} is a client's own word for a
 * controller that stopped answering.
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
    /** The controller no longer answers (its process ended or the link broke); never sent. */
    LOST;

    /** The state's name on the wire: "starting", "running", ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a wire name; LOST for anything unknown (a newer controller's state reads as not usable). */
    public static ClusterState fromWire(String s) {
        for (ClusterState c : values()) {
            if (c.wireName().equals(s)) {
                return c;
            }
        }
        return LOST;
    }

    /** Whether the cluster has ended (stopping, stopped, failed or lost): no engines will come. */
    public boolean ended() {
        return this == FAILED || this == STOPPING || this == STOPPED || this == LOST;
    }

    @Override
    public String toString() {
        return wireName();
    }
}
