package org.jparallel.cluster;

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
    private static volatile Supplier<Progress> progress = () -> Progress.NONE;

    private LocalClusters() {
    }

    static synchronized void opened(Cluster c) {
        OPEN.remove(c);
        OPEN.add(c);
    }

    static synchronized void closed(Cluster c) {
        OPEN.remove(c);
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
        progress = factory == null ? () -> Progress.NONE : factory;
    }
}
