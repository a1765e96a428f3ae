package org.jparallel.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;

/** Reads serialized objects whose classes are found through a given loader (notebook classes, shipped or local). */
public final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    public LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
        super(in);
        this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
        try {
            return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
            return super.resolveClass(desc); // primitives and arrays of them
        }
    }
}
