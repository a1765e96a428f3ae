package org.jparallel.engine.data;

import org.jparallel.jshell.Evaluator;
import org.jparallel.protocol.Outcome;
import org.jparallel.jshell.OutputSink;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.lang.model.SourceVersion;

/**
 * One engine's data operations: define variables in its JShell (push), read them (pull), and run
 * functions shipped from the kernel once (call) or over a list of items (map). Push and pull run
 * as cells of the engine's JShell. Functions run directly on the calling thread, without a JShell
 * compilation, with System.out and System.err going to the request; an interrupt of that thread
 * stops them ({@link StopChecks}).
 */
public final class DataOps {
    private static final AtomicLong KEYS = new AtomicLong();
    private static final Object ABSENT = new Object();

    private final Evaluator evaluator;
    private final int engineId;
    private final ShippedClasses shipped;

    public DataOps(Evaluator evaluator, int engineId) {
        this.evaluator = evaluator;
        this.engineId = engineId;
        this.shipped = new ShippedClasses(evaluator.snippetClassLoader());
    }

    private static String newKey() {
        return "jp" + KEYS.incrementAndGet();
    }

    /** Defines the variables of a serialized Map(name to value); returns each as "type name". */
    public List<String> push(Map<String, byte[]> classes, byte[] values, OutputSink out) throws DataError {
        Object decoded = read(values, shipped.loaderFor(classes), "the values to push");
        if (!(decoded instanceof Map<?, ?> map)) {
            throw new DataError("BadRequest", "push_request carries no map of values");
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = checkName(String.valueOf(e.getKey()));
            types.put(name, TypeNames.declared(e.getValue()));
        }
        List<String> declared = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            String type = types.get(name);
            String key = newKey();
            DataCalls.offer(key, e.getValue());
            try {
                Outcome r = evaluator.eval(declaration(type, name, key), out);
                if (r.status() != Outcome.Status.OK && !type.equals("Object")) {
                    // The engine's JShell cannot name the type (a class it does not see): keep the value as an Object.
                    DataCalls.offer(key, e.getValue());
                    type = "Object";
                    r = evaluator.eval(declaration(type, name, key), out);
                }
                fail(r, "defining " + name);
            } finally {
                DataCalls.discard(key);
            }
            declared.add(type + " " + name);
        }
        return declared;
    }

    private static String declaration(String type, String name, String key) {
        String call = "org.jparallel.engine.data.DataCalls.take(\"" + key + "\")";
        if (java.util.Set.of("int", "long", "double", "float", "short", "byte", "char", "boolean").contains(type)) {
            String boxed = switch (type) {
                case "int" -> "Integer";
                case "char" -> "Character";
                default -> Character.toUpperCase(type.charAt(0)) + type.substring(1);
            };
            call = "org.jparallel.engine.data.DataCalls.<" + boxed + ">take(\"" + key + "\")";
        }
        return type + " " + name + " = " + call + ";";
    }

    /** The values of the variables, serialized as a List in the order of names. */
    public byte[] pull(List<String> names, OutputSink out) throws DataError {
        List<Object> values = new ArrayList<>();
        for (String n : names) {
            String name = checkName(n);
            String key = newKey();
            try {
                Outcome r = evaluator.eval("org.jparallel.engine.data.DataCalls.put(\"" + key + "\", " + name + ");", out);
                if (r.status() == Outcome.Status.ERROR && r.failure().evalue().contains("cannot find symbol")) {
                    throw new DataError("NameError", name + " is not defined on engine " + engineId);
                }
                fail(r, "reading " + name);
                Object v = DataCalls.collect(key, ABSENT);
                if (v == ABSENT) {
                    throw new DataError("NameError", name + " could not be read on engine " + engineId);
                }
                values.add(v);
            } finally {
                DataCalls.discard(key);
            }
        }
        values.replaceAll(v -> v instanceof ArrayList<?> l ? PackedList.pack(l) : v);
        if (names.size() == 1) {
            return EngineObjects.serialize(values, "the value of " + names.get(0), engineId);
        }
        return EngineObjects.serialize(values, "the values of " + String.join(", ", names), engineId);
    }

    /** Runs a shipped SerCallable (or Callable/Supplier/Runnable) once; returns its serialized result. */
    public byte[] call(Map<String, byte[]> classes, byte[] function, OutputSink out) throws DataError {
        ClassLoader loader = shipped.loaderFor(classes);
        Object fn = readFunction(function, loader);
        Callable<Object> task = asCallable(fn);
        Object result = runHere(() -> withLoader(loader, task), out);
        return EngineObjects.serialize(result, "the result", engineId);
    }

    /** Applies a shipped SerFunction to each item of a serialized List; returns the serialized List of results. */
    @SuppressWarnings("unchecked")
    public byte[] map(Map<String, byte[]> classes, byte[] function, byte[] items, OutputSink out) throws DataError {
        ClassLoader loader = shipped.loaderFor(classes);
        Object fn = readFunction(function, loader);
        if (!(fn instanceof Function<?, ?>)) {
            throw new DataError("BadRequest", "map needs a function of one argument, got " + NotebookNames.simple(fn.getClass().getName()));
        }
        Function<Object, Object> f = (Function<Object, Object>) fn;
        Object decoded = read(items, loader, "the items");
        if (!(decoded instanceof List<?> list)) {
            throw new DataError("BadRequest", "map_request carries no list of items");
        }
        Object results = runHere(() -> withLoader(loader, () -> {
            List<Object> rs = new ArrayList<>(list.size());
            for (Object item : list) {
                rs.add(f.apply(item));
            }
            return PackedList.pack(rs);
        }), out);
        return EngineObjects.serialize(results, "the results", engineId);
    }

    private static Object withLoader(ClassLoader loader, Callable<Object> task) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return task.call();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @SuppressWarnings("unchecked")
    private static Callable<Object> asCallable(Object fn) throws DataError {
        if (fn instanceof Callable<?> c) {
            return (Callable<Object>) c;
        }
        if (fn instanceof java.util.function.Supplier<?> s) {
            return s::get;
        }
        if (fn instanceof Runnable r) {
            return () -> {
                r.run();
                return null;
            };
        }
        throw new DataError("BadRequest", "apply needs a function of no argument, got " + NotebookNames.simple(fn.getClass().getName()));
    }

    /** Runs the task here, its output to out; its throwable becomes a DataError with the user's trace. */
    private Object runHere(Callable<Object> task, OutputSink out) throws DataError {
        // Between cells the evaluator sends System.out/err to its idle sink: point it at the request.
        evaluator.setIdleSink(out);
        try {
            return task.call();
        } catch (DataCalls.Stopped e) {
            throw new DataError("Interrupted", "the function was interrupted");
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError v && !(t instanceof StackOverflowError || t instanceof OutOfMemoryError)) {
                throw v;
            }
            throw DataError.of(t);
        } finally {
            evaluator.flushOutput();
            evaluator.setIdleSink(null);
            Thread.interrupted(); // an interrupt that came as the function ended is spent
        }
    }

    private static void fail(Outcome r, String doing) throws DataError {
        if (r.status() == Outcome.Status.OK) {
            return;
        }
        if (r.status() == Outcome.Status.INTERRUPTED) {
            throw new DataError("Interrupted", "the cell was interrupted");
        }
        throw new DataError(r.failure().ename(), r.failure().evalue() + " (while " + doing + ")", r.failure().traceback());
    }

    private Object readFunction(byte[] payload, ClassLoader loader) throws DataError {
        try {
            return FunctionPayload.read(payload, loader);
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            throw new DataError("ShippingError", "the function could not be set up on engine " + engineId + ": "
                    + NotebookNames.clean(e.toString()));
        }
    }

    private Object read(byte[] bytes, ClassLoader loader, String what) throws DataError {
        try (ObjectInputStream in = new LoaderObjectInputStream(bytes, loader)) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError | StackOverflowError e) {
            throw new DataError("ShippingError", what + " could not be read on engine " + engineId + ": "
                    + NotebookNames.clean(e.toString()));
        }
    }

    private String checkName(String name) throws DataError {
        if (!SourceVersion.isName(name) || name.contains(".") || name.equals("_")) {
            throw new DataError("NameError", "'" + name + "' is not a valid Java variable name");
        }
        return name;
    }
}
