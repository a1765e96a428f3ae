package org.jparallel.protocol;

/**
 * The library messages of the engine link: how the notebook's jars (%maven, %jars) reach every
 * engine. Served by the engine's LibraryExtension on its execution thread, so they keep their
 * order with the cells around them.
 *
 * <table>
 * <caption>Message types</caption>
 * <tr><th>request</th><th>content</th><th>buffers</th><th>reply</th></tr>
 * <tr><td>{@value #LIBRARIES}</td><td>jars: [{name, sha256, size, path}, ...] in class path order</td><td>none</td>
 *     <td>missing: [sha256, ...] (then nothing was added), or added: [paths the engine added]</td></tr>
 * <tr><td>{@value #LIBRARY_DATA}</td><td>name, sha256, size, offset</td><td>[the bytes from offset, at most {@value #MAX_CHUNK} bytes]</td>
 *     <td>{} (complete: true with the last chunk)</td></tr>
 * </table>
 *
 * <p>An engine uses a jar from the kernel's path when that file exists on its machine with the
 * same SHA-256 (a shared file system: nothing travels), else from its cache
 * ({@code $XDG_CACHE_HOME/jparallel/libraries/SHA256/NAME}); only jars it has in neither place
 * are sent, in chunks, and checked against their SHA-256 before use.
 */
public final class LibraryProtocol {
    public static final String LIBRARIES = "libraries_request";
    public static final String LIBRARY_DATA = "library_data_request";
    /** The largest chunk of a jar in one message. */
    public static final int MAX_CHUNK = 4 << 20;
    /** The largest jar an engine takes. */
    public static final long MAX_JAR = 1L << 31;

    private LibraryProtocol() {
    }
}
