package org.jparallel.engine.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Defines notebook classes shipped from the kernel, apart from the engine's own notebook classes.
 * Names it was given bytes for are defined here first (the engine's JShell has classes of the
 * same names, {@code REPL.$JShell$12}, that are different classes); other names go to the parent.
 * A notebook class that was not shipped is never taken from the engine's JShell by mistake.
 */
public final class ShippedClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    /** Package of the classes JShell generates. */
    public static final String NOTEBOOK_PACKAGE = "REPL.";
    /** This loader's name, as stack frames show it. */
    public static final String NAME = "shipped-notebook-classes";

    private final Map<String, byte[]> bytes = new ConcurrentHashMap<>();
    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    public ShippedClassLoader(ClassLoader parent) {
        super(NAME, parent);
    }

    /** Adds the bytecode of a class not defined yet; hash identifies the version. */
    void add(String name, String hash, byte[] code) {
        bytes.putIfAbsent(name, code);
        hashes.putIfAbsent(name, hash);
    }

    /** The version this loader has of a class, or null. */
    String hashOf(String name) {
        return hashes.get(name);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!bytes.containsKey(name)) {
            if (name.startsWith(NOTEBOOK_PACKAGE) && !name.equals(StopChecks.CANCEL_CLASS)) {
                throw new ClassNotFoundException(name + " (a notebook class the kernel did not send)");
            }
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] b = StopChecks.weave(bytes.get(name));
                c = defineClass(name, b, 0, b.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
