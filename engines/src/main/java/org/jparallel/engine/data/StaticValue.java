package org.jparallel.engine.data;

/** The current value of a notebook variable (a static field of a JShell class) that shipped code reads. */
public record StaticValue(String className, String field, Object value) {

    /** The variable as users know it: its name, with the class when it is not a top-level variable. */
    public String displayName() {
        String simple = NotebookNames.simple(className);
        return simple.isEmpty() ? field : simple + "." + field;
    }
}
