package org.jparallel.engine.data;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task that can be sent to the engines and run on each: a lambda such as {@code () -> rank()}
 * typed where one is expected is serializable, and its code travels with it
 * (see {@code org.jparallel.cluster.View#applySync}). It may throw checked exceptions.
 */
@FunctionalInterface
public interface SerCallable<T> extends Callable<T>, Serializable {
}
