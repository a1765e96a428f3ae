package org.jparallel.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Work to do once when the kernel ends, whichever way it ends (request, signal, parent gone). */
final class ShutdownHooks {
    private static final Logger LOG = Logger.getLogger(ShutdownHooks.class.getName());

    private final List<Runnable> hooks = new ArrayList<>();
    private final AtomicBoolean ran = new AtomicBoolean();

    synchronized void add(Runnable hook) {
        hooks.add(hook);
    }

    /** Runs every hook once, latest first; later calls do nothing. Failures are logged. */
    void runOnce() {
        if (!ran.compareAndSet(false, true)) {
            return;
        }
        List<Runnable> copy;
        synchronized (this) {
            copy = new ArrayList<>(hooks);
        }
        for (int i = copy.size() - 1; i >= 0; i--) {
            try {
                copy.get(i).run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a shutdown hook failed", e);
            }
        }
    }
}
