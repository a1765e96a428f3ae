package org.jparallel.jshell;

/**
 * The outcome of one cell.
 *
 * @param status    OK, ERROR (compile error or exception) or INTERRUPTED
 * @param hasValue  whether the cell ended with an expression that has a value
 * @param valueText JShell's rendering of that value ("\"abc\"", "42", "int[3] { 1, 2, 3 }"), or null
 * @param value     the value object itself (boxed for primitives), or null
 * @param error     set when status is not OK
 */
public record EvalResult(Status status, boolean hasValue, String valueText, Object value, EvalError error) {

    /** How the cell ended. */
    public enum Status { OK, ERROR, INTERRUPTED }

    static EvalResult ok() {
        return new EvalResult(Status.OK, false, null, null, null);
    }

    static EvalResult value(String text, Object value) {
        return new EvalResult(Status.OK, true, text, value, null);
    }

    static EvalResult error(EvalError error) {
        return new EvalResult(Status.ERROR, false, null, null, error);
    }

    static EvalResult interrupted() {
        return new EvalResult(Status.INTERRUPTED, false, null, null,
                new EvalError("Interrupted", "the cell was interrupted", java.util.List.of("Interrupted: the cell was interrupted")));
    }
}
