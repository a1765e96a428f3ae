package org.jparallel.jshell;

import java.io.File;
import java.net.MalformedURLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * JShell's class loading for local execution, with a parent we choose (the JDK 17 default
 * delegate always uses the system loader and cannot be built from outside its package).
 * Class path entries added while the evaluator starts extend the host's class path; those added
 * later are the notebook's libraries and go to a {@link LibraryClassLoader} between the snippets
 * and the host, searched before the host.
 */
final class SnippetLoaderDelegate implements LoaderDelegate {
    private final LibraryClassLoader libraries;
    private final SnippetClassLoader loader;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    private volatile boolean started;

    SnippetLoaderDelegate(ClassLoader parent) {
        this.libraries = new LibraryClassLoader(parent);
        this.loader = new SnippetClassLoader(libraries);
    }

    /** From now on, added class path entries are the notebook's libraries. */
    void started() {
        started = true;
    }

    SnippetClassLoader loader() {
        return loader;
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] loaded = new boolean[cbcs.length];
        try {
            for (ClassBytecodes cbc : cbcs) {
                loader.declare(cbc.name(), cbc.bytecodes());
            }
            for (int i = 0; i < cbcs.length; i++) {
                Class<?> c = loader.loadClass(cbcs[i].name());
                classes.put(cbcs[i].name(), c);
                loaded[i] = true;
                c.getDeclaredMethods(); // link now, as JShell's own delegate does, so errors surface at load
            }
        } catch (Throwable t) {
            throw new ClassInstallException("load: " + t, loaded);
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), cbc.bytecodes());
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                if (started) {
                    libraries.add(new File(entry).toURI().toURL());
                } else {
                    loader.addEntry(new File(entry).toURI().toURL());
                }
            } catch (MalformedURLException e) {
                throw new InternalException("not a usable class path entry: " + entry + " (" + e.getMessage() + ")");
            }
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> c = classes.get(name);
        if (c == null) {
            throw new ClassNotFoundException(name + " was not loaded by JShell");
        }
        return c;
    }
}
