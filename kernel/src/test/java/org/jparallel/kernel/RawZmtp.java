package org.jparallel.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A stranger's connection to one of our ports, speaking just enough ZMTP 3.0 (the 64-byte greeting
 * with the NULL mechanism, then one frame header) to declare a frame of any size: 73 bytes in all.
 * Loopback only.
 */
final class RawZmtp {
    private RawZmtp() {
    }

    /**
     * Declares a frame of that size on 127.0.0.1:port and returns whether the peer closed the
     * connection within the timeout (what JeroMQ does with a frame over the socket's limit). It
     * never sends the frame's body.
     */
    static boolean declareFrame(int port, long size, boolean command, int timeoutMs) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            OutputStream out = s.getOutputStream();
            byte[] greeting = new byte[64];
            greeting[0] = (byte) 0xFF;
            greeting[9] = 0x7F;
            greeting[10] = 3; // ZMTP 3.0
            greeting[11] = 0;
            System.arraycopy("NULL".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, greeting, 12, 4);
            out.write(greeting);
            byte[] header = new byte[9];
            header[0] = (byte) (0x02 | (command ? 0x04 : 0)); // LONG (8-byte size), COMMAND during the handshake
            for (int i = 0; i < 8; i++) {
                header[1 + i] = (byte) (size >>> (56 - 8 * i));
            }
            out.write(header);
            out.flush();
            return closedByPeer(s.getInputStream(), timeoutMs);
        }
    }

    /** Reads (the peer's greeting) until end of stream: true when the peer closed within the timeout. */
    private static boolean closedByPeer(InputStream in, int timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        byte[] buf = new byte[256];
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the peer
        }
        return false;
    }

    /** The port of a tcp://HOST:PORT endpoint. */
    static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }
}
