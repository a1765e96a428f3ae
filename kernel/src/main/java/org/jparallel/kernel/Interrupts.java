package org.jparallel.kernel;

import java.util.logging.Level;
import java.util.logging.Logger;

/** SIGINT interrupts the running cell instead of ending the JVM, as a kernel's Ctrl-C should. */
final class Interrupts {
    private static final Logger LOG = Logger.getLogger(Interrupts.class.getName());

    private Interrupts() {
    }

    /** Installs the handler; where the platform has no SIGINT, interrupts come by message only. */
    @SuppressWarnings("removal")
    static void install(Runnable onInterrupt) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                LOG.fine("SIGINT: interrupting the running cell");
                onInterrupt.run();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.log(Level.FINE, "no SIGINT handler on this platform: {0}", e.getMessage());
        }
    }
}
