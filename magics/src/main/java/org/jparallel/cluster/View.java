package org.jparallel.cluster;

import org.jparallel.cluster.ship.CodeShipper;
import org.jparallel.cluster.ship.NotebookClasses;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.jparallel.engine.data.ClassBundle;
import org.jparallel.protocol.DataProtocol;
import org.jparallel.engine.data.NotebookNames;
import org.jparallel.engine.data.PackedList;
import org.jparallel.engine.data.SerCallable;
import org.jparallel.engine.data.SerFunction;
import org.jparallel.wire.Message;

import javax.lang.model.SourceVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Some engines of a cluster, to run code and move data, as ipyparallel's DirectView:
 * {@code cluster.view()} is every engine, {@code cluster.view("::2")} or {@code cluster.view(List.of(0, 2))}
 * a subset (the targets are resolved at each call, against the engines running then).
 *
 * <p>Values travel by Java serialization: they must be Serializable (an error names the value that
 * is not). Functions are lambdas typed where a {@link SerFunction} or {@link SerCallable} is
 * expected; their code and the notebook classes they use travel with them, and the notebook
 * variables they read travel with their current values. Each blocking method has an asynchronous
 * form returning an {@link AsyncResult}. Failures on engines throw a {@link ParallelException}.
 */
public final class View {
    private final ClusterLink link;
    private final TargetSpec targets;
    private final Supplier<NotebookClasses> notebook;

    /** A view of the targets on a cluster; notebook gives the kernel's notebook classes at each call. */
    public View(ClusterLink link, TargetSpec targets, Supplier<NotebookClasses> notebook) {
        this.link = link;
        this.targets = targets;
        this.notebook = notebook;
    }

    /** A view of a cluster's engines, for code running in the kernel's notebook (or in a plain program). */
    static View of(Cluster cluster, TargetSpec targets) {
        return new View(cluster, targets, View::kernelNotebook);
    }

    /** The notebook classes of the kernel's JShell when a cell is running, else none. */
    private static NotebookClasses kernelNotebook() {
        if (org.jparallel.notebook.CellContext.isSet()) {
            return NotebookClasses.of(org.jparallel.notebook.CellContext.current().evaluator());
        }
        return NotebookClasses.none();
    }

    /** The engines this view sends to now. */
    public List<Integer> targets() {
        return targets.resolve(link.ids());
    }

    // ---- execute

    /** Runs Java code on every engine of the view; returns each engine's value text (null for none). */
    public List<String> execute(String code) {
        return sync(executeAsync(code));
    }

    /** {@link #execute} without waiting. */
    public AsyncResult<List<String>> executeAsync(String code) {
        List<Integer> ids = targets();
        RunOutputs outputs = new RunOutputs(ids);
        CompletableFuture<List<String>> value = new CompletableFuture<>();
        outputs.listen(e -> {
            if (e instanceof EngineEvent.Done && outputs.allDone()) {
                List<EngineEvent.Failure> failures = EngineRequests.sortedFailures(outputs);
                if (!failures.isEmpty()) {
                    value.completeExceptionally(new ParallelException(failures, ids.size(), "execute"));
                } else {
                    List<String> texts = new ArrayList<>();
                    ids.forEach(id -> texts.add(outputs.results().containsKey(id) ? outputs.results().get(id).text() : null));
                    value.complete(texts);
                }
            }
        });
        link.execute(ids, code, outputs);
        return new AsyncResult<>("execute", outputs, value, () -> link.interrupt(outputs.running()));
    }

    // ---- push, pull, scatter, gather

    /**
     * Defines these variables in every engine's JShell. Each gets a type read from its value:
     * {@code int} for an Integer, {@code String}, {@code java.util.List<Integer>} for a list whose
     * elements are all Integers (else {@code List<Object>}), arrays as they are, other objects by
     * their public class, and classes of the kernel's notebook as {@code Object}.
     */
    public void push(Map<String, ?> values) {
        sync(pushAsync(values));
    }

    /** {@link #push} without waiting. */
    public AsyncResult<Void> pushAsync(Map<String, ?> values) {
        Map<String, Object> copy = checkedNames(values);
        CodeShipper shipper = shipper();
        for (Map.Entry<String, Object> e : copy.entrySet()) {
            shipper.data(e.getValue(), "the value of " + e.getKey()); // to name the value that cannot travel
        }
        CodeShipper.Shipment s = shipper.data(copy, "the values to push");
        byte[] classes = ClassBundle.encode(s.classes());
        return send("push", targets(), DataProtocol.PUSH, id -> new JsonObject(), id -> List.of(classes, s.payload()),
                replies -> null);
    }

    /** The value of a variable on each engine of the view, in engine order. */
    public <T> List<T> pull(String name) {
        return sync(this.<T>pullAsync(name));
    }

    /** {@link #pull} without waiting. */
    @SuppressWarnings("unchecked")
    public <T> AsyncResult<List<T>> pullAsync(String name) {
        checkName(name);
        JsonObject content = new JsonObject();
        JsonArray names = new JsonArray();
        names.add(name);
        content.add("names", names);
        List<Integer> ids = targets();
        return send("pull", ids, DataProtocol.PULL, id -> content, id -> List.of(), replies -> {
            List<T> out = new ArrayList<>();
            for (Integer id : ids) {
                out.add((T) ((List<?>) decode(replies.get(id), "the value of " + name, id)).get(0));
            }
            return out;
        });
    }

    /** Splits the list into contiguous chunks, one per engine in engine order, and defines name as its chunk on each. */
    public void scatter(String name, List<?> data) {
        sync(scatterAsync(name, data));
    }

