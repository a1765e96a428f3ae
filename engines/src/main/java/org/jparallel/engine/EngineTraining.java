package org.jparallel.engine;

import com.google.gson.JsonObject;
import org.jparallel.jshell.Evaluator;
import org.jparallel.protocol.Outcome;
import org.jparallel.link.Dealers;
import org.jparallel.protocol.EngineProtocol;
import org.jparallel.wire.WireCodec;
import org.zeromq.ZContext;

/**
 * A short run through what an engine does at start (JShell with its imports and predefined
 * variables, a few cells, the signed-message code), so the JVM can record the classes it loads in
 * a class-data-sharing archive that later engines start from (see the controller's CdsArchive).
 */
public final class EngineTraining {
    private EngineTraining() {
    }

    public static void main(String[] args) {
        try (Evaluator ev = new Evaluator(EngineMain.evaluatorOptions(0, 1))) {
            ev.warmUp();
            Outcome r = ev.eval("var xs = new java.util.ArrayList<Integer>(); for (int i = 0; i < 10; i++) xs.add(i * engineId);"
                    + " xs.stream().mapToInt(Integer::intValue).sum()", (stream, text) -> { });
            WireCodec codec = WireCodec.forKey("training");
            JsonObject c = new JsonObject();
            c.addProperty("value", r.valueText());
            codec.encode(codec.create(EngineProtocol.EXECUTE_RESULT, null, c));
            try (ZContext ctx = new ZContext(1)) {
                Dealers.connect(ctx, "tcp://127.0.0.1:9", null).close();
            }
        }
        System.exit(0);
    }
}
