package org.jparallel.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import org.jparallel.kernel.core.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Comm data between the notebook API's plain Java values and the JSON objects on the wire. */
final class CommData {
    private CommData() {
    }

    /** A value for a comm's data field: null is {}, a Map or JsonObject (or any object Gson writes as one) is that object. */
    static JsonObject toJson(Object data, String what) {
        if (data == null) {
            return new JsonObject();
        }
        JsonElement tree;
        try {
            tree = Json.tree(data);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + " could not be written as JSON (" + e.getMessage()
                    + "): use maps, lists, strings, numbers and booleans");
        }
        if (!tree.isJsonObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, e.g. Map.of(\"value\", 42), not "
                    + (tree.isJsonArray() ? "a list" : tree.isJsonNull() ? "null" : "the single value " + tree)
                    + ": put it in a map under a name");
        }
        return tree.getAsJsonObject();
    }

    /** A JSON object as a mutable map: objects as maps, arrays as lists, whole numbers as Long (else Double). */
    static Map<String, Object> toMap(JsonObject o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o != null) {
            o.entrySet().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
        }
        return m;
    }

    private static Object plain(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e instanceof JsonObject o) {
            return toMap(o);
        }
        if (e instanceof JsonArray a) {
            List<Object> l = new ArrayList<>(a.size());
            a.forEach(x -> l.add(plain(x)));
            return l;
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isString()) {
            return p.getAsString();
        }
        String text = p.getAsString();
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLarge) {
                // beyond long: a double, like any other number
            }
        }
        return p.getAsDouble();
    }
}
