package org.jparallel.cluster.client;

import org.jparallel.wire.Message;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The controllers hosted in this JVM, by client endpoint, so that a client in the same JVM (the
 * kernel's own cluster) talks to its controller by handing it messages instead of over TCP: no
 * socket, no encoding or signing, and three fewer thread wake-ups each way (the client's thread
 * and the two JeroMQ I/O threads). Messages still go through the controller's thread and its
 * checks (engine ids, message limits), and everything from the engines is still checked when it
 * reaches the controller. JPARALLEL_IN_PROCESS_LINK=0 (or the system property
 * jparallel.inProcessLink=false) makes such clients use TCP like any other.
 */
public final class InProcessLinks {
    /** A client's end of an in-process link. */
    public interface Link {
        /** Hands a message (without routing identity) to the controller; any thread. */
        void send(Message m);

        /** Detaches the client; nothing more is delivered to it. */
        void close();
    }

    /** How a controller attaches a client: messages for it go to deliver (called on the controller's thread). */
    @FunctionalInterface
    public interface Attach {
        Link attach(Consumer<Message> deliver, Consumer<String> closed);
    }

    private record Entry(byte[] key, Attach attach) {
    }

    private static final Map<String, Entry> CONTROLLERS = new ConcurrentHashMap<>();

    private InProcessLinks() {
    }

    /** Offers a controller of this JVM to in-process clients that know its endpoint and key. */
    public static void register(String clientEndpoint, String key, Attach attach) {
        CONTROLLERS.put(clientEndpoint, new Entry(key.getBytes(StandardCharsets.UTF_8), attach));
    }

    /** Withdraws the controller (when it stops). */
    public static void unregister(String clientEndpoint) {
        CONTROLLERS.remove(clientEndpoint);
    }

    /**
     * Attaches to the controller of this JVM at that endpoint when there is one with that key and
     * in-process links are not turned off; null otherwise (the client then connects over TCP).
     */
    static Link attach(String clientEndpoint, String key, Consumer<Message> deliver, Consumer<String> closed) {
        if (!enabled()) {
            return null;
        }
        Entry e = CONTROLLERS.get(clientEndpoint);
        if (e == null || !MessageDigest.isEqual(e.key(), key.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return e.attach().attach(deliver, closed);
    }

    static boolean enabled() {
        String p = System.getProperty("jparallel.inProcessLink");
        if (p != null && !p.isBlank()) {
            return !p.equalsIgnoreCase("false") && !p.equals("0");
        }
        String v = System.getenv("JPARALLEL_IN_PROCESS_LINK");
        return v == null || !(v.equals("0") || v.equalsIgnoreCase("false") || v.equalsIgnoreCase("off"));
    }
}
