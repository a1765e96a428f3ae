package org.jparallel.engine.data;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * The serialized part of shipped code: the notebook variables it reads, then the function (a
 * {@link SerFunction} or {@link SerCallable}). Written by the kernel, read on the engine after
 * the notebook classes are defined, so the variables are set before the function can run.
 */
public final class FunctionPayload {
    private FunctionPayload() {
    }

    /** Writes the variables and the function. */
    public static void write(ObjectOutputStream out, List<StaticValue> statics, Object function) throws IOException {
        out.writeInt(statics.size());
        for (StaticValue s : statics) {
            out.writeUTF(s.className());
            out.writeUTF(s.field());
            out.writeObject(s.value());
        }
        out.writeObject(function);
    }

    /**
     * Reads a payload with classes from the loader, sets the variables it carries on the shipped
     * classes, and returns the function.
     */
    public static Object read(byte[] payload, ClassLoader loader) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new LoaderObjectInputStream(payload, loader)) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String cls = in.readUTF();
                String field = in.readUTF();
                Object value = in.readObject();
                set(loader, cls, field, value);
            }
            return in.readObject();
        }
    }

    private static void set(ClassLoader loader, String cls, String field, Object value) throws ClassNotFoundException {
        Class<?> c = Class.forName(cls, true, loader);
        if (c.getClassLoader() != loader) {
            throw new IllegalStateException("the notebook class " + NotebookNames.simple(cls) + " was not shipped");
        }
        try {
            Field f = c.getDeclaredField(field);
            if (!Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
                throw new IllegalStateException("cannot set " + field + " of " + NotebookNames.simple(cls));
            }
            f.setAccessible(true);
            f.set(null, value);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException("cannot set the notebook variable " + field + ": " + e, e);
        }
    }
}
