package org.jparallel.kernel;

import org.jparallel.wire.ConnectionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection file with an empty key would turn off signing and the replay guard: the kernel
 * refuses to start and names the opt-in; with the opt-in it starts, warns on stderr, and works.
 */
@Timeout(180)
class UnsignedKernelIT {

    private static ConnectionInfo unsigned() throws Exception {
        int[] ports = new int[5];
        for (int i = 0; i < 5; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                ports[i] = s.getLocalPort();
            }
        }
        return new ConnectionInfo("tcp", "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4], "",
                "hmac-sha256", "java-parallel");
    }

    private static Process start(String name, ConnectionInfo info, boolean optIn, Path log) throws Exception {
        Path dir = Path.of("target", "kernel-logs").toAbsolutePath();
        Files.createDirectories(dir);
        Path conn = dir.resolve(name + "-connection.json");
        info.write(conn);
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(KernelSpecFixtures.argv(conn.toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("JPARALLEL_ALLOW_UNSIGNED");
        if (optIn) {
            pb.environment().put("JPARALLEL_ALLOW_UNSIGNED", "1");
        }
        return pb.start();
    }

    @Test
    void anEmptyKeyIsRefusedUnlessTheUserOptsIn() throws Exception {
        Path log = Path.of("target", "kernel-logs", "unsigned-refused.log").toAbsolutePath();
        Process p = start("unsigned-refused", unsigned(), false, log);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the kernel exits").isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("java-parallel kernel: the connection file's key is empty, which "
                + "would turn off message signing").contains("set JPARALLEL_ALLOW_UNSIGNED=1 in the kernel's environment");

        Path log2 = Path.of("target", "kernel-logs", "unsigned-allowed.log").toAbsolutePath();
        ConnectionInfo info = unsigned();
        Process allowed = start("unsigned-allowed", info, true, log2);
        try (KernelClient c = new KernelClient(info)) {
            c.waitForReady(Duration.ofSeconds(60));
            assertThat(c.execute("6 * 7", Duration.ofSeconds(60)).result()).isEqualTo("42");
            assertThat(Files.readString(log2)).contains("messages are NOT signed and NOT checked for replays")
                    .contains("JPARALLEL_ALLOW_UNSIGNED=1");
        } finally {
            allowed.destroy();
            if (!allowed.waitFor(10, TimeUnit.SECONDS)) {
                allowed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
