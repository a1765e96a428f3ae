package org.jparallel.wire;

import org.zeromq.ZMQ;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The largest message a link carries, set on every socket we open so that a peer cannot make
 * us allocate more. JeroMQ allocates a frame as soon as its header declares the size, before
 * any signature or CurveZMQ handshake is checked: without a limit, 73 bytes declaring a 2 GB
 * frame kill the socket's I/O thread with OutOfMemoryError. With a limit, JeroMQ closes that
 * connection instead (protocol error) and the socket keeps serving everyone else.
 *
 * <p>JeroMQ drops the connection without telling the sender, and a connecting socket whose
 * connection ends in a protocol error does not reconnect. So senders check a message against
 * the same limit before it leaves ({@link #refusal}) and report a sentence instead; receivers
 * accept a little more than senders may send ({@link #HEADROOM}), so that a message the
 * controller forwards (same frames, routing added) never trips its receiver.
 *
 * @param bytes the most a whole message (all frames) may hold when sent
 */
public record MessageLimit(long bytes) {
    /** Environment variable (megabytes) for the kernel's channels and, set by the host, for engines. */
    public static final String ENV = "JPARALLEL_MESSAGE_LIMIT_MB";
    /** Profile key (megabytes) for a cluster's links. */
    public static final String PROFILE_KEY = "message.limit.mb";
    /** A cluster's default: room for push/scatter of large arrays (64 M doubles). */
    public static final long CLUSTER_DEFAULT_MB = 512;
    /** The kernel's channels' default: a frontend sends code and comm messages, not data sets. */
    public static final long KERNEL_DEFAULT_MB = 64;
    /** What a receiver accepts beyond the limit per frame. */
    public static final long HEADROOM = 1 << 20;
    /** The most anyone may set (JeroMQ frames hold at most 2 GB). */
    public static final long MAX_MB = 1800;

    public MessageLimit {
        if (bytes < 1) {
            throw new IllegalArgumentException("a message limit must be positive, got " + bytes + " bytes");
        }
    }

    /** A limit in megabytes, checked: 1 to {@value #MAX_MB}; "what" names the setting in the error. */
    public static MessageLimit megabytes(long mb, String what) {
        if (mb < 1 || mb > MAX_MB) {
            throw new IllegalArgumentException(what + " must be between 1 and " + MAX_MB + " (megabytes), got " + mb
                    + (mb == 0 ? ": 0 does not turn the limit off, messages always have one" : ""));
        }
        return new MessageLimit(mb << 20);
    }

    /** A limit in megabytes as written (environment, profile); blank or null gives the default. */
    public static MessageLimit parse(String text, long defaultMb, String what) {
        if (text == null || text.isBlank()) {
            return megabytes(defaultMb, what);
        }
        try {
            return megabytes(Long.parseLong(text.trim()), what);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a whole number of megabytes, got '" + text.trim() + "'");
        }
    }

    /** The limit {@value #ENV} sets in this environment, else the default. */
    public static MessageLimit fromEnvironment(Map<String, String> env, long defaultMb) {
        return parse(env.get(ENV), defaultMb, ENV);
    }

    /** The limit in whole megabytes, as settings write it. */
    public long megabytes() {
        return bytes >> 20;
    }

    /** Sets the socket's receive limit (call before bind or connect). */
    public ZMQ.Socket apply(ZMQ.Socket socket) {
        socket.setMaxMsgSize(bytes + HEADROOM);
        return socket;
    }

    /** The bytes of all frames together. */
    public static long size(List<byte[]> frames) {
        long n = 0;
        for (byte[] f : frames) {
            n += f.length;
        }
        return n;
    }

    /**
     * Null when the encoded frames fit, else why the message cannot be sent: a sentence naming
     * what (for example "the push to engine 2"), its size, the limit and the setting that raises it.
     */
    public String refusal(List<byte[]> frames, String what, String setting) {
        return refusal(size(frames), what, setting);
    }

    /** Like {@link #refusal(List, String, String)} for a message of that many bytes ({@link WireCodec#encodedSize}). */
    public String refusal(long size, String what, String setting) {
        if (size <= bytes) {
            return null;
        }
        return what + " is " + format(size) + ", over the link's message limit of " + format(bytes)
                + ": send it in smaller parts" + (setting == null || setting.isEmpty() ? "" : ", or raise " + setting);
    }

    /** Bytes as "1.5 MB" (or "812 bytes"). */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
    }
}
