package org.jparallel.engine;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.jparallel.display.MimeBundles;
import org.jparallel.protocol.EngineProtocol;

/**
 * The notebook API of an engine's cells, statically imported into every engine's JShell:
 * {@code display(x)} shows a value (an image, a {@code Displayable}, a MIME bundle) in the
 * notebook cell that sent the code, tagged with this engine's id ({@code [output:N]}).
 */
public final class EngineNotebook {
    private static final Gson GSON = new Gson();
    private static volatile EngineRequest current;

    private EngineNotebook() {
    }

    /** The execution thread sets the request it serves (null between requests). */
    static void setCurrent(EngineRequest request) {
        current = request;
    }

    /**
     * Shows a value in the notebook cell whose code runs here, richly when it offers a MIME bundle
     * or is an image; returns the display id.
     */
    public static String display(Object value) {
        MimeBundles.Bundle b = MimeBundles.of(value, null);
        return send(b.data(), b.metadata());
    }

    /** Shows a MIME bundle, e.g. {@code display(Map.of("text/html", "<b>hi</b>"))}; returns the display id. */
    public static String display(Map<String, ?> mimeBundle) {
        return send(MimeBundles.checked(mimeBundle), Map.of());
    }

    private static String send(Map<String, Object> data, Map<String, Object> metadata) {
        EngineRequest r = current;
        if (r == null) {
            throw new IllegalStateException("display(...) on an engine needs a running %px cell or request to show its output in");
        }
        r.engine().evaluator().flushOutput(); // what the cell printed before shows before the display
        String id = UUID.randomUUID().toString();
        JsonObject c = new JsonObject();
        c.add("data", GSON.toJsonTree(data));
        JsonObject md = GSON.toJsonTree(metadata).getAsJsonObject();
        md.addProperty("engine", r.engine().id());
        c.add("metadata", md);
        JsonObject transientPart = new JsonObject();
        transientPart.addProperty("display_id", id);
        c.add("transient", transientPart);
        r.send(EngineProtocol.DISPLAY_DATA, c);
        return id;
    }
}
