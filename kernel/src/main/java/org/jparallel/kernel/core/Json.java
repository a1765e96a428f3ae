package org.jparallel.kernel.core;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Map;

/** Small helpers to build message contents. */
public final class Json {
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private Json() {
    }

    /** An object from alternating keys and values (String, Number, Boolean, JsonElement, Map, List or null). */
    public static JsonObject obj(Object... keysAndValues) {
        JsonObject o = new JsonObject();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            o.add((String) keysAndValues[i], tree(keysAndValues[i + 1]));
        }
        return o;
    }

    /** Any plain Java value (maps, lists, strings, numbers, booleans) as JSON. */
    public static JsonElement tree(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof JsonElement e) {
            return e;
        }
        return GSON.toJsonTree(v);
    }

    /** A list of strings as a JSON array. */
    public static JsonArray strings(List<String> items) {
        JsonArray a = new JsonArray(items.size());
        for (String s : items) {
            a.add(s);
        }
        return a;
    }

    /** A map as a JSON object, values converted with {@link #tree}. */
    public static JsonObject map(Map<String, ?> m) {
        JsonObject o = new JsonObject();
        if (m != null) {
            m.forEach((k, v) -> o.add(k, tree(v)));
        }
        return o;
    }

    /** An int field of an object, or the fallback when absent or not a number. */
    public static int intField(JsonObject o, String k, int fallback) {
        JsonElement e = o.get(k);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return fallback;
        }
        return e.getAsInt();
    }
}
