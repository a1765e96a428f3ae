package org.jparallel.kernel.core;

import java.util.logging.Level;
import java.util.logging.Logger;

/** SIGINT interrupts the running cell instead of ending the JVM, as a kernel's Ctrl-C should. */
public final class Interrupts {
    private static final Logger LOG = Logger.getLogger(Interrupts.class.getName());

    private Interrupts() {
    }

    /** Installs the handler; where the platform has no SIGINT, interrupts come by message only. */
    @SuppressWarnings("removal")
    public static void install(Runnable onInterrupt) {
        try {
            sun.misc.Signal old = new sun.misc.Signal("INT");
            sun.misc.SignalHandler before = sun.misc.Signal.handle(old, signal -> {
                LOG.fine("SIGINT: interrupting the running cell");
                onInterrupt.run();
            });
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                // The JVM cannot catch a signal that was ignored when it started (nohup, `cmd &`).
                LOG.warning("SIGINT was ignored when this kernel started (launched in the background?), so "
                        + "Ctrl-C cannot reach it; interrupt_request messages (the frontend's interrupt button) still work");
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.log(Level.FINE, "no SIGINT handler on this platform: {0}", e.getMessage());
        }
    }
}
