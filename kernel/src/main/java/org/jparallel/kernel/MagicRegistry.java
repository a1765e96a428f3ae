package org.jparallel.kernel;

import org.jparallel.magics.MagicHandler;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** The magics the kernel knows: its own, then every MagicHandler found with ServiceLoader. */
final class MagicRegistry {
    private static final Logger LOG = Logger.getLogger(MagicRegistry.class.getName());

    private final List<MagicHandler> handlers;

    MagicRegistry(List<MagicHandler> handlers) {
        this.handlers = List.copyOf(handlers);
    }

    /** The given handlers followed by those on the class path; a provider that fails to load is logged and skipped. */
    static MagicRegistry discover(List<MagicHandler> own, ClassLoader loader) {
        List<MagicHandler> all = new ArrayList<>(own);
        Iterator<MagicHandler> it = ServiceLoader.load(MagicHandler.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                all.add(it.next());
            } catch (ServiceConfigurationError | RuntimeException e) {
                LOG.log(Level.WARNING, "a magics provider could not be loaded", e);
            }
        }
        return new MagicRegistry(all);
    }

    MagicHandler forLine(String name) {
        for (MagicHandler h : handlers) {
            if (h.handlesLine(name)) {
                return h;
            }
        }
        return null;
    }

    MagicHandler forCell(String name) {
        for (MagicHandler h : handlers) {
            if (h.handlesCell(name)) {
                return h;
            }
        }
        return null;
    }

    /** The handler that wants every cell now (%autopx), or null. */
    MagicHandler autoRouter() {
        for (MagicHandler h : handlers) {
            try {
                if (h.autoRoute()) {
                    return h;
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "autoRoute() of " + h.getClass().getName() + " failed", e);
            }
        }
        return null;
    }

    /** Sorted names of all line magics, without %. */
    List<String> lineNames() {
        TreeSet<String> names = new TreeSet<>();
        handlers.forEach(h -> names.addAll(h.lineMagics()));
        return List.copyOf(names);
    }

    /** Sorted names of all cell magics, without %%. */
    List<String> cellNames() {
        TreeSet<String> names = new TreeSet<>();
        handlers.forEach(h -> names.addAll(h.cellMagics()));
        return List.copyOf(names);
    }

    /** The error sentence for a magic nobody handles, listing the known ones. */
    String unknown(String name, boolean cell) {
        String kind = cell ? "cell magic %%" : "line magic %";
        return "unknown " + kind + name + "; known line magics: " + listed("%", lineNames())
                + "; known cell magics: " + listed("%%", cellNames()) + " (%lsmagic lists them)";
    }

    private static String listed(String prefix, List<String> names) {
        return names.isEmpty() ? "none" : names.stream().map(n -> prefix + n).collect(Collectors.joining(", "));
    }
}
