package org.jparallel.jshell;

import java.util.concurrent.atomic.AtomicInteger;

/** A class on the test class path that cells use, to check that they share it with the host. */
public final class SharedProbe {
    public static final AtomicInteger COUNTER = new AtomicInteger();

    private SharedProbe() {
    }
}
