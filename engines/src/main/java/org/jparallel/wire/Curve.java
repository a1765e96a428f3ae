package org.jparallel.wire;

import org.zeromq.ZMQ;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * CurveZMQ encryption of a cluster's links. The controller's sockets are CURVE servers with a key
 * pair made for each cluster; engines and clients know only the server's public key (from the
 * environment or the 0600 connection file) and make a throw-away key pair of their own. Messages
 * stay HMAC-signed with the cluster key as well: CURVE hides them on the network, the signature
 * says who may send them.
 */
public final class Curve {
    /** Environment and system property ({@code jparallel.curve}): auto (default), on or off. */
    public static final String ENV_POLICY = "JPARALLEL_CURVE";
    private static final String PROPERTY_POLICY = "jparallel.curve";

    private Curve() {
    }

    /** A new key pair (Z85 text). */
    public static ZMQ.Curve.KeyPair newKeyPair() {
        return ZMQ.Curve.generateKeyPair();
    }

    /** Makes a socket a CURVE server with the given secret key (call before bind). */
    public static void server(ZMQ.Socket socket, ZMQ.Curve.KeyPair keys) {
        socket.setCurveServer(true);
        socket.setCurvePublicKey(ZMQ.Curve.z85Decode(keys.publicKey));
        socket.setCurveSecretKey(ZMQ.Curve.z85Decode(keys.secretKey));
    }

    /**
     * Makes a socket a CURVE client (call before connect). The keys are the server's public key,
     * then the cluster's client public and secret keys, joined by ',' (Z85 has no comma), as the cluster
     * hands them out; the server admits only that client key (ZAP). A server key alone (files of
     * older clusters) makes a throw-away client key pair.
     */
    public static void client(ZMQ.Socket socket, String keys) {
        String[] parts = keys == null ? new String[]{null} : keys.split(",");
        ZMQ.Curve.KeyPair mine = parts.length == 3 ? new ZMQ.Curve.KeyPair(parts[1], parts[2]) : newKeyPair();
        socket.setCurveServerKey(decode(parts[0]));
        socket.setCurvePublicKey(decode(mine.publicKey));
        socket.setCurveSecretKey(decode(mine.secretKey));
    }

    /** The keys a client gets: the server's public key and the client key pair, joined by ','. */
    public static String clientKeys(ZMQ.Curve.KeyPair server, ZMQ.Curve.KeyPair client) {
        return server.publicKey + "," + client.publicKey + "," + client.secretKey;
    }

    private static byte[] decode(String z85) {
        if (z85 == null || z85.length() != ZMQ.Curve.KEY_SIZE_Z85) {
            throw new IllegalArgumentException("a CURVE public key is " + ZMQ.Curve.KEY_SIZE_Z85
                    + " characters of Z85 text, got " + (z85 == null ? "none" : z85.length() + " characters"));
        }
        return ZMQ.Curve.z85Decode(z85);
    }

    /**
     * Whether a controller bound to this interface encrypts: the policy (system property
     * jparallel.curve, else JPARALLEL_CURVE) "on" or "off" decides; "auto" or unset encrypts
     * whenever the interface is not a loopback address.
     */
    public static boolean wanted(String bindHost) {
        String policy = System.getProperty(PROPERTY_POLICY);
        if (policy == null || policy.isBlank()) {
            policy = System.getenv(ENV_POLICY);
        }
        policy = policy == null || policy.isBlank() ? "auto" : policy.trim().toLowerCase(Locale.ROOT);
        return switch (policy) {
            case "on", "1", "true", "yes" -> true;
            case "off", "0", "false", "no" -> false;
            case "auto" -> !isLoopback(bindHost);
            default -> throw new IllegalArgumentException(ENV_POLICY + "=" + policy + " is not auto, on or off");
        };
    }

    /** Whether the interface is a loopback address (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank() || host.equals("*") || host.equals("0.0.0.0") || host.equals("::")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