    /** {@link #scatter} without waiting. */
    public AsyncResult<Void> scatterAsync(String name, List<?> data) {
        checkName(name);
        if (data == null) {
            throw new IllegalArgumentException("scatter needs a list to split, not null");
        }
        List<Integer> ids = targets();
        List<? extends List<?>> chunks = Partition.split(new ArrayList<Object>(data), ids.size());
        CodeShipper shipper = shipper();
        Map<Integer, List<byte[]>> buffers = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put(name, PackedList.pack(chunks.get(i)));
            CodeShipper.Shipment s = shipper.data(one, "the list to scatter");
            buffers.put(ids.get(i), List.of(ClassBundle.encode(s.classes()), s.payload()));
        }
        return send("scatter", ids, DataProtocol.PUSH, id -> new JsonObject(), buffers::get, replies -> null);
    }

    /** The lists named name on the engines of the view, joined in engine order (the inverse of scatter). */
    public <T> List<T> gather(String name) {
        return sync(this.<T>gatherAsync(name));
    }

    /** {@link #gather} without waiting. */
    public <T> AsyncResult<List<T>> gatherAsync(String name) {
        AsyncResult<List<Object>> parts = pullAsync(name);
        return joined(parts, name);
    }

    @SuppressWarnings("unchecked")
    private static <T> AsyncResult<List<T>> joined(AsyncResult<List<Object>> parts, String name) {
        return parts.then(values -> {
            List<T> out = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v instanceof Collection<?> c) {
                    out.addAll((Collection<T>) c);
                } else if (v != null && v.getClass().isArray()) {
                    int n = java.lang.reflect.Array.getLength(v);
                    for (int k = 0; k < n; k++) {
                        out.add((T) java.lang.reflect.Array.get(v, k));
                    }
                } else {
                    throw new IllegalArgumentException("gather needs " + name + " to be a list on every engine; on engine "
                            + parts.engines().get(i) + " it is " + (v == null ? "null" : "a " + NotebookNames.simple(v.getClass().getName())));
                }
            }
            return out;
        });
    }

    // ---- apply, map

    /** Runs the function once on every engine of the view; returns the results in engine order. */
    public <T> List<T> applySync(SerCallable<T> fn) {
        return sync(applyAsync(fn));
    }

    /** {@link #applySync} without waiting. */
    @SuppressWarnings("unchecked")
    public <T> AsyncResult<List<T>> applyAsync(SerCallable<T> fn) {
        CodeShipper.Shipment s = shipper().function(fn);
        byte[] classes = ClassBundle.encode(s.classes());
        List<Integer> ids = targets();
        return send("apply", ids, DataProtocol.APPLY, id -> new JsonObject(), id -> List.of(classes, s.payload()), replies -> {
            List<T> out = new ArrayList<>();
            for (Integer id : ids) {
                out.add((T) decode(replies.get(id), "the result", id));
            }
            return out;
        });
    }

    /**
     * Applies the function to every item, the items split in contiguous chunks over the engines of
     * the view (one message per engine); returns the results in the order of the items.
     */
    public <T, R> List<R> mapSync(SerFunction<T, R> fn, Iterable<? extends T> items) {
        return sync(mapAsync(fn, items));
    }

    /** {@link #mapSync} without waiting. */
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<List<R>> mapAsync(SerFunction<T, R> fn, Iterable<? extends T> items) {
        if (items == null) {
            throw new IllegalArgumentException("map needs items to apply the function to, not null");
        }
        List<Object> all = new ArrayList<>();
        items.forEach(all::add);
        CodeShipper shipper = shipper();
        CodeShipper.Shipment f = shipper.function(fn);
        List<Integer> ids = targets();
        List<List<Object>> chunks = Partition.split(all, ids.size());
        List<Integer> used = new ArrayList<>();
        Map<Integer, List<byte[]>> buffers = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            if (chunks.get(i).isEmpty() && !(all.isEmpty() && i == 0)) {
                continue;
            }
            CodeShipper.Shipment d = shipper.data(PackedList.pack(chunks.get(i)), "the items");
            Map<String, byte[]> classes = CodeShipper.union(List.of(f, d));
            buffers.put(ids.get(i), List.of(ClassBundle.encode(classes), f.payload(), d.payload()));
            used.add(ids.get(i));
        }
        return send("map", used, DataProtocol.MAP, id -> new JsonObject(), buffers::get, replies -> {
            List<R> out = new ArrayList<>(all.size());
            for (Integer id : used) {
                out.addAll((List<R>) decode(replies.get(id), "the results", id));
            }
            return out;
        });
    }

    // ---- plumbing

    private static <T> T sync(AsyncResult<T> ar) {
        return EngineRequests.sync(ar);
    }

    private <T> AsyncResult<T> send(String label, List<Integer> ids, String msgType, Function<Integer, JsonObject> content,
                                    Function<Integer, List<byte[]>> buffers, Function<Map<Integer, Message>, T> combine) {
        return EngineRequests.send(link, label, ids, msgType, content, buffers, combine);
    }

    private Object decode(Message reply, String what, int engine) {
        return EngineRequests.decode(reply, what, engine, notebook.get().loader());
    }

    private CodeShipper shipper() {
        return new CodeShipper(notebook.get());
    }

    private static Map<String, Object> checkedNames(Map<String, ?> values) {
        if (values == null) {
            throw new IllegalArgumentException("push needs a map of variable names to values, not null");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            checkName(e.getKey());
            copy.put(e.getKey(), e.getValue());
        }
        return copy;
    }

    private static void checkName(String name) {
        if (name == null || !SourceVersion.isName(name) || name.contains(".") || name.equals("_")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Java variable name");
        }
    }

    @Override
    public String toString() {
        List<Integer> ids;
        try {
            ids = targets();
        } catch (RuntimeException e) {
            return "<View targets=" + targets + ">";
        }
        return "<View " + TargetSpec.engines(ids) + ">";
    }
}
