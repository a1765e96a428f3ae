package org.jparallel.link;

import org.jparallel.wire.MessageLimit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** DEALER sockets for the engine and client links, set up the same way. */
public final class Dealers {
    /**
     * Handshake limit for a new connection. JeroMQ 0.6.0 sometimes (about 2 in 100 connects on
     * loopback, measured here) never processes a fresh connection's events on the connecting
     * side, so the handshake stalls and queued messages are never sent. When the handshake has
     * not finished within this time JeroMQ drops the connection and reconnects, which recovers.
     */
    public static final int HANDSHAKE_MS = 600;

    private static final MessageLimit DEFAULT_LIMIT = MessageLimit.megabytes(MessageLimit.CLUSTER_DEFAULT_MB, "the limit");

    private Dealers() {
    }

    /** A DEALER connected to the endpoint with a cluster's default message limit; identity may be null. */
    public static ZMQ.Socket connect(ZContext ctx, String endpoint, byte[] identity) {
        return connect(ctx, endpoint, identity, null, DEFAULT_LIMIT);
    }

    /** Like {@link #connect(ZContext, String, byte[], String, MessageLimit)} with a cluster's default limit. */
    public static ZMQ.Socket connect(ZContext ctx, String endpoint, byte[] identity, String curveServerKey) {
        return connect(ctx, endpoint, identity, curveServerKey, DEFAULT_LIMIT);
    }

    /** A DEALER connected to the endpoint; identity may be null (the peer assigns one). */
    public static ZMQ.Socket connect(ZContext ctx, String endpoint, byte[] identity, MessageLimit limit) {
        return connect(ctx, endpoint, identity, null, limit);
    }

    /**
     * A DEALER connected to the endpoint, a CURVE client of the server with that public key
     * (Z85) when one is given (null or empty: no encryption), receiving at most the limit.
     */
    public static ZMQ.Socket connect(ZContext ctx, String endpoint, byte[] identity, String curveServerKey,
                                     MessageLimit limit) {
        ZMQ.Socket s = limit.apply(ctx.createSocket(SocketType.DEALER));
        if (curveServerKey != null && !curveServerKey.isEmpty()) {
            org.jparallel.wire.Curve.client(s, curveServerKey);
        }
        s.setLinger(1000);
        s.setSndHWM(100_000);
        s.setRcvHWM(100_000);
        s.setHandshakeIvl(HANDSHAKE_MS);
        s.setReconnectIVL(100);
        // never block the owning thread for long on a peer that stopped reading: it must stay
        // free to notice the silence (heartbeats) and act on it
        s.setSendTimeOut(1000);
        if (identity != null) {
            s.setIdentity(identity);
        }
        s.connect(endpoint);
        return s;
    }
}
