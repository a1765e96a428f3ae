package org.jparallel.kernel;

import java.util.List;

/**
 * How a cell (or part of one) ended: ok with an optional value, or an error shown like an
 * exception. valueText is the value's text/plain form (JShell's rendering for Java values).
 */
record CellOutcome(boolean ok, boolean hasValue, Object value, String valueText,
                   String ename, String evalue, List<String> traceback) {

    static final CellOutcome EMPTY = new CellOutcome(true, false, null, null, null, null, List.of());

    static CellOutcome value(Object value, String valueText) {
        return new CellOutcome(true, true, value, valueText, null, null, List.of());
    }

    static CellOutcome error(String ename, String evalue, List<String> traceback) {
        List<String> tb = traceback == null || traceback.isEmpty() ? List.of(ename + ": " + evalue) : List.copyOf(traceback);
        return new CellOutcome(false, false, null, null, ename, evalue, tb);
    }
}
