package org.jparallel.protocol;

import java.util.List;
import java.util.Objects;

/**
 * How a cell, a part of one or a magic ended, in the shape of Jupyter's execute_reply: OK with an
 * optional value, or ERROR (a compile error, an exception, a magic's failure) or INTERRUPTED with
 * the error's name, one-line value and traceback lines. The Evaluator and the magics return it;
 * the kernel shows it as execute_result or error, an engine sends it back in its reply.
 *
 * @param status    how it ended
 * @param hasValue  whether it ended with a value to show (a Java expression, a magic's result)
 * @param value     that value (boxed for primitives; may be null, as a Java expression may be)
 * @param valueText the value's text/plain form: JShell's rendering ("\"abc\"", "42",
 *                  "int[3] { 1, 2, 3 }"), or null to show it from the value itself
 * @param failure   why it did not end OK; null exactly when status is OK
 */
public record Outcome(Status status, boolean hasValue, Object value, String valueText, Failure failure) {

    /** How it ended. */
    public enum Status { OK, ERROR, INTERRUPTED }

    /**
     * Why it failed, in Jupyter's error shape.
     *
     * @param ename     "CompilationError", "Interrupted", "UsageError", an exception's class name ...
     * @param evalue    one sentence: the first diagnostic, the exception's message, the magic's reason
     * @param traceback lines to show the user, one line per element
     */
    public record Failure(String ename, String evalue, List<String> traceback) {
        public Failure {
            Objects.requireNonNull(ename, "ename");
            evalue = evalue == null ? "" : evalue;
            traceback = traceback == null ? List.of() : List.copyOf(traceback);
        }
    }

    private static final Outcome SUCCESS = new Outcome(Status.OK, false, null, null, null);

    public Outcome {
        Objects.requireNonNull(status, "status");
        if ((status == Status.OK) != (failure == null)) {
            throw new IllegalArgumentException("an outcome has a failure exactly when it is not OK, not " + status
                    + " with failure " + failure);
        }
        if (!hasValue && (value != null || valueText != null)) {
            throw new IllegalArgumentException("an outcome without a value carries no value");
        }
    }

    /** OK with nothing to show. */
    public static Outcome success() {
        return SUCCESS;
    }

    /** OK with a value to show; valueText may be null (then the value shows itself). */
    public static Outcome value(Object value, String valueText) {
        return new Outcome(Status.OK, true, value, valueText, null);
    }

    /** An error; an empty traceback becomes the one line "ename: evalue". */
    public static Outcome error(String ename, String evalue, List<String> traceback) {
        List<String> tb = traceback == null || traceback.isEmpty() ? List.of(ename + ": " + evalue) : traceback;
        return error(new Failure(ename, evalue, tb));
    }

    /** An error. */
    public static Outcome error(Failure failure) {
        return new Outcome(Status.ERROR, false, null, null, Objects.requireNonNull(failure, "failure"));
    }

    /** The cell was interrupted (ename "Interrupted"). */
    public static Outcome interrupted() {
        return new Outcome(Status.INTERRUPTED, false, null, null,
                new Failure("Interrupted", "the cell was interrupted", List.of("Interrupted: the cell was interrupted")));
    }

    /** Whether it ended OK. */
    public boolean ok() {
        return status == Status.OK;
    }

    /** The failure's name, or null when OK. */
    public String ename() {
        return failure == null ? null : failure.ename();
    }

    /** The failure's one-line value, or null when OK. */
    public String evalue() {
        return failure == null ? null : failure.evalue();
    }

    /** The failure's traceback lines; empty when OK. */
    public List<String> traceback() {
        return failure == null ? List.of() : failure.traceback();
    }
}
