package org.jparallel.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Engines on other hosts (the hosts launcher) as a user drives them: the real kernel, profiles
 * that name hosts, two network namespaces with their own host names standing in for the hosts,
 * reached by mpirun through an rsh agent. The tutorial notebook's cells run unchanged on a two-host
 * profile; a host that lacks java, a host that does not resolve or cannot be reached, a host whose
 * network is cut, and nothing left running after stop or a killed kernel.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostsIT {
    static final Duration T = Duration.ofSeconds(120);
    /** The tutorial's profile: here a two-host one, so its cells run on the hosts as they stand. */
    static final String PROFILE = "example-shas";
    static NetnsHosts hosts;
    static KernelProcess kernel;
    static KernelClient client;
    static Path dirs;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(NetnsHosts.possible(), "network namespaces as hosts need root, iproute2 and unshare");
        hosts = NetnsHosts.up();
        dirs = Files.createTempDirectory("hosts-it");
        Path profiles = dirs.resolve("config/profiles");
        Files.createDirectories(profiles);
        String agent = "hosts.rsh_agent=" + hosts.agent() + "\n";
        // as a user makes it: naming hosts picks the hosts launcher
        String made = jpcluster("profile", "create", PROFILE, "-n", "2", "--hosts", "hostA:1,hostB:1", "--rsh-agent",
                hosts.agent().toString());
        assertThat(made).contains("profile '" + PROFILE + "' written");
        assertThat(jpcluster("profile", "show", PROFILE)).containsPattern("launcher\\s+hosts\n")
                .containsPattern("hosts.list\\s+hostA:1,hostB:1\n");
        // java at a path that exists here and on hostA, not on hostB
        hosts.lack("hostB", "/etc/jph-java");
        Files.createSymbolicLink(Path.of("/etc/jph-java/java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Files.writeString(profiles.resolve("lacking.properties"),
                "launcher=hosts\nengines=2\nhosts.list=hostA:1,hostB:1\njava=/etc/jph-java/java\n" + agent);
        Files.writeString(profiles.resolve("unresolved.properties"), "launcher=hosts\nengines=2\nhosts.list=nosuch:1,hostA:1\n" + agent);
        Files.writeString(profiles.resolve("unreached.properties"),
                "launcher=hosts\nengines=2\nhosts.list=hostA:1,nosuch:1\nhosts.network=" + NetnsHosts.NETWORK + "\n" + agent);
        kernel = KernelProcess.start("hosts");
        client = kernel.client();
        CellRun isolate = run("System.setProperty(\"jparallel.config.dir\", \"" + dirs.resolve("config") + "\");\n"
                + "System.setProperty(\"jparallel.runtime.dir\", \"" + dirs.resolve("runtime") + "\");\n"
                + "import org.jparallel.cluster.*;");
        assertThat(isolate.status()).isEqualTo("ok");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
            if (kernel != null) {
                kernel.close();
            }
        } finally {
            if (hosts != null) {
                hosts.close();
            }
            if (dirs != null) {
                try (var walk = Files.walk(dirs)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Runs bin/jpcluster on this test's profiles and clusters (bounded: 60 s); its stdout and stderr. */
    static String jpcluster(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NetnsHosts.repo().resolve("bin/jpcluster").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("KERNELSPEC_DIR");
        pb.environment().put("JPARALLEL_CLASSPATH", KernelProcess.classPath());
        pb.environment().put("JPARALLEL_CONFIG_DIR", dirs.resolve("config").toString());
        pb.environment().put("JPARALLEL_RUNTIME_DIR", dirs.resolve("runtime").toString());
        Process p = pb.start();
        java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes());
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jpcluster " + String.join(" ", args) + " did not end within 60 s");
        }
        return out.get();
    }

    static CellRun run(String code) {
        return CellRun.run(client, code, T);
    }

    /** The code cells of the tutorial notebook, as a user runs them. */
    static List<String> tutorialCells() throws Exception {
        JsonObject nb = JsonParser.parseString(Files.readString(NetnsHosts.repo().resolve("notebooks/parallel-tutorial.ipynb")))
                .getAsJsonObject();
        List<String> cells = new ArrayList<>();
        nb.getAsJsonArray("cells").forEach(c -> {
            JsonObject o = c.getAsJsonObject();
            if (o.get("cell_type").getAsString().equals("code")) {
                StringBuilder sb = new StringBuilder();
                o.getAsJsonArray("source").forEach(l -> sb.append(l.getAsString()));
                cells.add(sb.toString());
            }
        });
        return cells;
    }

    @Test
    @Order(1)
    void aHostThatLacksJavaOrCannotBeReachedIsNamedBeforeAnythingStarts() {
        long t0 = System.nanoTime();
        CellRun lacking = run("%cluster start -n 2 --profile lacking");
        assertThat(lacking.status()).isEqualTo("error");
        assertThat(lacking.evalue()).contains("host hostB lacks /etc/jph-java/java (the engines' java)")
                .contains("must be at the same paths on every host").doesNotContain("host hostA");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a clear error, not a start timeout").isLessThan(Duration.ofSeconds(30));

        CellRun unresolved = run("%cluster start -n 2 --profile unresolved");
        assertThat(unresolved.status()).isEqualTo("error");
        assertThat(unresolved.evalue()).contains("the host name 'nosuch' does not resolve");

        CellRun unreached = run("%cluster start -n 2 --profile unreached");
        assertThat(unreached.status()).isEqualTo("error");
        assertThat(unreached.evalue()).contains("host nosuch cannot be reached: `" + hosts.agent() + " nosuch ...` exited with status 255"
                + " and said: rsh-netns: nosuch: no such host").doesNotContain("host hostA");
    }

    @Test
    @Order(2)
    void theTutorialRunsOnTwoHosts() throws Exception {
        List<String> cells = tutorialCells();
        CellRun start = run(cells.get(0));
        assertThat(start.status()).as(start.view().error() + "\n" + kernel.logText()).isEqualTo("ok");
        assertThat(start.text()).contains("profile: " + PROFILE).contains("IDs: [0, 1]");

        CellRun hostNames = run(cells.get(1));
        assertThat(hostNames.status()).as(hostNames.view().error()).isEqualTo("ok");
        assertThat(hostNames.text()).contains("[stdout:0] hosts: hostA\n").contains("[stdout:1] hosts: hostB\n")
                .contains("squares: [0, 1, 4, 9, 16, 25");

        // MPI send/recv from rank 0 on hostA to rank 1 on hostB, over TCP on the hosts' network
        CellRun mpi = run(cells.get(2));
        assertThat(mpi.status()).as(mpi.view().error()).isEqualTo("ok");
        Matcher sent = Pattern.compile("0: sent data to 1: (\\[[0-9, ]+])").matcher(mpi.text());
        assertThat(sent.find()).as(mpi.text()).isTrue();
        assertThat(mpi.text()).contains("[stdout:1] 1: received data from 0: " + sent.group(1));

        assertThat(jpcluster("list")).containsPattern(PROFILE + "\\s+2/2\\s+running\\s+kernel\\s+\\d+\\s+hosts\\s+\\S+\\s+hostA,hostB\\s+mpirun \\(pid \\d+\\) on hostA, hostB\n");
        assertThat(jpcluster("status", "--profile", PROFILE)).containsPattern("engine 0: running.*, pid \\d+ on hostA\n")
                .containsPattern("engine 1: running.*, pid \\d+ on hostB\n");
        CellRun status = run("%cluster status");
        // what the notebook showed, kept for the README's example
        Path shown = Path.of("target", "hosts-it", "tutorial-output.txt");
        Files.createDirectories(shown.getParent());
        Files.writeString(shown, String.join("\n----\n", start.text(), hostNames.text(), mpi.text(), status.text()));
        assertThat(status.text()).contains("hosts").containsPattern("engine 0: running.*, pid \\d+ on hostA\n")
                .containsPattern("engine 1: running.*, pid \\d+ on hostB\n");
    }

    @Test
    @Order(3)
    void theControllerListensOnlyOnTheHostsNetworkAndOnlyToTheKey() throws Exception {
        // every TCP port the kernel listens on beyond loopback is on the bridge's address: the engine
        // port only (the client port stays on loopback unless controller.client.bind asks otherwise)
        Process ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
        String listening = new String(ss.getInputStream().readAllBytes());
        ss.waitFor();
        List<String> mine = listening.lines().filter(l -> l.contains("pid=" + kernel.process.pid() + ",")).toList();
        assertThat(mine).isNotEmpty();
        assertThat(mine.stream().filter(l -> !l.matches(".*[\\[ ](::ffff:)?127\\.0\\.0\\.1]?:\\d+ .*")).toList())
                .hasSize(1).allSatisfy(l -> assertThat(l).containsPattern("[\\[ ](::ffff:)?" + NetnsHosts.BRIDGE_ADDRESS + "]?:\\d+ "));
        JsonObject info = JsonParser.parseString(Files.readString(dirs.resolve("runtime/cluster-" + PROFILE + ".json")))
                .getAsJsonObject();
        assertThat(info.get("engineEndpoint").getAsString()).startsWith("tcp://" + NetnsHosts.BRIDGE_ADDRESS + ":");
        assertThat(info.get("clientEndpoint").getAsString()).startsWith("tcp://127.0.0.1:");
        assertThat(info.get("curveServerKey").getAsString().split(",")[0]).hasSize(40);
        // a stranger on the hosts' network without the cluster's CURVE keys gets no answer, whatever it sends
        try (ZContext ctx = new ZContext()) {
            ZMQ.Socket s = ctx.createSocket(SocketType.DEALER);
            s.setLinger(0);
            s.connect(info.get("engineEndpoint").getAsString());
            s.send("status_request");
            ZMQ.Poller poller = ctx.createPoller(1);
            poller.register(s, ZMQ.Poller.POLLIN);
            assertThat(poller.poll(2000)).isZero();
        }
    }

    @Test
    @Order(4)
    void aHostWhoseNetworkIsCutIsNamedWithinSeconds() throws Exception {
        hosts.cut("hostB");
        try {
            cutAndStop();
        } finally {
            hosts.mend("hostB");
        }
    }

    private void cutAndStop() throws Exception {
        long t0 = System.nanoTime();
        CellRun px = run("%px engineId");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(px.status()).isEqualTo("error");
        assertThat(px.view().error() + px.evalue()).contains("engine 1 on host hostB stopped answering");
        assertThat(took).as("the cut is reported (the issue: within 30 s)").isLessThan(Duration.ofSeconds(30));
        CellRun status = run("%cluster status");
        assertThat(status.text()).containsPattern("engine 1: dead, pid \\d+ on hostB");

        CellRun stopped = run("%cluster stop");
        assertThat(stopped.status()).as(stopped.view().error()).isEqualTo("ok");
        assertThat(hosts.awaitNothingRunning(20)).as("left running on the hosts after stop").isEmpty();
    }

    @Test
    @Order(5)
    void nothingIsLeftOnTheHostsWhenTheKernelIsKilled() throws Exception {
        CellRun start = run("%cluster start -n 2 --profile " + PROFILE);
        assertThat(start.status()).as(start.view().error() + "\n" + kernel.logText()).isEqualTo("ok");
        assertThat(hosts.processes()).contains("jph-hostA").contains("jph-hostB");
        kernel.signal("KILL");
        // the engines hear nothing from their controller for 6 s and exit; mpirun's daemons follow
        assertThat(hosts.awaitNothingRunning(30)).as("left running on the hosts after the kernel was killed").isEmpty();
        client.close();
        client = null;
    }
}
