package org.jparallel.cluster.model;

/** A cluster operation failed; the message is a sentence saying what happened and what to do. */
public class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
