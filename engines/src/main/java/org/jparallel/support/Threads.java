package org.jparallel.support;

/**
 * Threads for our own long-lived work. They live in a thread group of ours, never in the
 * group of the code that asked for them: JShell's local execution waits for every thread of
 * a snippet's group before the cell ends.
 */
public final class Threads {
    private static final ThreadGroup GROUP = rootGroup();

    private Threads() {
    }

    private static ThreadGroup rootGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return new ThreadGroup(g, "jparallel");
    }

    /** A started daemon thread in our own group. */
    public static Thread startDaemon(String name, Runnable body) {
        Thread t = new Thread(GROUP, body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The group our threads live in. */
    public static ThreadGroup group() {
        return GROUP;
    }
}
