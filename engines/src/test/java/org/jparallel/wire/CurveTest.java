package org.jparallel.wire;

import org.jparallel.link.Dealers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CurveTest {

    @AfterEach
    void clear() {
        System.clearProperty("jparallel.curve");
    }

    @Test
    void autoEncryptsBeyondLoopbackOnly() {
        assertThat(Curve.wanted("127.0.0.1")).isFalse();
        assertThat(Curve.wanted("127.0.0.2")).isFalse();
        assertThat(Curve.wanted("::1")).isFalse();
        assertThat(Curve.wanted("0.0.0.0")).isTrue();
        assertThat(Curve.wanted("*")).isTrue();
        assertThat(Curve.wanted("10.1.2.3")).isTrue();
    }

    @Test
    void theExplicitPolicyWins() {
        System.setProperty("jparallel.curve", "on");
        assertThat(Curve.wanted("127.0.0.2")).isTrue();
        System.setProperty("jparallel.curve", "off");
        assertThat(Curve.wanted("10.1.2.3")).isFalse();
        System.setProperty("jparallel.curve", "maybe");
        assertThatThrownBy(() -> Curve.wanted("127.0.0.1")).hasMessageContaining("is not auto, on or off");
    }

    @Test
    void aClientWithTheServersPublicKeyTalksAndOneWithAnotherKeyGetsNothing() {
        ZMQ.Curve.KeyPair server = Curve.newKeyPair();
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            Curve.server(router, server);
            int port = router.bindToRandomPort("tcp://127.0.0.1");
            ZMQ.Socket good = Dealers.connect(ctx, "tcp://127.0.0.1:" + port, null, server.publicKey);
            ZMQ.Socket wrong = Dealers.connect(ctx, "tcp://127.0.0.1:" + port, null, Curve.newKeyPair().publicKey);
            ZMQ.Socket plain = Dealers.connect(ctx, "tcp://127.0.0.1:" + port, null);
            wrong.send("from-wrong");
            plain.send("from-plain");
            good.send("from-good");
            router.setReceiveTimeOut(5000);
            assertThat(router.recv()).isNotNull(); // identity
            assertThat(router.recvStr()).isEqualTo("from-good");
            router.setReceiveTimeOut(700);
            assertThat(router.recv()).as("a message over a connection without the server's key").isNull();
        }
        assertThatThrownBy(() -> Curve.client(null, "short")).hasMessageContaining("40 characters");
    }
}
