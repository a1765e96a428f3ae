package org.jparallel.engine.data;

import org.jparallel.protocol.DataProtocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jparallel.engine.EngineExtension;
import org.jparallel.engine.EngineHandler;
import org.jparallel.engine.EngineHandlers;
import org.jparallel.engine.EngineRequest;
import org.jparallel.engine.HandlerMode;

import java.util.ArrayList;
import java.util.List;

/** Registers the data requests ({@link DataProtocol}) on every engine; found with ServiceLoader. */
public final class DataExtension implements EngineExtension {
    private volatile DataOps ops;

    @Override
    public void register(EngineHandlers handlers) {
        handlers.register(DataProtocol.PUSH, HandlerMode.EXECUTION, handler(this::push));
        handlers.register(DataProtocol.PULL, HandlerMode.EXECUTION, handler(this::pull));
        handlers.register(DataProtocol.APPLY, HandlerMode.EXECUTION, handler(this::apply));
        handlers.register(DataProtocol.MAP, HandlerMode.EXECUTION, handler(this::map));
    }

    /** A request body that may fail with a DataError. */
    private interface Body {
        void run(EngineRequest request, DataOps ops) throws DataError;
    }

    private EngineHandler handler(Body body) {
        return request -> {
            try {
                body.run(request, ops(request));
            } catch (DataError e) {
                JsonObject c = new JsonObject();
                c.addProperty("status", "error");
                c.addProperty("ename", e.ename());
                c.addProperty("evalue", e.evalue());
                JsonArray tb = new JsonArray();
                e.traceback().forEach(tb::add);
                c.add("traceback", tb);
                request.reply(c);
            }
        };
    }

    private DataOps ops(EngineRequest request) {
        DataOps o = ops;
        if (o == null) {
            synchronized (this) {
                if (ops == null) {
                    ops = new DataOps(request.engine().evaluator(), request.engine().id());
                }
                o = ops;
            }
        }
        return o;
    }

    private static byte[] buffer(EngineRequest request, int index, String what) throws DataError {
        List<byte[]> b = request.buffers();
        if (b.size() <= index) {
            throw new DataError("BadRequest", request.msgType() + " lacks its " + what);
        }
        return b.get(index);
    }

    private static java.util.Map<String, byte[]> classes(EngineRequest request) throws DataError {
        try {
            return ClassBundle.decode(buffer(request, 0, "class bundle"));
        } catch (IllegalArgumentException e) {
            throw new DataError("BadRequest", request.msgType() + " has a broken class bundle: " + e.getMessage());
        }
    }

    private void push(EngineRequest request, DataOps ops) throws DataError {
        List<String> declared = ops.push(classes(request), buffer(request, 1, "values"), request.output());
        JsonObject c = new JsonObject();
        JsonArray d = new JsonArray();
        declared.forEach(d::add);
        c.add("declared", d);
        request.reply(c);
    }

    private void pull(EngineRequest request, DataOps ops) throws DataError {
        JsonElement n = request.content().get("names");
        if (n == null || !n.isJsonArray()) {
            throw new DataError("BadRequest", "pull_request has no list of names");
        }
        List<String> names = new ArrayList<>();
        for (JsonElement e : n.getAsJsonArray()) {
            names.add(e.getAsString());
        }
        request.reply(new JsonObject(), List.of(ops.pull(names, request.output())));
    }

    private void apply(EngineRequest request, DataOps ops) throws DataError {
        byte[] result = ops.call(classes(request), buffer(request, 1, "function"), request.output());
        request.reply(new JsonObject(), List.of(result));
    }

    private void map(EngineRequest request, DataOps ops) throws DataError {
        byte[] result = ops.map(classes(request), buffer(request, 1, "function"), buffer(request, 2, "items"), request.output());
        request.reply(new JsonObject(), List.of(result));
    }
}
