package org.jparallel.wire;

import org.zeromq.ZMQ;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sending and receiving whole messages on a ZeroMQ socket owned by the calling thread. */
public final class Sockets {
    private static final Logger LOG = Logger.getLogger(Sockets.class.getName());

    private Sockets() {
    }

    /** Sends the message as one multipart ZeroMQ message; returns false when the socket would not take it. */
    public static boolean send(ZMQ.Socket socket, WireCodec codec, Message m) {
        return sendFrames(socket, codec.encode(m));
    }

    /** Sends encoded frames as one multipart ZeroMQ message; returns false when the socket would not take it. */
    public static boolean sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        boolean ok = true;
        for (int i = 0; i < frames.size(); i++) {
            ok &= socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
        return ok;
    }

    /** Reads all frames of one pending multipart message, or null when none is waiting. */
    public static List<byte[]> recvFrames(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(8);
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    /**
     * Reads one message without blocking. A message that fails to decode is logged with the
     * channel's name and dropped, and null is returned, so the channel keeps serving.
     */
    public static Message recv(ZMQ.Socket socket, WireCodec codec, String channel) {
        List<byte[]> frames = recvFrames(socket, ZMQ.DONTWAIT);
        if (frames == null) {
            return null;
        }
        try {
            return codec.decode(frames);
        } catch (WireException e) {
            LOG.log(Level.WARNING, "dropped a message on {0}: {1}", new Object[]{channel, e.getMessage()});
            return null;
        }
    }
}
