package org.jparallel.cluster.launch.hosts;

import org.jparallel.cluster.model.ClusterException;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Optional;

/**
 * The network the engines and MPI use, and this machine's address on it (the controller binds
 * that address, and only that). Given as a CIDR, or found from the route to the first host: the
 * source address the kernel picks to reach it, and the prefix of the interface that has it.
 *
 * @param cidr    the network, e.g. 10.78.0.0/24 (for Open MPI's oob_tcp_if_include, btl_tcp_if_include)
 * @param address this machine's address on it, e.g. 10.78.0.1
 */
record HostNetwork(String cidr, String address) {

    /** The network named by CIDR, with this machine's address on it; the exception says when there is none. */
    static HostNetwork named(String cidr) {
        String[] parts = cidr.trim().split("/");
        InetAddress net;
        int prefix;
        try {
            if (parts.length != 2 || !parts[0].matches("[0-9.]+")) {
                throw new IllegalArgumentException();
            }
            net = InetAddress.getByName(parts[0]);
            prefix = Integer.parseInt(parts[1]);
            if (!(net instanceof Inet4Address) || prefix < 0 || prefix > 32) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException | UnknownHostException e) {
            throw new ClusterException("'" + cidr + "' is not a network: give an IPv4 network as ADDRESS/PREFIX, e.g. 10.1.0.0/16");
        }
        for (InterfaceAddress a : interfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address && within(a.getAddress(), net, prefix)) {
                return new HostNetwork(network(net, prefix), a.getAddress().getHostAddress());
            }
        }
        throw new ClusterException("this machine has no address on the network " + cidr + " (its addresses: "
                + String.join(", ", interfaceAddresses().stream().filter(a -> a.getAddress() instanceof Inet4Address)
                .map(a -> a.getAddress().getHostAddress() + "/" + a.getNetworkPrefixLength()).toList())
                + "): give the network that connects it to the hosts with --network");
    }

    /** The network of the route from this machine to the host: the source address and its interface's prefix. */
    static HostNetwork towards(String host) {
        InetAddress target;
        try {
            target = Inet4Address.getByName(host);
        } catch (UnknownHostException e) {
            throw new ClusterException("the host name '" + host + "' does not resolve (not in DNS or /etc/hosts), so the network"
                    + " to it is unknown: check the name, or give the network with --network CIDR");
        }
        InetAddress source;
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(target, 9); // no packet is sent: this only asks the kernel for the route
            source = s.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            throw new ClusterException("there is no route from this machine to " + host + " (" + target.getHostAddress() + "): "
                    + e.getMessage());
        }
        if (source == null || source.isAnyLocalAddress()) {
            throw new ClusterException("there is no route from this machine to " + host + " (" + target.getHostAddress() + ")");
        }
        for (InterfaceAddress a : interfaceAddresses()) {
            if (a.getAddress().equals(source)) {
                return new HostNetwork(network(source, a.getNetworkPrefixLength()), source.getHostAddress());
            }
        }
        return new HostNetwork(source.getHostAddress() + "/32", source.getHostAddress());
    }

    /** The given network, else the one towards the first host. */
    static HostNetwork choose(Optional<String> cidr, String firstHost) {
        return cidr.filter(c -> !c.isBlank()).map(HostNetwork::named).orElseGet(() -> towards(firstHost));
    }

    private static java.util.List<InterfaceAddress> interfaceAddresses() {
        java.util.List<InterfaceAddress> out = new java.util.ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp()) {
                    out.addAll(ni.getInterfaceAddresses());
                }
            }
        } catch (SocketException e) {
            throw new ClusterException("cannot list this machine's network interfaces: " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean within(InetAddress a, InetAddress net, int prefix) {
        return (bits(a) & mask(prefix)) == (bits(net) & mask(prefix));
    }

    private static String network(InetAddress a, int prefix) {
        int n = bits(a) & mask(prefix);
        return ((n >>> 24) & 255) + "." + ((n >>> 16) & 255) + "." + ((n >>> 8) & 255) + "." + (n & 255) + "/" + prefix;
    }

    private static int bits(InetAddress a) {
        byte[] b = a.getAddress();
        return ((b[0] & 255) << 24) | ((b[1] & 255) << 16) | ((b[2] & 255) << 8) | (b[3] & 255);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}
