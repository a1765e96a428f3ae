package org.jparallel.kernel.frontend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JupyterLab or Notebook 7 server for a test: 127.0.0.1, a free port, a random token, its
 * own config, data, runtime and settings directories, and the build's kernelspec first on
 * JUPYTER_PATH. {@link #close()} stops it with its kernels (and their engines), whatever happens.
 */
final class JupyterServer implements AutoCloseable {
    /** Which frontend to serve. */
    enum Kind {
        LAB("jupyter-lab"), NOTEBOOK("jupyter-notebook");

        final String program;

        Kind(String program) {
            this.program = program;
        }
    }

    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final String base;
    private final String token;

    private JupyterServer(Process process, Path log, String base, String token) {
        this.process = process;
        this.log = log;
        this.base = base;
        this.token = token;
    }

    /** The server's address, e.g. http://127.0.0.1:41234 (no trailing slash). */
    String base() {
        return base;
    }

    String token() {
        return token;
    }

    /** Starts a server serving rootDir, with state kept under workDir; waits (bounded) until it answers. */
    static JupyterServer start(Kind kind, Path workDir, Path rootDir) throws IOException, InterruptedException {
        return start(kind, workDir, rootDir, Map.of());
    }

    /** Like {@link #start(Kind, Path, Path)}, with extra environment variables for the server (and its kernels). */
    static JupyterServer start(Kind kind, Path workDir, Path rootDir, Map<String, String> extraEnv) throws IOException, InterruptedException {
        Path share = BuildKernelspec.writeInto(Files.createDirectories(workDir.resolve("share")));
        Path settings = Files.createDirectories(workDir.resolve("lab-settings/@jupyterlab/apputils-extension"));
        // No news or update checks: no request leaves 127.0.0.1 and no toast covers the page.
        Files.writeString(settings.resolve("notification.jupyterlab-settings"),
                "{\"fetchNews\": \"false\", \"checkForUpdates\": false}\n");
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freePort();
            Path log = workDir.resolve(kind.name().toLowerCase() + "-server-" + attempt + ".log");
            List<String> cmd = new ArrayList<>(List.of(Toolchain.venvTool(kind.program).toString(),
                    "--no-browser", "--allow-root", "--ip=127.0.0.1", "--port=" + port, "--port-retries=0",
                    "--IdentityProvider.token=" + token, "--ServerApp.root_dir=" + rootDir,
                    "--LabApp.extension_manager=readonly", "--LabApp.news_url=None",
                    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(rootDir.toFile()).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("JUPYTER_PATH", share.toString());
            env.put("JUPYTER_CONFIG_DIR", Files.createDirectories(workDir.resolve("config")).toString());
            env.put("JUPYTER_DATA_DIR", Files.createDirectories(workDir.resolve("user-data")).toString());
            env.put("JUPYTER_RUNTIME_DIR", Files.createDirectories(workDir.resolve("runtime")).toString());
            env.put("JUPYTERLAB_SETTINGS_DIR", workDir.resolve("lab-settings").toString());
            env.put("JUPYTERLAB_WORKSPACES_DIR", Files.createDirectories(workDir.resolve("workspaces")).toString());
            FrontendFixtures.isolateClusters(env, workDir);
            env.putAll(extraEnv);
            Process p = pb.start();
            CompletableFuture<Void> running = pumpLog(p, log);
            String base = "http://127.0.0.1:" + port;
            try {
                running.get(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                checkStatus(base, token);
                return new JupyterServer(p, log, base, token);
            } catch (ExecutionException | TimeoutException | IOException e) {
                ProcessTrees.stop(p.toHandle(), Duration.ofSeconds(5));
                last = new IOException(kind.program + " did not start on port " + port + " within " + START_LIMIT.toSeconds()
                        + " s (attempt " + attempt + "): " + e.getMessage() + "\n--- end of " + log + ":\n" + tail(log), e);
                if (!Files.readString(log).contains("already in use")) {
                    break;
                }
            }
        }
        throw last;
    }

    /** Copies the server's output into its log; completes when the server says it is running, fails if it exits. */
    private static CompletableFuture<Void> pumpLog(Process p, Path log) throws IOException {
        CompletableFuture<Void> running = new CompletableFuture<>();
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            try (out; BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                    if (line.contains("is running at:")) {
                        running.complete(null);
                    }
                }
            } catch (IOException e) {
                running.completeExceptionally(new UncheckedIOException(e));
            }
            String status;
            try {
                status = p.waitFor(10, TimeUnit.SECONDS) ? "exited with status " + p.exitValue() : "closed its output";
            } catch (InterruptedException e) {
                status = "closed its output";
            }
            running.completeExceptionally(new IOException("the server " + status));
        }, "jupyter-server-log");
        t.setDaemon(true);
        t.start();
        return running;
    }

    /**
     * GET /api/status. A connection refused or closed just after the server printed its URL is
     * tried again (at most 20 times in 20 s): on a loaded machine the Java client sometimes
     * connects before the server accepts, and sees the channel closed.
     */
    private static void checkStatus(String base, String token) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/status"))
                .header("Authorization", "token " + token).timeout(Duration.ofSeconds(20)).GET().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        HttpResponse<String> resp = null;
        for (int attempt = 1; resp == null; attempt++) {
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                if (attempt >= 20 || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
        if (resp.statusCode() != 200) {
            throw new IOException("GET /api/status answered " + resp.statusCode() + ": " + resp.body());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The last lines of the server's log, for failure messages. */
    String logTail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server (it shuts its kernels down), then kills whatever of its process tree is left. */
    @Override
    public void close() {
        List<ProcessHandle> left = ProcessTrees.stop(process.toHandle(), Duration.ofSeconds(20));
        if (!left.isEmpty()) {
            throw new IllegalStateException("processes still alive after stopping the server: " + left);
        }
    }
}
