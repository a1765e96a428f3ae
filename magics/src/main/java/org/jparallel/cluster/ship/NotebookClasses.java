package org.jparallel.cluster.ship;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The kernel's notebook classes (those JShell generated for the cells): their bytecode, to ship
 * code that uses them, and the loader they live in, to read the variables they hold and to
 * resolve results that are instances of them.
 */
public interface NotebookClasses {
    /** Binary name to the latest bytecode JShell loaded. */
    Map<String, byte[]> bytecode();

    /** The loader the notebook classes live in. */
    ClassLoader loader();

    /** No notebook: code comes from the class path only (a plain Java program using the API). */
    static NotebookClasses none() {
        return from(Map::of, () -> NotebookClasses.class.getClassLoader());
    }

    /** Notebook classes read on demand (each call sees the cells run so far). */
    static NotebookClasses from(Supplier<Map<String, byte[]>> bytecode, Supplier<ClassLoader> loader) {
        return new NotebookClasses() {
            @Override
            public Map<String, byte[]> bytecode() {
                return bytecode.get();
            }

            @Override
            public ClassLoader loader() {
                ClassLoader l = loader.get();
                return l != null ? l : NotebookClasses.class.getClassLoader();
            }
        };
    }

    /** The notebook classes of a JShell evaluator. */
    static NotebookClasses of(org.jparallel.jshell.Evaluator evaluator) {
        return from(evaluator::snippetClasses, evaluator::snippetClassLoader);
    }
}
