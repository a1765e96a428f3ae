package org.jparallel.cluster;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jparallel.engine.data.ClassBundle;
import org.jparallel.engine.data.DataError;
import org.jparallel.engine.data.DataOps;
import org.jparallel.protocol.DataProtocol;
import org.jparallel.jshell.EvalResult;
import org.jparallel.jshell.Evaluator;
import org.jparallel.jshell.EvaluatorOptions;
import org.jparallel.jshell.OutputSink;
import org.jparallel.wire.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Engines as JShell evaluators in this JVM serving the same requests with the same engine-side code
 * (DataOps) as real engines, minus processes and sockets. They take turns on one thread: System.out
 * is routed per JVM, so two cells running at once in one JVM would mix their output.
 */
final class InProcessEngines implements ClusterLink, AutoCloseable {
    private final Map<Integer, Evaluator> evaluators = new HashMap<>();
    private final Map<Integer, DataOps> ops = new HashMap<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final Map<Integer, Integer> counts = new HashMap<>();

    InProcessEngines(int n) {
        EvaluatorOptions o = EvaluatorOptions.defaults();
        for (int i = 0; i < n; i++) {
            Evaluator e = new Evaluator(o);
            e.warmUp();
            evaluators.put(i, e);
            ops.put(i, new DataOps(e, i));
            counts.put(i, 0);
        }
    }

    Evaluator evaluator(int engine) {
        return evaluators.get(engine);
    }

    @Override
    public List<Integer> ids() {
        return new ArrayList<>(new java.util.TreeSet<>(evaluators.keySet()));
    }

    @Override
    public CompletableFuture<ExecuteResults> execute(java.util.Collection<Integer> targetIds, String code,
                                                     Consumer<? super EngineEvent> events) {
        List<Integer> targets = targetIds == null || targetIds.isEmpty() ? ids() : List.copyOf(targetIds);
        RunOutputs outputs = new RunOutputs(targets);
        if (events != null) {
            outputs.listen(events);
        }
        for (Integer id : targets) {
            thread.submit(() -> {
                int count = counts.merge(id, 1, Integer::sum);
                EvalResult r = evaluators.get(id).eval(code, (s, t) -> outputs.add(new EngineEvent.Stream(id, s, t)));
                if (r.status() == EvalResult.Status.OK) {
                    if (r.hasValue()) {
                        outputs.add(new EngineEvent.Result(id, count, r.valueText()));
                    }
                    outputs.add(new EngineEvent.Done(id, true));
                } else {
                    outputs.add(new EngineEvent.Failure(id, r.error().ename(), r.error().evalue(), r.error().traceback()));
                    outputs.add(new EngineEvent.Done(id, false));
                }
            });
        }
        return outputs.results(code);
    }

    @Override
    public CompletableFuture<Message> request(int engine, String msgType, JsonObject content, List<byte[]> buffers,
                                              Consumer<Message> onMessage) {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        thread.submit(() -> {
            OutputSink out = (s, t) -> {
                JsonObject c = new JsonObject();
                c.addProperty("name", s);
                c.addProperty("text", t);
                onMessage.accept(message("stream", c, List.of()));
            };
            DataOps d = ops.get(engine);
            // System.out goes to the evaluator that ran the latest cell; in an engine process there is one.
            evaluators.get(engine).eval("int jp$claim = 0;", (st, t) -> { });
            JsonObject c = new JsonObject();
            List<byte[]> b = List.of();
            try {
                switch (msgType) {
                    case DataProtocol.PUSH -> {
                        JsonArray declared = new JsonArray();
                        d.push(ClassBundle.decode(buffers.get(0)), buffers.get(1), out).forEach(declared::add);
                        c.add("declared", declared);
                    }
                    case DataProtocol.PULL -> {
                        List<String> names = new ArrayList<>();
                        for (JsonElement e : content.getAsJsonArray("names")) {
                            names.add(e.getAsString());
                        }
                        b = List.of(d.pull(names, out));
                    }
                    case DataProtocol.APPLY -> b = List.of(d.call(ClassBundle.decode(buffers.get(0)), buffers.get(1), out));
                    case DataProtocol.MAP -> b = List.of(d.map(ClassBundle.decode(buffers.get(0)), buffers.get(1), buffers.get(2), out));
                    default -> throw new DataError("BadRequest", "unknown request " + msgType);
                }
                c.addProperty("status", "ok");
            } catch (DataError e) {
                c.addProperty("status", "error");
                c.addProperty("ename", e.ename());
                c.addProperty("evalue", e.evalue());
                JsonArray tb = new JsonArray();
                e.traceback().forEach(tb::add);
                c.add("traceback", tb);
            }
            Message m = message(msgType.replace("_request", "_reply"), c, b);
            onMessage.accept(m);
            reply.complete(m);
        });
        return reply;
    }

    private static Message message(String type, JsonObject content, List<byte[]> buffers) {
        JsonObject h = new JsonObject();
        h.addProperty("msg_type", type);
        h.addProperty("msg_id", java.util.UUID.randomUUID().toString());
        return new Message(List.of(), h, new JsonObject(), new JsonObject(), content, buffers);
    }

    @Override
    public CompletableFuture<Map<Integer, Boolean>> interrupt(java.util.Collection<Integer> engines) {
        Map<Integer, Boolean> out = new HashMap<>();
        engines.forEach(e -> {
            evaluators.get(e).interrupt();
            out.put(e, true);
        });
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public CompletableFuture<Map<Integer, EngineStack>> stacks(java.util.Collection<Integer> engines, boolean allThreads) {
        Map<Integer, EngineStack> out = new HashMap<>();
        for (Integer e : engines) {
            List<String> frames = new ArrayList<>();
            for (StackTraceElement f : evaluators.get(e).runningStack()) {
                frames.add("at " + f);
            }
            out.put(e, new EngineStack(e, true, 0, "", List.of(new EngineStack.ThreadStack("request", "RUNNABLE", frames)), ""));
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        evaluators.values().forEach(Evaluator::close);
    }
}
