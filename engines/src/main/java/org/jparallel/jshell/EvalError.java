package org.jparallel.jshell;

import java.util.List;

/**
 * Why a cell failed, in Jupyter's error shape: a name, a one-line value, and traceback lines.
 *
 * @param ename     "CompilationError", "Interrupted", or the exception's class name
 * @param evalue    the first diagnostic or the exception message
 * @param traceback lines to show the user, one line per element
 */
public record EvalError(String ename, String evalue, List<String> traceback) {
    public EvalError {
        traceback = List.copyOf(traceback);
    }
}
