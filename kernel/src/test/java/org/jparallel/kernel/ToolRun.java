package org.jparallel.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs an external tool (Jupyter's, from the venv) with a time bound, capturing and printing its output. */
record ToolRun(int exitCode, String output) {

    static ToolRun run(ProcessBuilder pb, String stdinText, Duration timeout) throws IOException, InterruptedException {
        if (!Files.isExecutable(java.nio.file.Path.of(pb.command().get(0)))) {
            throw new AssertionError(pb.command().get(0) + " is missing: create the venv with install.sh, "
                    + "or point JPARALLEL_VENV at a venv holding the Jupyter tools");
        }
        pb.redirectErrorStream(true);
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (out) {
                        out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read is kept
            }
        });
        reader.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdinText != null) {
                in.write(stdinText.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            reader.join(5000);
            throw new AssertionError(String.join(" ", pb.command()) + " did not finish within " + timeout + "; output:\n" + out);
        }
        reader.join(10_000);
        String text;
        synchronized (out) {
            text = out.toString();
        }
        System.out.println("---- " + String.join(" ", pb.command()) + " (exit " + p.exitValue() + ")\n" + text);
        return new ToolRun(p.exitValue(), text);
    }
}
