package org.jparallel.engine.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.List;

/**
 * Reads serialized objects whose classes are found through a given loader (notebook classes,
 * shipped or local), behind an {@link ObjectInputFilter}: at most {@value #MAX_DEPTH} levels deep,
 * no array longer and no more references than the stream has bytes (each element takes at least
 * one byte, so a 20-byte stream cannot declare an array of 2 billion), no more bytes than it has,
 * and no class of the libraries this project uses inside (their classes are never data a notebook
 * ships, and such libraries are where deserialization gadgets live). Classes of the JDK, of the
 * project and of the user (notebook, class path) pass.
 */
public final class LoaderObjectInputStream extends ObjectInputStream {
    static final int MAX_DEPTH = 1000;
    private static final List<String> REFUSED_PACKAGES = List.of("org.zeromq.", "zmq.", "com.google.gson.",
            "picocli.", "com.neilalexander.jnacl.");
    private final ClassLoader loader;

    public LoaderObjectInputStream(byte[] bytes, ClassLoader loader) throws IOException {
        super(new ByteArrayInputStream(bytes));
        this.loader = loader;
        setObjectInputFilter(filter(bytes.length));
    }

    /** The filter for a stream of that many bytes. */
    static ObjectInputFilter filter(long streamBytes) {
        return info -> {
            if (info.depth() > MAX_DEPTH || info.arrayLength() > streamBytes || info.references() > streamBytes
                    || info.streamBytes() > streamBytes) {
                return ObjectInputFilter.Status.REJECTED;
            }
            Class<?> c = info.serialClass();
            while (c != null && c.isArray()) {
                c = c.getComponentType();
            }
            if (c != null && REFUSED_PACKAGES.stream().anyMatch(c.getName()::startsWith)) {
                return ObjectInputFilter.Status.REJECTED;
            }
            return ObjectInputFilter.Status.UNDECIDED;
        };
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
