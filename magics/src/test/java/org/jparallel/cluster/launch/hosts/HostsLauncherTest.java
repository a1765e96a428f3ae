package org.jparallel.cluster.launch.hosts;

import org.jparallel.cluster.launch.Launchers;
import org.jparallel.cluster.launch.mpi.MpiProcesses;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostsLauncherTest {
    static Profile profile(int engines, Map<String, String> settings) {
        return new Profile("p", engines, "hosts", settings, List.of(), List.of(), "", "127.0.0.1", Duration.ofSeconds(60));
    }

    @Test
    void hostListsTakeMpirunsHostFormAndHostfilesOpenMpisFormat(@TempDir Path dir) throws Exception {
        HostList l = HostList.parseList("hostA:2, hostB ,hostA:1");
        assertThat(l.hosts()).containsExactly(Map.entry("hostA", 3), Map.entry("hostB", 1));
        assertThat(l.totalSlots()).isEqualTo(OptionalInt.of(4));
        assertThatThrownBy(() -> HostList.parseList("hostA:two")).hasMessageContaining("'hostA:two' in the host list is not HOST or HOST:SLOTS");
        assertThatThrownBy(() -> HostList.parseList(" , ")).hasMessageContaining("the host list is empty");
        assertThatThrownBy(() -> HostList.parseList("host;rm")).hasMessageContaining("'host;rm' in the host list is not a host name");

        Path f = dir.resolve("hosts");
        Files.writeString(f, "# the nodes\nnode1 slots=4  # big\n\nnode2\n");
        HostList h = HostList.readFile(f);
        assertThat(h.names()).containsExactly("node1", "node2");
        assertThat(h.totalSlots()).isEmpty(); // node2's slots are its cores: Open MPI counts them
        assertThat(h.describe()).isEqualTo("node1:4, node2");
        assertThatThrownBy(() -> HostList.readFile(dir.resolve("none"))).hasMessageContaining("the hostfile " + dir.resolve("none")
                + " cannot be read");
    }

    @Test
    void theNetworkIsGivenOrFoundFromTheRouteAndThisMachineHasAnAddressOnIt() {
        assertThat(HostNetwork.named("127.0.0.0/8")).isEqualTo(new HostNetwork("127.0.0.0/8", "127.0.0.1"));
        assertThat(HostNetwork.towards("127.0.0.1")).isEqualTo(new HostNetwork("127.0.0.0/8", "127.0.0.1"));
        assertThatThrownBy(() -> HostNetwork.named("198.51.100.0/24")).hasMessageContaining(
                "this machine has no address on the network 198.51.100.0/24").hasMessageContaining("--network");
        assertThatThrownBy(() -> HostNetwork.named("10.0.0.0")).hasMessageContaining("'10.0.0.0' is not a network");
        assertThatThrownBy(() -> HostNetwork.towards("no-such-host.invalid")).hasMessageContaining(
                "the host name 'no-such-host.invalid' does not resolve");
    }

    @Test
    void theCheckNamesTheHostAndTheMissingPathOrWhyTheHostCannotBeReached(@TempDir Path dir) throws Exception {
        // an rsh agent that runs the command here, as ssh would on the host: AGENT HOST COMMAND
        List<String> here = List.of("sh", "-c", "shift; exec sh -c \"$*\"", "agent");
        Path odd = Files.createFile(dir.resolve("it's here.jar"));
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(odd.toString(), "on the engines' class path");
        HostCheck.check(here, List.of("h1", "h2"), paths, Duration.ofSeconds(20));
        paths.put("/no/such/java", "the engines' java");
        assertThatThrownBy(() -> HostCheck.check(here, List.of("h1"), paths, Duration.ofSeconds(20)))
                .hasMessageStartingWith("host h1 lacks /no/such/java (the engines' java).")
                .hasMessageContaining("must be at the same paths on every host");

        List<String> refused = List.of("sh", "-c", "echo \"ssh: connect to host $1 port 22: Connection refused\" >&2; exit 255", "agent");
        assertThatThrownBy(() -> HostCheck.check(refused, List.of("h1", "h2"), paths, Duration.ofSeconds(20)))
                .hasMessageContaining("host h1 cannot be reached: `sh -c")
                .hasMessageContaining("exited with status 255 and said: ssh: connect to host h1 port 22: Connection refused;\nhost h2")
                .hasMessageContaining("works from here without a password");

        List<String> silent = List.of("sh", "-c", "sleep 30", "agent");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> HostCheck.check(silent, List.of("h1"), paths, Duration.ofMillis(500)))
                .hasMessageContaining("host h1 cannot be reached").hasMessageContaining("did not answer within 0 s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void profilesNameTheirHostsOnceAndEnoughSlots() {
        var l = new HostsLauncher();
        assertThat(Launchers.named("hosts")).isInstanceOf(HostsLauncher.class);
        assertThat(l.profileKeys()).isEqualTo(Set.of("hosts.list", "hosts.file", "hosts.rsh_agent", "hosts.network"));
        assertThatThrownBy(() -> HostsLauncher.hosts(profile(2, Map.of()))).hasMessageContaining("needs its hosts")
                .hasMessageContaining("--hosts hostA:2,hostB:2");
        assertThatThrownBy(() -> HostsLauncher.hosts(profile(2, Map.of("hosts.list", "a", "hosts.file", "/f"))))
                .hasMessageContaining("one way to name its hosts, not both");
        assertThatThrownBy(() -> l.check(profile(5, Map.of("hosts.list", "hostA:2,hostB:2"))))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("asks for 5 engines, but its hosts (hostA:2, hostB:2) give 4 slots");
        Profile p = profile(2, Map.of("hosts.list", "localhost:2", "hosts.rsh_agent", "/opt/agent -q"));
        assertThat(l.controllerBind(p)).isEqualTo("127.0.0.1");
        assertThat(HostsLauncher.mpirunArgs(p, new HostNetwork("10.1.0.0/16", "10.1.0.5"))).containsExactly("--host", "localhost:2",
                "--mca", "plm_rsh_agent", "/opt/agent -q", "--mca", "oob_tcp_if_include", "10.1.0.0/16",
                "--mca", "btl_tcp_if_include", "10.1.0.0/16", "--display-map");
    }

    @Test
    void reportsNameTheHostOfEachRankFromMpirunsJobMap() throws Exception {
        String map = " Data for JOB [123,1] offset 0 Total slots allocated 2\n\n ========================   JOB MAP   ========================\n\n"
                + " Data for node: hostA\tNum slots: 1\tMax slots: 0\tNum procs: 1\n"
                + " \tProcess OMPI jobid: [123,1] App: 0 Process rank: 0 Bound: N/A\n\n"
                + " Data for node: hostB\tNum slots: 1\tMax slots: 0\tNum procs: 1\n"
                + " \tProcess OMPI jobid: [123,1] App: 0 Process rank: 1 Bound: N/A\n";
        Process fake = new ProcessBuilder("sh", "-c", "printf '%s' \"$0\"; exec sleep 30", map).start();
        MpiProcesses mpirun = new MpiProcesses(fake, Path.of("/usr/bin/mpirun"));
        HostsEngines e = new HostsEngines(mpirun, HostList.parseList("hostA,hostB"), new HostNetwork("10.78.0.0/24", "10.78.0.1"), 2);
        try {
            assertThat(mpirun.stdout().awaitLineContaining("Process rank: 1", 10_000)).isTrue();
            assertThat(e.rankHosts()).containsExactly(Map.entry(0, "hostA"), Map.entry(1, "hostB"));
            assertThat(e.describe()).isEqualTo("mpirun (pid " + fake.pid() + ") on hostA, hostB");
            assertThat(e.toJson().get("rank_hosts").toString()).isEqualTo("{\"0\":\"hostA\",\"1\":\"hostB\"}");
            var r = e.deathReport(Map.of(1, 42L), Map.of(0, 41L, 1, 42L));
            assertThat(r.firstDead()).isEqualTo(1);
            assertThat(r.message()).startsWith("engine 1 on host hostB stopped answering (no heartbeat for over 12 s) while mpirun"
                    + " still runs: that host or the network to it (10.78.0.0/24) is down. Engines 0 still run");
            assertThat(e.startFailure(Set.of(0), 2, true, Duration.ofSeconds(60))).endsWith("Not registered: engine 1 on host hostB.");
            assertThat(e.startFailure(Set.of(), 2, true, Duration.ofSeconds(60))).contains("Not registered: engine 0 on host hostA, engine 1 on host hostB (no engine reached")
                    .contains("no engine reached the controller at 10.78.0.1, network 10.78.0.0/24");
        } finally {
            e.terminate(Duration.ofSeconds(1));
        }
        assertThat(fake.isAlive()).isFalse();
    }
}
