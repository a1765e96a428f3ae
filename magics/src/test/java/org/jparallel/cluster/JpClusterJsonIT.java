package org.jparallel.cluster;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.jparallel.cluster.model.RuntimeDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** jpcluster's --json output, as tools (the JupyterLab panel) read it, and {@code jpcluster watch --json}. */
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class JpClusterJsonIT {
    @BeforeAll
    static void setUp() throws Exception {
        ClusterFixtures.isolate();
        ClusterFixtures.mpiJar();
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (String p : RuntimeDir.user().profiles()) {
            ClusterFixtures.jpcluster("stop", "--profile", p);
        }
    }

    private static JsonObject json(ClusterFixtures.Run r) {
        String out = r.out().strip();
        assertThat(out).as("one JSON line on stdout; stderr: " + r.err()).doesNotContain("\n").startsWith("{");
        return JsonParser.parseString(out).getAsJsonObject();
    }

    private static JsonObject jsonOf(String... args) throws Exception {
        return json(ClusterFixtures.jpcluster(args));
    }

    private static List<Integer> ids(JsonObject cluster) {
        List<Integer> ids = new ArrayList<>();
        cluster.getAsJsonArray("engines").forEach(e -> ids.add(e.getAsJsonObject().get("id").getAsInt()));
        return ids;
    }

    private static JsonObject named(JsonArray a, String key, String value) {
        for (JsonElement e : a) {
            if (e.getAsJsonObject().get(key).getAsString().equals(value)) {
                return e.getAsJsonObject();
            }
        }
        return null;
    }

    @Test
    void profilesStartStatusListRestartAndStopAsJson() throws Exception {
        assertThat(ClusterFixtures.jpcluster("profile", "create", "it-json", "-n", "2", "--mpirun-args", "--host localhost:2").code()).isZero();

        JsonObject profiles = jsonOf("profile", "list", "--json");
        JsonObject def = named(profiles.getAsJsonArray("profiles"), "name", "default");
        assertThat(def.get("builtIn").getAsBoolean()).isTrue();
        JsonObject mine = named(profiles.getAsJsonArray("profiles"), "name", "it-json");
        assertThat(mine.get("engines").getAsInt()).isEqualTo(2);
        assertThat(mine.get("launcher").getAsString()).isEqualTo("mpi");
        assertThat(mine.getAsJsonArray("hosts").toString()).isEqualTo("[\"localhost:2\"]");
        assertThat(jsonOf("profile", "show", "it-json", "--json")).isEqualTo(mine);

        ClusterFixtures.Run startRun = ClusterFixtures.jpcluster("start", "--profile", "it-json", "--json");
        assertThat(startRun.code()).as(startRun.err()).isZero();
        JsonObject started = json(startRun);
        assertThat(started.get("state").getAsString()).isEqualTo("running");
        assertThat(started.get("ready").getAsInt()).isEqualTo(2);
        assertThat(started.get("owner").getAsString()).isEqualTo("jpcluster");
        assertThat(ids(started)).containsExactly(0, 1);
        long pid = started.get("pid").getAsLong();

        JsonObject status = jsonOf("status", "--profile", "it-json", "--json");
        assertThat(status.get("state").getAsString()).isEqualTo("running");
        assertThat(status.get("pid").getAsLong()).isEqualTo(pid);
        assertThat(status.getAsJsonArray("engines").get(1).getAsJsonObject().get("host").getAsString()).isNotEmpty();
        JsonObject listed = named(jsonOf("list", "--json").getAsJsonArray("clusters"), "profile", "it-json");
        assertThat(listed.get("ready").getAsInt()).isEqualTo(2);

        JsonObject restarted = jsonOf("restart", "--profile", "it-json", "--json");
        assertThat(restarted.get("state").getAsString()).isEqualTo("running");
        assertThat(restarted.get("pid").getAsLong()).as("same daemon").isEqualTo(pid);
        JsonObject fewer = jsonOf("restart", "--profile", "it-json", "-n", "1", "--json");
        assertThat(fewer.get("ready").getAsInt()).isEqualTo(1);
        assertThat(ids(fewer)).containsExactly(0);

        JsonObject stopped = jsonOf("stop", "--profile", "it-json", "--json");
        assertThat(stopped.get("state").getAsString()).isEqualTo("stopped");
        assertThat(stopped.get("message").getAsString()).startsWith("cluster 'it-json' stopped (1 engines");
        assertThat(jsonOf("list", "--json").getAsJsonArray("clusters")).isEmpty();
    }

    @Test
    void errorsAreSentencesInJson() throws Exception {
        ClusterFixtures.Run missing = ClusterFixtures.jpcluster("stop", "--profile", "it-json-missing", "--json");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(json(missing).get("error").getAsString()).contains("no cluster is running for profile 'it-json-missing'");
        ClusterFixtures.Run noMpirun = ClusterFixtures.jpclusterWith(Map.of("MPIRUN", "/nonexistent/mpirun"),
                "start", "--profile", "default", "-n", "2", "--json");
        assertThat(noMpirun.code()).isEqualTo(1);
        assertThat(json(noMpirun).get("error").getAsString()).contains("MPIRUN names /nonexistent/mpirun, which is not an executable file");
        ClusterFixtures.Run status = ClusterFixtures.jpcluster("status", "--profile", "it-json-none", "--json");
        assertThat(status.code()).isEqualTo(1);
        assertThat(json(status).get("error").getAsString()).isEqualTo("no cluster is running for profile 'it-json-none'");
    }

    /** A running {@code jpcluster watch --json}: its lines, read on a thread. */
    private static final class Watch implements AutoCloseable {
        final Process process;
        final LinkedBlockingQueue<JsonObject> lines = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();

        Watch() throws Exception {
            ProcessBuilder pb = new ProcessBuilder(ClusterFixtures.repo().resolve("bin/jpcluster").toString(), "watch", "--json");
            pb.environment().put("JPARALLEL_CLASSPATH", ClusterFixtures.classPath());
            pb.environment().put("JPARALLEL_RUNTIME_DIR", System.getProperty("jparallel.runtime.dir"));
            pb.environment().put("JPARALLEL_CONFIG_DIR", System.getProperty("jparallel.config.dir"));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            process = pb.start();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(JsonParser.parseString(l).getAsJsonObject());
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            }, "watch-reader");
            t.setDaemon(true);
            t.start();
        }

        /** The first line (within 60 s) whose cluster of this profile matches; fails naming what was seen. */
        JsonObject await(String profile, Predicate<JsonObject> cluster, String what) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                JsonObject l = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (l == null) {
                    break;
                }
                JsonObject c = named(l.getAsJsonArray("clusters"), "profile", profile);
                seen.add(c == null ? "(none)" : c.get("state").getAsString() + " " + c.get("ready") + "/" + c.get("expected"));
                if (cluster.test(c)) {
                    return c;
                }
            }
            throw new AssertionError("jpcluster watch never showed " + what + "; it showed: " + seen);
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close(); // the end of stdin ends the watch
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("jpcluster watch did not exit within 10 s of its stdin closing");
            }
        }
    }

    @Test
    void watchFollowsClustersStartedElsewhereAndKeepsAFailure() throws Exception {
        assertThat(ClusterFixtures.jpcluster("profile", "create", "it-watch", "-n", "2", "--mpirun-args", "--host localhost:2").code()).isZero();
        assertThat(ClusterFixtures.jpcluster("profile", "create", "it-watch-bad", "-n", "2", "--mpirun-args", "--host localhost:1").code()).isZero();
        try (Watch w = new Watch()) {
            JsonObject first = w.lines.poll(60, TimeUnit.SECONDS);
            assertThat(first).as("a first line").isNotNull();
            assertThat(named(first.getAsJsonArray("profiles"), "name", "it-watch")).isNotNull();

            assertThat(ClusterFixtures.jpcluster("start", "--profile", "it-watch").code()).isZero();
            JsonObject running = w.await("it-watch", c -> c != null && c.get("state").getAsString().equals("running")
                    && c.get("ready").getAsInt() == 2, "it-watch running with 2 engines");
            assertThat(ids(running)).containsExactly(0, 1);
            assertThat(running.get("owner").getAsString()).isEqualTo("jpcluster");

            assertThat(ClusterFixtures.jpcluster("stop", "--profile", "it-watch").code()).isZero();
            w.await("it-watch", c -> c == null, "it-watch gone after the stop");

            ClusterFixtures.Run bad = ClusterFixtures.jpcluster("start", "--profile", "it-watch-bad");
            assertThat(bad.code()).isEqualTo(1);
            JsonObject failed = w.await("it-watch-bad", c -> c != null && c.has("ended"), "it-watch-bad failed and ended");
            assertThat(failed.get("state").getAsString()).isEqualTo("failed");
            assertThat(failed.get("detail").getAsString()).contains("mpirun").contains("not enough slots");
        }
    }
}
