package org.jparallel.link;

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

    private Dealers() {
    }

    /** A DEALER connected to the endpoint; identity may be null (the peer assigns one). */
    public static ZMQ.Socket connect(ZContext ctx, String endpoint, byte[] identity) {
        return connect(ctx, endpoint, identity, null);
    }

    /**
     * A DEALER connected to the endpoint, a CURVE client of the server with that public key
     * (Z85) when one is given (null or empty: no encryption).
     */
    public static ZMQ.Socket connect(ZContext ctx, String endpoint, byte[] identity, String curveServerKey) {
        ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
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
