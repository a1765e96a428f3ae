package org.jparallel.cluster.launch.hosts;

import org.jparallel.cluster.launch.EngineLauncher;
import org.jparallel.cluster.launch.LaunchSpec;
import org.jparallel.cluster.launch.LaunchedEngines;
import org.jparallel.cluster.launch.mpi.MpiLauncher;
import org.jparallel.cluster.launch.mpi.MpiProcesses;
import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.Profile;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.support.ShellWords;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Engines on other hosts, started by Open MPI's own launcher: one mpirun reaches the hosts through
 * its rsh agent (ssh by default). The profile names the hosts (a list or a hostfile), the agent
 * and the network; the controller binds this machine's address on that network (CurveZMQ on, as
 * for every address beyond loopback), and MPI's own traffic is kept on it too.
 */
public final class HostsLauncher implements EngineLauncher {
    /** The hosts as mpirun's --host takes them: hostA:2,hostB:2. */
    public static final String LIST = "hosts.list";
    /** An Open MPI hostfile. */
    public static final String FILE = "hosts.file";
    /** How mpirun reaches a host (Open MPI's plm_rsh_agent); ssh when unset. */
    public static final String RSH_AGENT = "hosts.rsh_agent";
    /** The network of the engines and MPI, as CIDR; unset: the network of the route to the first host. */
    public static final String NETWORK = "hosts.network";
    /** How long one host may take to answer the pre-start check. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);
    /** What the check uses when no agent is set: ssh, never asking (no password prompt, no host key question). */
    private static final List<String> SSH = List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10");

    @Override
    public String name() {
        return "hosts";
    }

    @Override
    public String summary() {
        return "engines on other hosts under one mpirun (Open MPI reaches them with ssh or hosts.rsh_agent)";
    }

    @Override
    public Set<String> profileKeys() {
        return Set.of(LIST, FILE, RSH_AGENT, NETWORK);
    }

    @Override
    public Map<String, String> cliOptions() {
        return Map.of("--hosts", LIST, "--hostfile", FILE, "--rsh-agent", RSH_AGENT, "--network", NETWORK);
    }

    @Override
    public boolean usesMpi() {
        return true;
    }

    @Override
    public void check(Profile profile) {
        new MpiLauncher().check(profile);
        HostList hosts = hosts(profile);
        hosts.totalSlots().ifPresent(slots -> {
            if (slots < profile.engines()) {
                throw new ClusterException("profile '" + profile.name() + "' asks for " + profile.engines() + " engines, but its hosts ("
                        + hosts.describe() + ") give " + slots + " slots: name more slots (HOST:SLOTS), or use fewer engines");
            }
        });
        agent(profile);
        Optional.ofNullable(profile.settings().get(NETWORK)).ifPresent(HostNetwork::named);
    }

    /** The hosts of a profile, from hosts.list or hosts.file (exactly one of them). */
    static HostList hosts(Profile profile) {
        String list = profile.setting(LIST, "").trim();
        String file = profile.setting(FILE, "").trim();
        if (list.isEmpty() == file.isEmpty()) {
            throw new ClusterException("profile '" + profile.name() + "' uses the hosts launcher, so it needs "
                    + (list.isEmpty() ? "its hosts" : "one way to name its hosts, not both") + ": "
                    + "`jpcluster profile create " + profile.name() + " --hosts hostA:2,hostB:2` or `--hostfile FILE`"
                    + " (profile keys " + LIST + " or " + FILE + ")");
        }
        return list.isEmpty() ? HostList.readFile(Path.of(file)) : HostList.parseList(list);
    }

    /** The rsh agent's words as the pre-start check runs it (ssh without questions when none is set). */
    static List<String> agent(Profile profile) {
        String a = profile.setting(RSH_AGENT, "").trim();
        if (a.isEmpty()) {
            return SSH;
        }
        try {
            List<String> words = ShellWords.split(a);
            if (words.isEmpty()) {
                throw new IllegalArgumentException("no command");
            }
            return words;
        } catch (IllegalArgumentException e) {
            throw new ClusterException("profile '" + profile.name() + "': " + RSH_AGENT + " has " + e.getMessage());
        }
    }

    /** The network to use and this machine's address on it. */
    static HostNetwork network(Profile profile) {
        return HostNetwork.choose(Optional.ofNullable(profile.settings().get(NETWORK)), hosts(profile).names().get(0));
    }

    /** This machine's address on the hosts' network, unless the profile names another bind address (0.0.0.0 only then). */
    @Override
    public String controllerBind(Profile profile) {
        String bind = profile.controllerBind();
        return bind.equals("127.0.0.1") ? network(profile).address() : bind;
    }

    @Override
    public LaunchedEngines launch(LaunchSpec spec) {
        Profile profile = spec.profile();
        HostList hosts = hosts(profile);
        HostNetwork network = network(profile);
        String mpiJar = spec.environment().get(EngineProtocol.ENV_MPI_JAR);
        HostCheck.check(agent(profile), hosts.names(),
                HostCheck.needed(spec.engineCommand(), mpiJar == null ? null : Path.of(mpiJar)), CHECK_TIMEOUT);
        List<String> args = mpirunArgs(profile, network);
        args.addAll(MpiLauncher.mpirunArgs(profile));
        Profile underMpirun = profile.withSetting(MpiLauncher.ARGS, ShellWords.join(args));
        LaunchedEngines started = new MpiLauncher().launch(new LaunchSpec(underMpirun, spec.engines(), spec.engineCommand(),
                spec.environment()));
        return new HostsEngines((MpiProcesses) started, hosts, network, spec.engines());
    }

    /** mpirun's options for the hosts: which hosts, how to reach them, which network, and the job map (for reports). */
    static List<String> mpirunArgs(Profile profile, HostNetwork network) {
        List<String> args = new ArrayList<>();
        String list = profile.setting(LIST, "").trim();
        if (!list.isEmpty()) {
            args.add("--host");
            args.add(String.join(",", HostList.parseList(list).hosts().entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue()).toList()));
        } else {
            args.add("--hostfile");
            args.add(Path.of(profile.setting(FILE, "")).toAbsolutePath().toString());
        }
        String agent = profile.setting(RSH_AGENT, "").trim();
        if (!agent.isEmpty()) {
            args.addAll(List.of("--mca", "plm_rsh_agent", agent));
        }
        args.addAll(List.of("--mca", "oob_tcp_if_include", network.cidr(), "--mca", "btl_tcp_if_include", network.cidr()));
        args.add("--display-map");
        return args;
    }
}
