package org.jparallel.wire;

import com.google.gson.JsonObject;

import java.util.List;

/**
 * One Jupyter-format message: routing identities, the four JSON parts and raw buffers.
 * Used for the frontend link and for the kernel-engine link alike.
 */
public record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader,
                      JsonObject metadata, JsonObject content, List<byte[]> buffers) {

    public Message {
        identities = List.copyOf(identities);
        buffers = List.copyOf(buffers);
    }

    /** The msg_type from the header, or "" when absent. */
    public String type() {
        return header.has("msg_type") ? header.get("msg_type").getAsString() : "";
    }

    /** The msg_id from the header, or "" when absent. */
    public String id() {
        return header.has("msg_id") ? header.get("msg_id").getAsString() : "";
    }

    /** The session from the header, or "" when absent. */
    public String session() {
        return header.has("session") ? header.get("session").getAsString() : "";
    }

    /** A string field of the content, or the fallback when it is absent or not a string. */
    public String contentString(String field, String fallback) {
        var e = content.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
    }

    /** A boolean field of the content, or the fallback when it is absent or not a boolean. */
    public boolean contentBoolean(String field, boolean fallback) {
        var e = content.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : fallback;
    }
}
