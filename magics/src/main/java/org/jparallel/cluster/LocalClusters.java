package org.jparallel.cluster;

import org.jparallel.notebook.CellProgress;
import org.jparallel.notebook.Progress;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The clusters this JVM has open (to find the active one and to close them all at shutdown). */
final class LocalClusters {
    private static final Logger LOG = Logger.getLogger(LocalClusters.class.getName());
    private static final LinkedHashSet<Cluster> OPEN = new LinkedHashSet<>();
    private static volatile Supplier<Progress> progress = LocalClusters::cellProgress;

    private LocalClusters() {
    }

    static void opened(Cluster c) {
        synchronized (LocalClusters.class) {
            OPEN.remove(c);
            OPEN.add(c);
        }
        closeWithKernel(c);
    }

    static synchronized void closed(Cluster c) {
        OPEN.remove(c);
    }

    static synchronized List<Cluster> all() {
        return List.copyOf(OPEN);
    }

    static synchronized Optional<Cluster> active() {
        Cluster last = null;
        for (Cluster c : OPEN) {
            last = c;
        }
        return Optional.ofNullable(last);
    }

    static void closeAll() {
        List<Cluster> all;
        synchronized (LocalClusters.class) {
            all = new ArrayList<>(OPEN);
        }
        for (Cluster c : all) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing the cluster " + c.profile() + " failed", e);
            }
        }
    }

    static Progress progress() {
        Progress p = progress.get();
        return p == null ? Progress.NONE : p;
    }

    static void setProgress(Supplier<Progress> factory) {
        progress = factory == null ? LocalClusters::cellProgress : factory;
    }

    /** In a kernel, the running cell's output; elsewhere nothing. */
    private static Progress cellProgress() {
        return org.jparallel.notebook.CellContext.isSet() ? new CellProgress(org.jparallel.notebook.CellContext.current()) : Progress.NONE;
    }

    /** In a kernel, stops or disconnects the cluster when the kernel shuts down or restarts. */
    static void closeWithKernel(Cluster c) {
        if (org.jparallel.notebook.CellContext.isSet()) {
            org.jparallel.notebook.CellContext.current().onShutdown(() -> {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "closing the cluster " + c.profile() + " at kernel shutdown failed", e);
                }
            });
        }
    }
}
