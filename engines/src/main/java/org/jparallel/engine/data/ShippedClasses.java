package org.jparallel.engine.data;

import java.util.HashMap;
import java.util.Map;

/**
 * The notebook classes an engine received, kept in one loader while they stay compatible: a class
 * arriving again with the same bytes reuses what was defined; a changed class (the notebook
 * redefined it) starts a fresh loader, since a loader cannot define a name twice.
 */
public final class ShippedClasses {
    private final ClassLoader parent;
    private ShippedClassLoader current;

    /** Classes are defined under parent (the engine's JShell loader, so jars added there are seen). */
    public ShippedClasses(ClassLoader parent) {
        this.parent = parent;
    }

    /** A loader holding these classes (binary name to bytecode). */
    public synchronized ShippedClassLoader loaderFor(Map<String, byte[]> classes) {
        Map<String, String> hashes = new HashMap<>();
        boolean compatible = current != null;
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            String h = ClassBundle.hash(e.getValue());
            hashes.put(e.getKey(), h);
            if (compatible) {
                String have = current.hashOf(e.getKey());
                compatible = have == null || have.equals(h);
            }
        }
        if (!compatible) {
            current = null;
        }
        if (current == null) {
            current = new ShippedClassLoader(parent);
        }
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            current.add(e.getKey(), hashes.get(e.getKey()), e.getValue());
        }
        return current;
    }
}
