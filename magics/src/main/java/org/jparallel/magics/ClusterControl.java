package org.jparallel.magics;

import org.jparallel.notebook.CellContext;

import org.jparallel.cluster.ClusterLink;

import java.util.Optional;

/** The cluster operations behind %cluster, and the cluster %px uses. */
interface ClusterControl {
    /** The cluster started or connected most recently and still open. */
    Optional<ClusterLink> active();

    /** Starts n engines; returns a sentence saying what runs now. */
    String start(int engines, String profile, String launcher, CellContext ctx);

    /** Connects to a running cluster; returns a sentence saying what runs now. */
    String connect(String profile, CellContext ctx);

    /** Stops the active cluster; returns a sentence. */
    String stop();

    /** Stops the engines and starts as many new ones; returns a sentence. */
    String restart(CellContext ctx);

    /** Describes the active cluster and its engines. */
    String status();
}
