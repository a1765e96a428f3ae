package org.jparallel.cluster;

import org.jparallel.cluster.ship.ShippingException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.engine.data.LoaderObjectInputStream;
import org.jparallel.engine.data.NotebookNames;
import org.jparallel.notebook.CellContext;
import org.jparallel.notebook.PxFormat;
import org.jparallel.wire.Message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** How a {@link View} talks to engines: one request per engine, their output and replies gathered in an AsyncResult. */
final class EngineRequests {
    private EngineRequests() {
    }


    /**
     * Waits for a blocking call; what the engines printed then shows in the running cell, each line
     * prefixed as %px prefixes it ("[stdout:0] ").
     */
    static <T> T sync(AsyncResult<T> ar) {
        try {
            return ar.get();
        } finally {
            show(ar.outputs());
        }
    }

    private static void show(RunOutputs outputs) {
        if (!CellContext.isSet()) {
            return;
        }
        CellContext ctx = CellContext.current();
        for (Integer e : outputs.engines().stream().sorted().toList()) {
            for (String stream : List.of("stdout", "stderr")) {
                String text = stream.equals("stdout") ? outputs.stdout(e) : outputs.stderr(e);
                if (!text.isEmpty()) {
                    String shown = PxFormat.prefixLines(PxFormat.streamPrefix(stream, e), text, true);
                    ctx.stream(stream, shown.endsWith("\n") ? shown : shown + "\n");
                }
            }
        }
    }

    /** Sends one request per engine and completes when all replied: combine gets the replies, by engine. */
    static <T> AsyncResult<T> send(ClusterLink link, String label, List<Integer> ids, String msgType, Function<Integer, JsonObject> content,
                                    Function<Integer, List<byte[]>> buffers, Function<Map<Integer, Message>, T> combine) {
        RunOutputs outputs = new RunOutputs(ids);
        CompletableFuture<T> value = new CompletableFuture<>();
        Map<Integer, Message> replies = new ConcurrentHashMap<>();
        Runnable finish = () -> {
            List<EngineEvent.Failure> failures = sortedFailures(outputs);
            if (!failures.isEmpty()) {
                value.completeExceptionally(new ParallelException(failures, ids.size(), label));
                return;
            }
            try {
                value.complete(combine.apply(replies));
            } catch (RuntimeException e) {
                value.completeExceptionally(e);
            }
        };
        for (Integer id : ids) {
            link.request(id, msgType, content.apply(id), buffers.apply(id), m -> {
                if (EngineProtocol.STREAM.equals(m.type())) {
                    outputs.add(new EngineEvent.Stream(id, m.contentString("name", "stdout"), m.contentString("text", "")));
                }
            }).whenComplete((m, err) -> {
                if (err != null) {
                    outputs.add(new EngineEvent.Failure(id, "EngineError", String.valueOf(err.getMessage()), List.of()));
                    outputs.add(new EngineEvent.Done(id, false));
                } else if ("ok".equals(m.contentString("status", ""))) {
                    replies.put(id, m);
                    outputs.add(new EngineEvent.Done(id, true));
                } else {
                    outputs.add(failure(id, m));
                    outputs.add(new EngineEvent.Done(id, false));
                }
                if (outputs.allDone() && !value.isDone()) {
                    finish.run();
                }
            });
        }
        if (ids.isEmpty()) {
            finish.run();
        }
        return new AsyncResult<>(label, outputs, value, () -> link.interrupt(outputs.running()));
    }

    private static EngineEvent.Failure failure(int id, Message m) {
        List<String> tb = new ArrayList<>();
        JsonElement t = m.content().get("traceback");
        if (t != null && t.isJsonArray()) {
            for (JsonElement e : t.getAsJsonArray()) {
                tb.add(e.getAsString());
            }
        }
        return new EngineEvent.Failure(id, m.contentString("ename", "EngineError"),
                m.contentString("evalue", "engine " + id + " failed the request"), tb);
    }

    static List<EngineEvent.Failure> sortedFailures(RunOutputs outputs) {
        List<EngineEvent.Failure> f = new ArrayList<>(outputs.failures().values());
        f.sort(java.util.Comparator.comparingInt(EngineEvent.Failure::engine));
        return f;
    }

    /** The object a reply carries in its first buffer, classes resolved through loader (the kernel's notebook). */
    static Object decode(Message reply, String what, int engine, ClassLoader loader) {
        if (reply == null || reply.buffers().isEmpty()) {
            throw new IllegalStateException("engine " + engine + " sent no value for " + what);
        }
        try (LoaderObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(reply.buffers().get(0)),
                loader)) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new ShippingException(what + " from engine " + engine + " cannot be read in the kernel: "
                    + NotebookNames.clean(e.toString()), e);
        }
    }
}
