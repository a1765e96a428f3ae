package org.jparallel.jshell;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class of the Evaluator: its static {@code Evaluator} field holds one Evaluator (default
 * options) for all its tests, and a test's {@code Evaluator} parameter gets a fresh one of its
 * own; both are closed after use ({@link EvaluatorExtension}). Each test has 120 s.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EvaluatorExtension.class)
@Timeout(120)
@interface WithEvaluator {

    /** Whether the shared Evaluator is warmed up before the first test, as the kernel and the engines do. */
    boolean warm() default false;
}
