package org.jparallel.magics;

import org.jparallel.support.Seconds;

import org.jparallel.cluster.TargetSpec;

/**
 * The effective settings of one %px run: the defaults of %pxconfig with the magic's own options
 * on top. timeoutSeconds is 0 for no timeout; out is null when the result is not stored.
 */
public record PxSettings(TargetSpec targets, boolean block, GroupOutputs groupOutputs, boolean stream,
                         boolean local, double timeoutSeconds, String out, boolean verbose) {

    /** The defaults before any %pxconfig: all engines, blocking, grouped by engine, streamed, no timeout. */
    public static PxSettings initial() {
        return new PxSettings(TargetSpec.all(), true, GroupOutputs.ENGINE, true, false, 0, null, false);
    }

    /** Whether a timeout applies. */
    public boolean hasTimeout() {
        return timeoutSeconds > 0;
    }

    /** The settings as %pxconfig prints them. */
    public String describe() {
        return "targets=" + targets + " block=" + block + " group-outputs=" + groupOutputs.label()
                + " stream=" + stream + " timeout=" + (hasTimeout() ? Seconds.format(timeoutSeconds) : "none")
                + " verbose=" + verbose;
    }
}
