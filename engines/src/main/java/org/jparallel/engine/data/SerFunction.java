package org.jparallel.engine.data;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A function that can be sent to the engines: a lambda typed where one is expected is
 * serializable, and its code travels with it (see {@code org.jparallel.cluster.View#mapSync}).
 */
@FunctionalInterface
public interface SerFunction<T, R> extends Function<T, R>, Serializable {
}
