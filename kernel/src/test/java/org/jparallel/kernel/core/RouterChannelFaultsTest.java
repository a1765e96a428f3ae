package org.jparallel.kernel.core;

import com.google.gson.JsonObject;
import org.jparallel.wire.Message;
import org.jparallel.wire.MessageLimit;
import org.jparallel.wire.Sockets;
import org.jparallel.wire.WireCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shell or control channel whose handler fails with an Error (OutOfMemoryError,
 * StackOverflowError) answers that request with an error reply and goes on serving the next
 * ones, through a real ROUTER on 127.0.0.1 and a client's DEALER.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RouterChannelFaultsTest {

    @Test
    void errorsInAHandlerAreAnsweredAndTheChannelKeepsServing() throws Exception {
        WireCodec codec = WireCodec.forKey("k");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ZContext zmq = new ZContext(1)) {
            RouterChannel channel = new RouterChannel("shell", zmq, "tcp://127.0.0.1:" + port, codec,
                    MessageLimit.megabytes(1, "test"), (request, ch) -> {
                switch (request.type()) {
                    case "oom_request" -> throw new OutOfMemoryError("Java heap space");
                    case "deep_request" -> throw new StackOverflowError();
                    case "half_request" -> {
                        ch.reply(request, "half_reply", new JsonObject()); // answered, then failed
                        throw new OutOfMemoryError("after the reply");
                    }
                    default -> ch.reply(request, "kernel_info_reply", new JsonObject());
                }
            });
            Thread t = new Thread(channel, "shell");
            t.setDaemon(true);
            t.start();
            channel.bound().get(10, TimeUnit.SECONDS);
            ZMQ.Socket client = zmq.createSocket(SocketType.DEALER);
            client.connect("tcp://127.0.0.1:" + port);
            client.setReceiveTimeOut(10_000);
            for (String type : List.of("oom_request", "deep_request")) {
                Message req = codec.create(type, null, new JsonObject());
                Sockets.send(client, codec, req);
                Message reply = codec.decode(Sockets.recvFrames(client, 0));
                assertThat(reply.type()).isEqualTo(type.replace("_request", "_reply"));
                assertThat(reply.contentString("status", "")).isEqualTo("error");
                assertThat(reply.contentString("evalue", "")).startsWith("the kernel failed while handling this " + type
                        + ": " + (type.startsWith("oom") ? "OutOfMemoryError (Java heap space)" : "StackOverflowError"))
                        .endsWith("it goes on serving, but restart it if this happens again");
            }
            Message half = codec.create("half_request", null, new JsonObject());
            Sockets.send(client, codec, half);
            assertThat(codec.decode(Sockets.recvFrames(client, 0)).contentString("status", "ok")).as("one reply only")
                    .isEqualTo("ok");
            Message info = codec.create("kernel_info_request", null, new JsonObject());
            Sockets.send(client, codec, info);
            Message reply = codec.decode(Sockets.recvFrames(client, 0));
            assertThat(reply.type()).isEqualTo("kernel_info_reply");
            assertThat(t.isAlive()).isTrue();
            channel.stop();
            t.join(5000);
        }
    }
}
