package org.jparallel.kernel.core;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.concurrent.CompletableFuture;

/** The heartbeat channel: a REP socket on its own thread that echoes every ping at once. */
final class Heartbeat implements Runnable {
    private final ZContext zmq;
    private final org.jparallel.wire.MessageLimit limit;
    private final String endpoint;
    private final CompletableFuture<Void> bound = new CompletableFuture<>();
    private volatile boolean stopping;

    Heartbeat(ZContext zmq, String endpoint, org.jparallel.wire.MessageLimit limit) {
        this.limit = limit;
        this.zmq = zmq;
        this.endpoint = endpoint;
    }

    CompletableFuture<Void> bound() {
        return bound;
    }

    void stop() {
        stopping = true;
    }

    @Override
    public void run() {
        ZMQ.Socket rep;
        try {
            rep = limit.apply(zmq.createSocket(SocketType.REP));
            rep.setLinger(0);
            rep.bind(endpoint);
        } catch (RuntimeException e) {
            bound.completeExceptionally(e);
            return;
        }
        bound.complete(null);
        ZMQ.Poller poller = zmq.createPoller(1);
        poller.register(rep, ZMQ.Poller.POLLIN);
        try {
            while (!stopping && !Thread.currentThread().isInterrupted()) {
                // The timeout only bounds how long a stop request waits to be seen.
                if (poller.poll(200) <= 0) {
                    continue;
                }
                byte[] ping;
                while ((ping = rep.recv(ZMQ.DONTWAIT)) != null) {
                    int flags = rep.hasReceiveMore() ? ZMQ.SNDMORE : 0;
                    rep.send(ping, flags);
                }
            }
        } finally {
            poller.close();
            rep.close();
        }
    }
}
