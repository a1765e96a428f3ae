package org.jparallel.engine;

/** Where an engine runs a request handler. */
public enum HandlerMode {
    /**
     * On the execution thread, one request at a time in arrival order, together with
     * execute requests (so a handler sees the JShell state the cells before it left).
     */
    EXECUTION,
    /**
     * At once on the engine's I/O thread, even while a request runs. Must be quick and never
     * block (interrupts, stack dumps, status queries).
     */
    CONTROL
}
