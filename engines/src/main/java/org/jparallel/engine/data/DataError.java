package org.jparallel.engine.data;

import java.util.List;

/** A data request failed on an engine: what the reply says (ename, evalue, engine-side trace). */
public final class DataError extends Exception {
    private static final long serialVersionUID = 1L;
    private final String ename;
    private final List<String> traceback;

    public DataError(String ename, String evalue, List<String> traceback) {
        super(evalue);
        this.ename = ename;
        this.traceback = List.copyOf(traceback);
    }

    /** A failure described by one sentence. */
    public DataError(String ename, String evalue) {
        this(ename, evalue, List.of(ename + ": " + evalue));
    }

    public String ename() {
        return ename;
    }

    public String evalue() {
        return getMessage();
    }

    public List<String> traceback() {
        return traceback;
    }

    /** A throwable from user code: its class, message and the frames of user code. */
    public static DataError of(Throwable t) {
        return new DataError(t.getClass().getName(), String.valueOf(t.getMessage()), UserTrace.lines(t));
    }
}
