package org.jparallel.kernel.frontend;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Java clusters" panel in JupyterLab (labextension/), in headless Chromium, as a user
 * drives it: the profiles listed; 2 engines on example-shas (launcher mpi), Start, running with
 * engines 0 and 1; the cluster outlives the page; a cluster started and stopped with jpcluster
 * in a terminal shows in the open panel; Stop; failing starts and a broken profile show
 * sentences.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ClustersPanelIT {
    private static Path work;
    private static Map<String, String> env;
    private static JupyterServer lab;

    /** What one profile's row showed. */
    record Row(String profile, String where, String state, String owner, String uptime, String error, String engines,
               boolean startEnabled, boolean stopEnabled) {
    }

    /** What clusters-panel.js reports. */
    record Report(String phase, String error, List<String> consoleErrors, String tabIcon, JsonObject header, List<Row> before,
                  Row running, double startSeconds, Row later, List<String> seen, Row reopened, Row cliRunning,
                  long cliRunningMs, Row cliStopped, long cliStoppedMs, Row stopped, List<String> stopSeen, Row badSlots,
                  Row broken, int missingPost, Row missing, Row connectWithoutNotebook, CellText connectCell,
                  CellText pxAfterStop) {
    }

    /** A notebook cell's input and output texts. */
    record CellText(String input, String output) {
    }

    @BeforeAll
    static void startLab() throws Exception {
        work = FrontendFixtures.freshWorkDir("clusters-panel");
        Path extension = Toolchain.venvBin().getParent().resolve("share/jupyter/labextensions/jparallel-lab/package.json");
        assertThat(extension).as("the Java clusters panel is not installed in the venv: run ./install.sh --with-browser").isRegularFile();
        env = new HashMap<>();
        FrontendFixtures.isolateClusters(env, work);
        // The server extension runs this build's jpcluster with this build's jars.
        env.put("JPARALLEL_JPCLUSTER", Toolchain.repo().resolve("bin/jpcluster").toString());
        env.put("JPARALLEL_CLASSPATH", Toolchain.repo().resolve("kernel/target/lib").toString() + File.separator + "*");
        env.put("JAVA_HOME", Toolchain.java().getParent().getParent().toString());
        jpcluster("profile", "create", "example-shas", "-n", "1", "--mpirun-args", "--host localhost:2");
        jpcluster("profile", "create", "bad-slots", "-n", "1", "--mpirun-args", "--host localhost:1");
        jpcluster("profile", "create", "cli-made", "-n", "1", "--launcher", "local");
        Files.writeString(Path.of(env.get("JPARALLEL_CONFIG_DIR"), "profiles", "broken.properties"), "engines=two\n");
        Path root = FrontendFixtures.notebookRoot(work);
        Files.writeString(root.resolve("connect.ipynb"), """
                {"cells": [{"cell_type": "code", "execution_count": null, "id": "c1", "metadata": {}, "outputs": [], "source": ""}],
                 "metadata": {"kernelspec": {"display_name": "Java (parallel)", "language": "java", "name": "java-parallel"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """);
        lab = JupyterServer.start(JupyterServer.Kind.LAB, work, root, env);
    }

    @AfterAll
    static void stopLab() throws Exception {
        try {
            for (String p : List.of("example-shas", "bad-slots", "cli-made")) {
                run("stop", "--profile", p); // a cluster a failed test left behind
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    /** bin/jpcluster with the test's profiles and runtime directory; fails unless it exits 0. */
    private static String jpcluster(String... args) throws Exception {
        String[] r = run(args);
        assertThat(r[0]).as("jpcluster %s: %s", String.join(" ", args), r[2]).isEqualTo("0");
        return r[1];
    }

    /** {exit code, stdout, stderr} of bin/jpcluster (bounded: 180 s). */
    private static String[] run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Toolchain.repo().resolve("bin/jpcluster").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "jpcluster", ".out");
        Path err = Files.createTempFile(work, "jpcluster", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            ProcessTrees.stop(p.toHandle(), Duration.ofSeconds(5));
            throw new AssertionError("jpcluster " + String.join(" ", args) + " did not finish within 180 s");
        }
        return new String[]{Integer.toString(p.exitValue()), Files.readString(out), Files.readString(err)};
    }

    /** Runs one phase of clusters-panel.js against the server; fails with what the page showed. */
    private static Report phase(String phase, Path shot) throws Exception {
        Path script = Toolchain.repo().resolve("kernel/src/test/browser/clusters-panel.js");
        Path result = work.resolve("panel-" + phase + ".json");
        Path log = work.resolve("browser-panel-" + phase + ".log");
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        Files.createDirectories(shot.getParent());
        ProcessBuilder pb = new ProcessBuilder(Toolchain.node(), script.toString(), "--base", lab.base(), "--token", lab.token(),
                "--phase", phase, "--result", result.toString(), "--screenshot", shot.toString(),
                "--jpcluster", Toolchain.repo().resolve("bin/jpcluster").toString(), "--profile", profile.toString(),
                "--timeout", "420").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("JPARALLEL_CHROMIUM", Toolchain.chromium().toString());
        pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process p = pb.start();
        boolean ended;
        try {
            ended = p.waitFor(480, TimeUnit.SECONDS);
        } finally {
            ProcessTrees.stop(p.toHandle(), Duration.ofSeconds(5));
            List<ProcessHandle> left = ProcessTrees.kill(ProcessTrees.withArgument(profile.toString()));
            assertThat(left).as("Chromium processes still alive after the run").isEmpty();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as("the browser run ended within 480 s:\n" + output).isTrue();
        assertThat(result).as("the browser run wrote its result (exit " + p.exitValue() + "):\n" + output).isRegularFile();
        Report r = new Gson().fromJson(Files.readString(result, StandardCharsets.UTF_8), Report.class);
        assertThat(r.error()).as("the %s phase failed: %s\n%s\nserver log:\n%s\nscreenshot: %s", phase, r.error(), output,
                lab.logTail(), shot).isNull();
        return r;
    }

    @Test
    void notebook7ShowsThePanelFromItsViewMenu() throws Exception {
        // The same server serves Notebook 7's pages (/notebooks/...), with the same extensions.
        Report r = phase("notebook7", FrontendFixtures.screenshot("clusters-panel-notebook7.png"));
        assertThat(r.header().get("text").getAsString()).isEqualTo("Java clusters");
        assertThat(r.before()).extracting(Row::profile).contains("default", "example-shas", "bad-slots", "cli-made", "broken");
        assertThat(row(r.before(), "example-shas").where()).isEqualTo("mpi · hosts localhost:2 · 1 engine");
    }

    /** {status, message} of a request to the panel's REST API (with the server's token unless {@code token} is false). */
    private static Object[] api(String method, String path, String body, boolean token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(lab.base() + "/jparallel/clusters" + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token) {
            b.header("Authorization", "token " + lab.token());
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        String message = "";
        if (r.body().startsWith("{")) {
            JsonObject o = JsonParser.parseString(r.body()).getAsJsonObject();
            message = o.has("message") && o.get("message").isJsonPrimitive() ? o.get("message").getAsString() : "";
        }
        return new Object[]{r.statusCode(), message};
    }

    @Test
    void theRestApiNeedsTheTokenAndAnswersBadRequestsWithSentences() throws Exception {
        assertThat(api("GET", "?since=-1", null, false)[0]).as("without the token").isEqualTo(403);
        assertThat(api("POST", "/example-shas", "{\"action\": \"start\"}", false)[0]).as("without the token").isEqualTo(403);
        assertThat(api("GET", "?since=abc", null, true)).containsExactly(400,
                "since must be a whole number (a version the panel saw), not 'abc'");
        assertThat(api("POST", "/bad%20name", "{\"action\": \"start\"}", true)).containsExactly(400,
                "'bad name' is not a profile name: use letters, digits, '.', '_' and '-' (at most 64, starting with a letter or digit)");
        assertThat(api("POST", "/example-shas", "{\"action\": \"explode\"}", true)).containsExactly(400,
                "unknown action \"explode\": use start, stop or restart");
        assertThat(api("POST", "/example-shas", "{\"action\": \"start\", \"engines\": 0}", true)).containsExactly(400,
                "the number of engines must be a whole number between 1 and 4096, not 0");
        assertThat(api("POST", "/example-shas", "start please", true)).containsExactly(400, "the request body is not JSON");
        assertThat(api("POST", "/example-shas", "{\"action\": \"" + "x".repeat(5000) + "\"}", true)).containsExactly(413,
                "the request body is longer than 4096 bytes");
        JsonObject state = JsonParser.parseString(get("?since=-1")).getAsJsonObject();
        assertThat(state.has("version") && state.has("profiles") && state.has("clusters") && state.has("actions")).as(state.toString()).isTrue();
    }

    private static String get(String path) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(lab.base() + "/jparallel/clusters" + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "token " + lab.token()).GET().build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Row row(List<Row> rows, String profile) {
        return rows.stream().filter(r -> r.profile().equals(profile)).findFirst()
                .orElseThrow(() -> new AssertionError("the panel lists no profile " + profile + ": " + rows));
    }

    @Test
    void startWatchAndStopClustersFromThePanel() throws Exception {
        Report start = phase("start", FrontendFixtures.screenshot("clusters-panel-running.png"));
        assertThat(start.header().get("text").getAsString()).isEqualTo("Java clusters");
        assertThat(start.header().get("logo").getAsInt()).as("the kernel logo loaded").isEqualTo(64);
        assertThat(start.tabIcon()).as("the side bar tab shows the logo").endsWith(".png");
        assertThat(start.before()).extracting(Row::profile).contains("default", "example-shas", "bad-slots", "cli-made", "broken");
        Row shas = row(start.before(), "example-shas");
        assertThat(shas.where()).isEqualTo("mpi · hosts localhost:2 · 1 engine");
        assertThat(shas.state()).isEqualTo("stopped");
        assertThat(shas.engines()).isEqualTo("1");
        assertThat(row(start.before(), "default").where()).contains("built in");

        assertThat(start.running().state()).matches("running: engines 0, 1 on \\S+");
        assertThat(start.running().owner()).startsWith("owner jpcluster (pid ");
        assertThat(start.running().stopEnabled()).isTrue();
        assertThat(start.running().startEnabled()).isFalse();
        assertThat(start.later().uptime()).matches("up \\d+s");
        assertThat(start.seen()).as("states shown while starting").anySatisfy(s -> assertThat(s).startsWith("start"));
        System.out.printf("panel: Start to running with 2 engines shown in %.1f s; states shown: %s%n", start.startSeconds(), start.seen());

        // The browser is gone; the cluster it started is the user's, running under jpcluster's daemon.
        JsonObject status = JsonParser.parseString(jpcluster("status", "--profile", "example-shas", "--json")).getAsJsonObject();
        assertThat(status.get("state").getAsString()).isEqualTo("running");
        assertThat(status.get("owner").getAsString()).isEqualTo("jpcluster");
        assertThat(status.get("ready").getAsInt()).isEqualTo(2);

        Report stop = phase("stop", FrontendFixtures.screenshot("clusters-panel-stopped.png"));
        assertThat(stop.reopened().state()).startsWith("running: engines 0, 1 on ");
        assertThat(stop.connectCell().input()).startsWith("// attach to the running cluster of profile example-shas")
                .contains("Cluster cluster = Cluster.connect(\"example-shas\");");
        assertThat(stop.connectCell().output()).contains("profile: example-shas").contains("IDs: [0, 1]");
        assertThat(stop.cliRunning().state()).startsWith("running: engine 0 on ");
        assertThat(stop.cliStopped().state()).isEqualTo("stopped");
        System.out.printf("panel: a jpcluster start showed as running %d ms after the command returned; a jpcluster stop "
                + "as stopped after %d ms%n", stop.cliRunningMs(), stop.cliStoppedMs());
        assertThat(stop.stopped().state()).isEqualTo("stopped");
        assertThat(stop.stopped().startEnabled()).isTrue();
        assertThat(stop.stopSeen()).as("states shown while stopping").contains("stopped");
        assertThat(run("status", "--profile", "example-shas")[0]).as("jpcluster sees no cluster").isEqualTo("1");
        assertThat(stop.pxAfterStop().output()).as("the notebook's %%px after the Stop")
                .contains("no engine of the cluster is running");

        assertThat(stop.badSlots().error()).contains("mpirun").contains("not enough slots");
        assertThat(stop.broken().error()).contains("broken.properties").contains("engines=two, which is not a whole number");
        assertThat(stop.broken().startEnabled()).isFalse();
        assertThat(stop.missingPost()).isEqualTo(202);
        assertThat(stop.missing().error()).contains("no cluster is running for profile 'no-such-profile'");
        assertThat(start.connectWithoutNotebook().error()).isEqualTo("Open a notebook first: the code goes into the active notebook.");
        assertThat(start.consoleErrors()).as("console errors").isEmpty();
    }
}
