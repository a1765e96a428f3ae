package org.jparallel.cluster.launch.hosts;

import org.jparallel.cluster.model.ClusterException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts of a profile, in order, with their slots when known: from a list in mpirun's
 * {@code --host} form ({@code hostA:2,hostB:2}) or from an Open MPI hostfile ({@code hostA slots=2},
 * {@code #} comments).
 *
 * @param hosts host name to slots (-1: not given, Open MPI counts the host's cores)
 */
record HostList(Map<String, Integer> hosts) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})?");
    private static final Pattern SLOTS = Pattern.compile("(?:^|\\s)slots\\s*=\\s*(\\d+)");

    HostList {
        hosts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    }

    /** Parses {@code hostA:2,hostB,hostC:4} (a host without a count has one slot, as for mpirun --host). */
    static HostList parseList(String list) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String item : list.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.lastIndexOf(':');
            String name = colon < 0 ? s : s.substring(0, colon);
            int slots = 1;
            if (colon >= 0) {
                try {
                    slots = Integer.parseInt(s.substring(colon + 1));
                } catch (NumberFormatException e) {
                    slots = -2;
                }
                if (slots < 1 || slots > 100_000) {
                    throw new ClusterException("'" + s + "' in the host list is not HOST or HOST:SLOTS (SLOTS a whole number"
                            + " from 1), e.g. hostA:2,hostB:2");
                }
            }
            add(m, name, slots, "the host list");
        }
        if (m.isEmpty()) {
            throw new ClusterException("the host list is empty: name the hosts as hostA:2,hostB:2");
        }
        return new HostList(m);
    }

    /** Reads an Open MPI hostfile: one host per line, optionally {@code slots=N}; '#' starts a comment. */
    static HostList readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ClusterException("the hostfile " + file + " cannot be read (" + e.getMessage()
                    + "): give the full path of a readable file");
        }
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash < 0 ? raw : raw.substring(0, hash)).trim();
            if (line.isEmpty()) {
                continue;
            }
            String name = line.split("\\s+")[0];
            Matcher s = SLOTS.matcher(line);
            int slots = s.find() ? Integer.parseInt(s.group(1)) : -1;
            add(m, name, slots, "the hostfile " + file);
        }
        if (m.isEmpty()) {
            throw new ClusterException("the hostfile " + file + " names no host: write one host per line, e.g. 'hostA slots=2'");
        }
        return new HostList(m);
    }

    private static void add(Map<String, Integer> m, String name, int slots, String where) {
        if (!NAME.matcher(name).matches()) {
            throw new ClusterException("'" + name + "' in " + where + " is not a host name");
        }
        m.merge(name, slots, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
    }

    /** The host names in order. */
    List<String> names() {
        return new ArrayList<>(hosts.keySet());
    }

    /** The slots of all hosts, when every host gives its count. */
    OptionalInt totalSlots() {
        int sum = 0;
        for (int s : hosts.values()) {
            if (s < 0) {
                return OptionalInt.empty();
            }
            sum += s;
        }
        return OptionalInt.of(sum);
    }

    /** "hostA:2, hostB:2" for messages. */
    String describe() {
        List<String> parts = new ArrayList<>();
        hosts.forEach((h, s) -> parts.add(s < 0 ? h : h + ":" + s));
        return String.join(", ", parts);
    }
}
