package org.jparallel.cluster.launch;

import org.jparallel.cluster.model.ClusterException;
import org.jparallel.cluster.model.Profile;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The launchers there are, found through {@link ServiceLoader}, by name. */
public final class Launchers {
    private static volatile Map<String, EngineLauncher> all;

    private Launchers() {
    }

    /** Every launcher, by name, sorted. */
    public static Map<String, EngineLauncher> all() {
        Map<String, EngineLauncher> m = all;
        if (m == null) {
            Map<String, EngineLauncher> found = new TreeMap<>();
            for (EngineLauncher l : ServiceLoader.load(EngineLauncher.class, Launchers.class.getClassLoader())) {
                found.putIfAbsent(l.name(), l);
            }
            all = m = Map.copyOf(found);
        }
        return new TreeMap<>(m);
    }

    /** The launcher of that name; the exception lists the ones there are. */
    public static EngineLauncher named(String name) {
        EngineLauncher l = all().get(name);
        if (l == null) {
            throw new ClusterException("unknown launcher '" + name + "'; use " + String.join(", ", all().keySet()));
        }
        return l;
    }

    /**
     * Checks a profile against the launchers: its launcher exists, and every launcher setting
     * belongs to a known launcher (a typo in a key is named, not ignored).
     */
    public static EngineLauncher forProfile(Profile profile) {
        EngineLauncher l = named(profile.launcher());
        for (String key : profile.settings().keySet()) {
            boolean known = all().values().stream().anyMatch(x -> x.profileKeys().contains(key));
            if (!known) {
                throw new ClusterException("profile '" + profile.name() + "' has an unknown key '" + key + "'");
            }
        }
        return l;
    }
}
