package org.jparallel.jshell;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The notebook's own libraries (jars added with %maven, %jars or {@link Evaluator#addLibraries}),
 * searched before the host's class path: a notebook that loads its own Gson or JeroMQ gets that
 * version, not the one the kernel or engine runs on. Only the JDK's classes, the notebook API
 * ({@code org.jparallel.*}), Open MPI's bindings ({@code mpi.*}) and JShell's snippet classes
 * always come from the parent, so that the notebook and the kernel share one Class of each.
 */
final class LibraryClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** This loader's name, as stack frames and class loader listings show it. */
    static final String NAME = "notebook-libraries";
    private static final String[] PARENT_FIRST = {"java.", "org.jparallel.", "mpi.", "REPL."};
    /** Packages of the JDK's modules (javax.*, org.w3c.dom, ...): a jar that bundles copies of them must not win. */
    private static final Set<String> JDK_PACKAGES = ModuleLayer.boot().modules().stream()
            .flatMap(m -> m.getPackages().stream()).collect(Collectors.toUnmodifiableSet());

    private volatile boolean empty = true;

    LibraryClassLoader(ClassLoader parent) {
        super(NAME, new URL[0], parent);
    }

    void add(URL url) {
        addURL(url);
        empty = false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (empty || parentFirst(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notOurs) {
                    c = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** Classes of the JDK (also those outside java.*, in any module of the platform) and of the notebook API. */
    private static boolean parentFirst(String name) {
        for (String p : PARENT_FIRST) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && JDK_PACKAGES.contains(name.substring(0, dot));
    }

    @Override
    public URL getResource(String name) {
        URL own = empty ? null : findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (empty) {
            return super.getResources(name);
        }
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        Enumeration<URL> parents = getParent().getResources(name);
        while (parents.hasMoreElements()) {
            URL u = parents.nextElement();
            if (!all.contains(u)) {
                all.add(u);
            }
        }
        return Collections.enumeration(all);
    }
}
