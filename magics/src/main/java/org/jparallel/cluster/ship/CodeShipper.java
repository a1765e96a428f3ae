package org.jparallel.cluster.ship;

import org.jparallel.engine.data.FunctionPayload;
import org.jparallel.engine.data.NotebookNames;
import org.jparallel.engine.data.StaticValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prepares code and data for the engines: Java serialization of the objects, plus the bytecode of
 * the notebook classes they need and the current values of the notebook variables the code reads.
 * Errors name what cannot travel and why, before anything is sent.
 */
public final class CodeShipper {
    /** What goes to an engine: notebook class files (binary name to bytes) and the serialized bytes. */
    public record Shipment(Map<String, byte[]> classes, byte[] payload) {
    }

    private final NotebookClasses notebook;
    private Map<String, byte[]> bytecode;

    /** A shipper for one call: it reads the notebook's classes once, when first needed. */
    public CodeShipper(NotebookClasses notebook) {
        this.notebook = notebook;
    }

    private synchronized Map<String, byte[]> bytecode() {
        if (bytecode == null) {
            bytecode = notebook.bytecode();
        }
        return bytecode;
    }

    /** A function (SerFunction, SerCallable or any serializable object with code) in the engines' format. */
    public Shipment function(Object fn) {
        if (fn == null) {
            throw new ShippingException("the function is null: pass a lambda such as x -> x * x", null);
        }
        Map<String, byte[]> bytecode = bytecode();
        RecordingOutputStream probe = serialize(fn, "the function", OutputStream.nullOutputStream());

        // Variables the code reads may hold code too (a lambda in a variable): follow them until no new one appears.
        List<StaticValue> statics = new ArrayList<>();
        Set<StaticReads.FieldRef> seen = new LinkedHashSet<>();
        Set<StaticReads.MethodRef> roots = codeIn(probe);
        while (!roots.isEmpty()) {
            Set<StaticReads.MethodRef> next = new LinkedHashSet<>();
            for (StaticReads.FieldRef f : StaticReads.from(roots, bytecode)) {
                if (!seen.add(f)) {
                    continue;
                }
                StaticValue v = currentValue(f);
                if (v != null) {
                    RecordingOutputStream r = serialize(v.value(), "the notebook variable " + v.displayName(),
                            OutputStream.nullOutputStream());
                    statics.add(v);
                    next.addAll(codeIn(r));
                }
            }
            roots = next;
        }

        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        RecordingOutputStream out;
        try {
            out = new RecordingOutputStream(bytes);
            FunctionPayload.write(out, statics, fn);
            out.close();
        } catch (IOException e) {
            throw failure("the function", e);
        }
        return new Shipment(ClassReferences.closure(out.notebookClasses(), bytecode), bytes.toByteArray());
    }

    /** A value (data to push, scatter or map over) in the engines' format: one serialized object. */
    public Shipment data(Object value, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        RecordingOutputStream out = serialize(value, what, bytes);
        Set<String> classes = out.notebookClasses();
        return new Shipment(classes.isEmpty() ? Map.of() : ClassReferences.closure(classes, bytecode()),
                bytes.toByteArray());
    }

    /** The methods that may run of what a stream holds: lambda bodies, and every method of notebook objects. */
    private static Set<StaticReads.MethodRef> codeIn(RecordingOutputStream r) {
        Set<StaticReads.MethodRef> roots = new LinkedHashSet<>();
        for (SerializedLambda l : r.lambdas()) {
            String impl = l.getImplMethodKind() == MethodHandleInfo.REF_newInvokeSpecial ? "<init>" : l.getImplMethodName();
            roots.add(new StaticReads.MethodRef(l.getImplClass().replace('/', '.'), impl, l.getImplMethodSignature()));
        }
        for (String c : r.instanceClasses()) {
            roots.addAll(StaticReads.allMethods(c));
        }
        return roots;
    }

    /** The current value of a static notebook field, or null when it need not travel (final, absent). */
    private StaticValue currentValue(StaticReads.FieldRef f) {
        Field field;
        try {
            Class<?> c = Class.forName(f.owner(), false, notebook.loader());
            field = findField(c, f.name());
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // not loaded in the kernel: nothing current to send
        }
        if (field == null || Modifier.isFinal(field.getModifiers())) {
            return null;
        }
        try {
            field.setAccessible(true);
            return new StaticValue(field.getDeclaringClass().getName(), field.getName(), field.get(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new ShippingException("cannot read the notebook variable " + f.name() + " to send it to the engines: "
                    + NotebookNames.clean(String.valueOf(e.getMessage())), e);
        }
    }

    private static Field findField(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                return k.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        return null;
    }

    private static RecordingOutputStream serialize(Object value, String what, OutputStream sink) {
        try {
            RecordingOutputStream out = new RecordingOutputStream(sink);
            out.writeObject(value);
            out.close();
            return out;
        } catch (IOException | RuntimeException e) {
            throw failure(what, e);
        }
    }

    private static ShippingException failure(String what, Exception e) {
        if (e instanceof NotSerializableException n) {
            String cls = n.getMessage() == null ? "?" : n.getMessage();
            if (cls.contains("$$Lambda")) {
                return new ShippingException(what + " cannot be sent to the engines: it holds a lambda whose type is not"
                        + " serializable; give it a serializable type such as SerFunction or SerCallable, or write it"
                        + " inline where the call expects a function", null);
            }
            String simple = NotebookNames.simple(cls);
            if (simple.equals(cls)) {
                return new ShippingException(what + " cannot be sent to the engines: it holds a " + cls
                        + ", which is not Serializable; create such values inside the function, on the engines", null);
            }
            return new ShippingException(what + " cannot be sent to the engines: it holds a " + simple
                    + " (a notebook class), which is not Serializable; make " + simple
                    + " implement java.io.Serializable, or create the value inside the function, on the engines", null);
        }
        if (e instanceof InvalidClassException ic) {
            return new ShippingException(what + " cannot be sent to the engines: " + NotebookNames.clean(ic.getMessage()), e);
        }
        return new ShippingException(what + " cannot be sent to the engines: "
                + NotebookNames.clean(e.getClass().getSimpleName() + ": " + e.getMessage()), e);
    }

    /** All notebook class files needed by several shipments. */
    public static Map<String, byte[]> union(List<Shipment> shipments) {
        Map<String, byte[]> all = new LinkedHashMap<>();
        for (Shipment s : shipments) {
            all.putAll(s.classes());
        }
        return all;
    }
}
