package org.jparallel.kernel;

import com.google.gson.JsonObject;
import org.jparallel.kernel.core.Json;
import org.jparallel.wire.Message;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Shutdown on control and shell, with the restart flag, running the registered shutdown hooks. */
class LifecycleIT {
    static final Duration T = Duration.ofSeconds(60);

    @Test
    void shutdownOnControlRepliesRunsHooksAndExits() throws Exception {
        Path marker = Path.of("target", "kernel-logs", "shutdown-hook-ran.txt").toAbsolutePath();
        Files.deleteIfExists(marker);
        try (KernelProcess kernel = KernelProcess.start("shutdown-control"); KernelClient client = kernel.client()) {
            KernelClient.Execution reg = client.execute("org.jparallel.notebook.CellContext.current().onShutdown(() -> {\n"
                    + "  try { java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + marker + "\"), \"stopped\"); }\n"
                    + "  catch (java.io.IOException e) { throw new java.io.UncheckedIOException(e); }\n});", T);
            assertThat(reg.status()).isEqualTo("ok");
            // A long cell runs while shutdown arrives on control: it must not block the shutdown.
            client.executeAsync("System.out.println(\"busy\"); while (true) { Thread.onSpinWait(); }");
            Message req = client.send(client.control, "shutdown_request", Json.obj("restart", true));
            Message reply = client.controlReply(req, T);
            assertThat(reply.type()).isEqualTo("shutdown_reply");
            assertThat(reply.contentString("status", "")).isEqualTo("ok");
            assertThat(reply.contentBoolean("restart", false)).isTrue();
            assertThat(client.nextIopub(req, "shutdown_reply", T)).as("shutdown_reply is broadcast on iopub").isNotNull();
            assertThat(kernel.process.waitFor(30, TimeUnit.SECONDS)).as("kernel exits; log:\n%s", kernel.logText()).isTrue();
            assertThat(kernel.process.exitValue()).isZero();
            assertThat(Files.readString(marker)).isEqualTo("stopped");
        }
    }

    @Test
    void shutdownOnShellAlsoWorks() throws Exception {
        try (KernelProcess kernel = KernelProcess.start("shutdown-shell"); KernelClient client = kernel.client()) {
            Message req = client.send(client.shell, "shutdown_request", Json.obj("restart", false));
            Message reply = client.shellReply(req, T);
            assertThat(reply.contentString("status", "")).isEqualTo("ok");
            assertThat(reply.contentBoolean("restart", true)).isFalse();
            assertThat(kernel.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(kernel.process.exitValue()).isZero();
        }
    }

    @Test
    void requestsSentRightAtLaunchAreAnsweredInOrder() throws Exception {
        // Sent before the kernel has even bound its sockets: kernel_info is answered at once,
        // the execute_request waits for JShell to be ready and then runs.
        try (KernelProcess kernel = KernelProcess.start("cold-start"); KernelClient client = new KernelClient(kernel.info)) {
            Message info = client.send(client.shell, "kernel_info_request", new JsonObject());
            Message exec = client.executeAsync("int first = 1;",
                    "user_expressions", Json.obj("v", "first + 41"));
            Message infoReply = client.shellReply(info, T);
            assertThat(infoReply).as("kernel_info_reply; log:\n%s", kernel.logText()).isNotNull();
            Message execReply = client.shellReply(exec, T);
            assertThat(execReply.contentString("status", "")).isEqualTo("ok");
            assertThat(execReply.content().get("execution_count").getAsInt()).isEqualTo(1);
            assertThat(execReply.content().getAsJsonObject("user_expressions").getAsJsonObject("v")
                    .getAsJsonObject("data").get("text/plain").getAsString()).isEqualTo("42");
        }
    }
}
