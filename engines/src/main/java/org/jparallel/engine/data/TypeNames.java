package org.jparallel.engine.data;

import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The declared type of a variable pushed to an engine, read from its value: boxed primitives
 * become primitives ({@code int n}), String stays String, lists, sets and maps get their
 * element types when all elements agree ({@code java.util.List<Integer>}, else
 * {@code java.util.List<Object>}), arrays keep their type, other objects get their class when it
 * is public (else its nearest public superclass), and notebook classes, which the engine's JShell
 * cannot name, become {@code Object}.
 */
public final class TypeNames {
    private static final int MAX_DEPTH = 3;
    private static final int MAX_SAMPLED = 100_000;
    private static final Map<Class<?>, String> PRIMITIVES = Map.of(Integer.class, "int", Long.class, "long",
            Double.class, "double", Float.class, "float", Short.class, "short", Byte.class, "byte",
            Character.class, "char", Boolean.class, "boolean");

    private TypeNames() {
    }

    /** The type to declare a variable holding this value with. */
    public static String declared(Object value) {
        if (value != null && PRIMITIVES.containsKey(value.getClass())) {
            return PRIMITIVES.get(value.getClass());
        }
        return of(value, 0);
    }

    /** A reference type for the value (boxed for primitives), as Java source. */
    static String of(Object value, int depth) {
        if (value == null) {
            return "Object";
        }
        Class<?> c = value.getClass();
        if (c == String.class || PRIMITIVES.containsKey(c)) {
            return c.getSimpleName();
        }
        if (c.isArray()) {
            String name = nameable(c);
            return name != null ? name : "Object";
        }
        if (depth < MAX_DEPTH) {
            if (value instanceof List<?> l) {
                return "java.util.List<" + common(l, depth) + ">";
            }
            if (value instanceof Set<?> s) {
                return "java.util.Set<" + common(s, depth) + ">";
            }
            if (value instanceof Map<?, ?> m) {
                return "java.util.Map<" + common(m.keySet(), depth) + ", " + common(m.values(), depth) + ">";
            }
            if (value instanceof Collection<?> col) {
                return "java.util.Collection<" + common(col, depth) + ">";
            }
        } else if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
            return value instanceof Map<?, ?> ? "java.util.Map<?, ?>" : "java.util.Collection<?>";
        }
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            String name = nameable(k);
            if (name != null) {
                int params = k.getTypeParameters().length;
                return params == 0 ? name : name + "<" + String.join(", ", java.util.Collections.nCopies(params, "?")) + ">";
            }
        }
        return "Object";
    }

    /** The one type all elements share, or Object. */
    private static String common(Collection<?> values, int depth) {
        String type = null;
        int n = 0;
        for (Object v : values) {
            if (v == null) {
                continue;
            }
            String t = of(v, depth + 1);
            if (type == null) {
                type = t;
            } else if (!type.equals(t)) {
                return "Object";
            }
            if (++n >= MAX_SAMPLED) {
                break;
            }
        }
        return type == null ? "Object" : type;
    }

    /** The canonical name of a class JShell code can name, or null. */
    private static String nameable(Class<?> c) {
        Class<?> base = c;
        while (base.isArray()) {
            base = base.getComponentType();
        }
        if (base.isPrimitive()) {
            return c.getCanonicalName();
        }
        if (NotebookNames.isNotebookClass(base.getName()) || base.isHidden() || base.isSynthetic()) {
            return null;
        }
        if (base.getModule().isNamed() && !base.getModule().isExported(base.getPackageName())) {
            return null;
        }
        for (Class<?> k = base; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) {
                return null;
            }
        }
        String name = c.getCanonicalName();
        if (name == null) {
            return null;
        }
        return name.startsWith("java.lang.") && name.indexOf('.', 10) < 0 ? name.substring(10) : name;
    }
}
