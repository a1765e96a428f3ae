package org.jparallel.cluster;

import org.jparallel.cluster.model.Profile;
import org.jparallel.notebook.Progress;

import java.time.Duration;
import java.util.List;

/** For LifetimeIT: a JVM that starts a cluster, prints its engines' pids and exits without stopping it. */
public final class StartAndExitMain {
    private StartAndExitMain() {
    }

    public static void main(String[] args) {
        System.setProperty("jparallel.runtime.dir", args[0]);
        Profile p = new Profile(args[1], 2, args[2], java.util.Map.of(), List.of(), List.of(), "", "127.0.0.1", Duration.ofSeconds(120));
        Cluster c = Cluster.start(p, Progress.NONE);
        StringBuilder sb = new StringBuilder("pids");
        c.status().engines().forEach(e -> sb.append(' ').append(e.pid()));
        System.out.println(sb);
        System.out.flush();
        System.exit(0); // no stop(): the shutdown hook must stop the engines
    }
}
