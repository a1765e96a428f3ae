package org.jparallel.engine.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;

/**
 * Serializes values an engine sends back to the kernel. Instances of classes defined in the
 * engine's own notebook (by %px cells) cannot travel: the kernel has no such class, or a
 * different class of the same generated name, so they are refused with a sentence saying so.
 */
final class EngineObjects {
    /** An object of the engine's own notebook classes was met. */
    static final class EngineClassException extends NotSerializableException {
        private static final long serialVersionUID = 1L;
        final String className;

        EngineClassException(String className) {
            super(className);
            this.className = className;
        }
    }

    private EngineObjects() {
    }

    /** The value's serialized bytes; what cannot travel becomes a DataError naming it (what: "the value of x"). */
    static byte[] serialize(Object value, String what, int engine) throws DataError {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
            @Override
            protected void annotateClass(Class<?> cl) throws IOException {
                if (NotebookNames.isNotebookClass(cl.getName()) && !(cl.getClassLoader() instanceof ShippedClassLoader)) {
                    throw new EngineClassException(cl.getName());
                }
            }
        }) {
            out.writeObject(value);
        } catch (EngineClassException e) {
            String simple = NotebookNames.simple(e.className);
            throw new DataError("NotSerializableException", what + " on engine " + engine + " is a " + simple
                    + ", a class defined on the engines: the kernel has no such class. Send back values of JDK or"
                    + " library classes, or of classes defined in the kernel's notebook");
        } catch (NotSerializableException e) {
            String simple = NotebookNames.simple(String.valueOf(e.getMessage()));
            throw new DataError("NotSerializableException", what + " on engine " + engine + " holds a " + simple
                    + ", which is not Serializable, so it cannot be sent to the kernel");
        } catch (IOException | RuntimeException e) {
            throw new DataError(e.getClass().getName(), what + " on engine " + engine + " cannot be sent to the kernel: "
                    + NotebookNames.clean(String.valueOf(e.getMessage())));
        }
        return bytes.toByteArray();
    }
}
