package org.jparallel.jshell;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loader snippet classes live in. Parent-first: whatever the host's loader sees (kernel API,
 * mpi.jar on the host class path) is the host's own Class, never a second copy. Extra class path
 * entries are searched after the parent; snippet bytecode is defined from memory and is also
 * readable as a resource (".class"), as tools that read class files expect.
 */
final class SnippetClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

    SnippetClassLoader(ClassLoader parent) {
        super("jshell-snippets", new URL[0], parent);
    }

    /** Makes bytecode available for the next load of {@code binaryName}. */
    void declare(String binaryName, byte[] bytes) {
        declared.put(resourceName(binaryName), bytes);
    }

    void addEntry(URL url) {
        addURL(url);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = declared.get(resourceName(name));
        if (bytes == null) {
            return super.findClass(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    public URL findResource(String name) {
        URL u = memoryUrl(name);
        return u != null ? u : super.findResource(name);
    }

    @Override
    public Enumeration<URL> findResources(String name) throws IOException {
        URL u = memoryUrl(name);
        if (u == null) {
            return super.findResources(name);
        }
        List<URL> all = new ArrayList<>(Collections.list(super.findResources(name)));
        all.add(u);
        return Collections.enumeration(all);
    }

    private URL memoryUrl(String name) {
        byte[] bytes = declared.get(name);
        if (bytes == null) {
            return null;
        }
        try {
            return new URL("jshell", "", -1, "/" + name, new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL u) {
                    return new URLConnection(u) {
                        @Override
                        public void connect() {
                            connected = true;
                        }

                        @Override
                        public InputStream getInputStream() {
                            return new ByteArrayInputStream(bytes);
                        }

                        @Override
                        public long getContentLengthLong() {
                            return bytes.length;
                        }
                    };
                }
            });
        } catch (MalformedURLException e) {
            throw new IllegalStateException("cannot name the in-memory class file " + name, e);
        }
    }

    private static String resourceName(String binaryName) {
        return binaryName.replace('.', '/') + ".class";
    }
}
