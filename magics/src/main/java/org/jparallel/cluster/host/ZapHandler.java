package org.jparallel.cluster.host;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * ZAP (ZeroMQ RFC 27) for the controller's CURVE servers: a connection is admitted only when the
 * client proves the cluster's client key (given to engines in their environment and to clients in
 * the 0600 cluster file), so knowing the server's public key alone lets nobody in. Runs on its own
 * thread with its own REP socket in the controller's context, until told to stop.
 */
final class ZapHandler implements Runnable {
    private static final Logger LOG = Logger.getLogger(ZapHandler.class.getName());
    static final String DOMAIN = "jparallel";

    private final ZContext ctx;
    private final String allowedKey;
    private final BooleanSupplier stop;
    private final java.util.concurrent.CountDownLatch bound = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

    ZapHandler(ZContext ctx, String allowedKeyZ85, BooleanSupplier stop) {
        this.ctx = ctx;
        this.allowedKey = allowedKeyZ85;
        this.stop = stop;
    }

    /** Waits until the handler listens (connections before that would skip authentication). */
    void awaitBound() throws InterruptedException {
        if (!bound.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the ZAP handler did not start within 10 s");
        }
    }

    /** Waits (briefly) until the handler has closed its socket. */
    void awaitDone() throws InterruptedException {
        done.await(2, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void run() {
        ZMQ.Socket rep = ctx.createSocket(SocketType.REP);
        try {
            rep.setLinger(0);
            rep.bind("inproc://zeromq.zap.01");
            bound.countDown();
            ZMQ.Poller poller = ctx.createPoller(1);
            poller.register(rep, ZMQ.Poller.POLLIN);
            while (!stop.getAsBoolean()) {
                if (poller.poll(200) <= 0) {
                    continue;
                }
                List<byte[]> req = new ArrayList<>();
                req.add(rep.recv(0));
                while (rep.hasReceiveMore()) {
                    req.add(rep.recv(0));
                }
                answer(rep, req);
            }
            poller.close();
        } finally {
            rep.close();
            bound.countDown();
            done.countDown();
        }
    }

    private void answer(ZMQ.Socket rep, List<byte[]> req) {
        // version, request id, domain, address, identity, mechanism, credentials...
        String requestId = req.size() > 1 ? text(req.get(1)) : "";
        boolean curve = req.size() >= 7 && text(req.get(5)).equals("CURVE") && req.get(6).length == 32;
        boolean ok = curve && ZMQ.Curve.z85Encode(req.get(6)).equals(allowedKey);
        if (!ok) {
            LOG.warning("refused a connection from " + (req.size() > 3 ? text(req.get(3)) : "?")
                    + ": it did not prove the cluster's client key");
        }
        rep.sendMore("1.0");
        rep.sendMore(requestId);
        rep.sendMore(ok ? "200" : "400");
        rep.sendMore(ok ? "OK" : "unknown client key");
        rep.sendMore("");
        rep.send("");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
