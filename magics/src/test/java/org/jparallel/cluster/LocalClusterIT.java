package org.jparallel.cluster;

import com.google.gson.JsonObject;
import org.jparallel.cluster.client.ClusterClient;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.ClusterInfo;
import org.jparallel.cluster.model.EngineStatus;
import org.jparallel.cluster.model.Profile;
import org.jparallel.cluster.model.RuntimeDir;
import org.jparallel.notebook.Progress;
import org.jparallel.protocol.ClientProtocol;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.wire.Message;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local launcher: engines as plain processes, no MPI; and the lifetime of a kernel-started cluster. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LocalClusterIT {

    @BeforeAll
    static void setUp() throws Exception {
        ClusterFixtures.isolate();
    }

    @AfterAll
    static void tearDown() {
        Cluster.closeAll();
    }

    @Test
    void localEnginesKnowTheirIdAndCountAndWriteAPrivateConnectionFile() throws Exception {
        Profile p = new Profile("it-local", 3, "local", java.util.Map.of(), List.of(), List.of(), "", "127.0.0.1", Duration.ofSeconds(120));
        Cluster c = Cluster.start(p, Progress.NONE);
        var file = RuntimeDir.user().clusterFile("it-local");
        List<Long> pids;
        try {
            assertThat(c.ids()).containsExactly(0, 1, 2);
            assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
            ClusterInfo info = ClusterInfo.read(file).orElseThrow();
            assertThat(info.owner()).isEqualTo("kernel");
            assertThat(info.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(info.clientEndpoint()).startsWith("tcp://127.0.0.1:");
            ExecuteResults r = c.execute(null, "engineId + \"/\" + engineCount").get(60, TimeUnit.SECONDS);
            assertThat(r.results()).extracting(EngineResult::textPlain).containsExactly("\"0/3\"", "\"1/3\"", "\"2/3\"");
            ExecuteResults noMpi = c.execute(List.of(0), "Class.forName(\"mpi.MPI\")").get(60, TimeUnit.SECONDS);
            assertThat(noMpi.get(0).error().ename()).isEqualTo("java.lang.ClassNotFoundException");
            assertThatThrownBy(() -> c.execute(List.of(7), "1"))
                    .isInstanceOf(ClusterException.class).hasMessageContaining("there is no engine 7").hasMessageContaining("0-2");
            assertThatThrownBy(() -> Cluster.start(p, Progress.NONE)).isInstanceOf(ClusterException.class)
                    .hasMessageContaining("already hosts the cluster 'it-local'");
            pids = c.status().engines().stream().map(EngineStatus::pid).toList();
        } finally {
            c.stop();
        }
        assertThat(file).doesNotExist();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("engine pid " + pid).isFalse();
        }
        assertThatThrownBy(() -> c.execute(null, "1")).hasMessageContaining("has no running engines");
    }

    @Test
    void connectingToAProfileWithoutAClusterSaysHowToStartOne() {
        assertThatThrownBy(() -> Cluster.connect("it-none", Duration.ofSeconds(5)))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("no cluster is running for profile 'it-none'")
                .hasMessageContaining("jpcluster start --profile it-none");
    }

    @Test
    void enginesThatCannotStartAreReportedWithTheirOwnWordsNotABareTimeout() {
        Profile p = new Profile("it-badjvm", 2, "local", java.util.Map.of(), List.of("-XX:+NoSuchJvmOption"), List.of(), "", "127.0.0.1",
                Duration.ofSeconds(60));
        assertThatThrownBy(() -> Cluster.start(p, Progress.NONE)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("the cluster 'it-badjvm' failed")
                .hasMessageContaining("only 0 of 2 engines registered")
                .hasMessageContaining("exited with status 1")
                .hasMessageContaining("Unrecognized VM option 'NoSuchJvmOption'");
        assertThat(RuntimeDir.user().clusterFile("it-badjvm")).doesNotExist();
    }

    @Test
    void aClientInTheHostingJvmTalksToItsControllerInProcessAndOtherwiseOverTcp() throws Exception {
        Profile p = new Profile("it-inproc", 2, "local", java.util.Map.of(), List.of(), List.of(), "", "127.0.0.1", Duration.ofSeconds(120));
        Cluster c = Cluster.start(p, Progress.NONE);
        ClusterInfo info = ClusterInfo.read(RuntimeDir.user().clusterFile("it-inproc")).orElseThrow();
        ClusterClient near = ClusterClient.connect(info, Duration.ofSeconds(10));
        ClusterClient far;
        System.setProperty("jparallel.inProcessLink", "false");
        try {
            far = ClusterClient.connect(info, Duration.ofSeconds(10));
        } finally {
            System.clearProperty("jparallel.inProcessLink");
        }
        try {
            assertThat(near.inProcess()).isTrue();
            assertThat(far.inProcess()).isFalse();
            for (ClusterClient client : List.of(near, far)) {
                List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
                JsonObject code = new JsonObject();
                code.addProperty("code", "System.out.println(\"hi \" + engineId); engineId * 10");
                Message reply = client.request(1, EngineProtocol.EXECUTE_REQUEST, code, List.of(), m -> seen.add(m.type()))
                        .get(60, TimeUnit.SECONDS);
                assertThat(reply.type()).isEqualTo(EngineProtocol.EXECUTE_REPLY);
                assertThat(reply.content().get("status").getAsString()).isEqualTo("ok");
                assertThat(seen).contains("stream", "execute_result").last().isEqualTo(EngineProtocol.EXECUTE_REPLY);
                // the controller's checks hold in-process too
                Message none = client.request(9, EngineProtocol.EXECUTE_REQUEST, code, List.of(), m -> { }).get(60, TimeUnit.SECONDS);
                assertThat(none.type()).isEqualTo(ClientProtocol.ENGINE_FAILURE);
                assertThat(none.content().get("evalue").getAsString()).contains("there is no engine 9");
                assertThat(client.call(ClientProtocol.STATUS_REQUEST, new JsonObject()).get(30, TimeUnit.SECONDS)
                        .content().getAsJsonArray("engines")).hasSize(2);
            }
            // a request still running when the cluster stops ends with a sentence, not a hang
            JsonObject slow = new JsonObject();
            slow.addProperty("code", "Thread.sleep(60_000);");
            var sleeping = near.request(0, EngineProtocol.EXECUTE_REQUEST, slow, List.of(), m -> { });
            c.stop();
            Message ended = sleeping.get(30, TimeUnit.SECONDS);
            // either the engine ends the interrupted cell itself, or the controller ends the request for it
            assertThat(ended.type()).isIn(ClientProtocol.ENGINE_FAILURE, EngineProtocol.EXECUTE_REPLY);
            assertThat(ended.content().get("status").getAsString()).isNotEqualTo("ok");
            if (ended.type().equals(ClientProtocol.ENGINE_FAILURE)) {
                assertThat(ended.content().get("evalue").getAsString()).contains("the cluster was stopped");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (near.lost() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(near.lost()).isEqualTo("the cluster's controller has stopped");
            assertThat(near.status().get("state").getAsString()).isEqualTo("stopped");
        } finally {
            near.close();
            far.close();
            c.stop();
        }
    }
}
