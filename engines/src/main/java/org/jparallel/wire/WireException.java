package org.jparallel.wire;

/** A message that could not be accepted: bad signature, malformed frames or JSON, replay. */
public class WireException extends Exception {
    public WireException(String message) {
        super(message);
    }
}
