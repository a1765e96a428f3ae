package org.jparallel.kernel;

import org.jparallel.wire.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * What a notebook shows for a cell, built from its iopub messages as JupyterLab builds it: stream
 * text merges with the stream before it of the same name, displays are replaced in place by
 * update_display_data, results and errors are blocks of their own.
 */
final class OutputArea {
    /** One output block. */
    record Block(String kind, String displayId, String text) {
    }

    final List<Block> blocks = new ArrayList<>();
    int displays;
    int updates;
    int clears;

    static OutputArea of(List<Message> outputs) {
        OutputArea v = new OutputArea();
        for (Message m : outputs) {
            v.add(m);
        }
        return v;
    }

    private void add(Message m) {
        switch (m.type()) {
            case "stream" -> {
                String name = m.contentString("name", "stdout");
                Block last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
                if (last != null && last.kind().equals(name)) {
                    blocks.set(blocks.size() - 1, new Block(name, null, last.text() + m.contentString("text", "")));
                } else {
                    blocks.add(new Block(name, null, m.contentString("text", "")));
                }
            }
            case "display_data" -> {
                displays++;
                blocks.add(new Block("display", displayId(m), plain(m)));
            }
            case "update_display_data" -> {
                updates++;
                String id = displayId(m);
                for (int i = 0; i < blocks.size(); i++) {
                    if (id.equals(blocks.get(i).displayId())) {
                        blocks.set(i, new Block("display", id, plain(m)));
                    }
                }
            }
            case "execute_result" -> blocks.add(new Block("result", null, plain(m)));
            case "error" -> {
                List<String> tb = new ArrayList<>();
                m.content().getAsJsonArray("traceback").forEach(e -> tb.add(e.getAsString()));
                blocks.add(new Block("error", null, String.join("\n", tb)));
            }
            case "clear_output" -> {
                clears++;
                blocks.clear();
            }
            default -> {
            }
        }
    }

    private static String displayId(Message m) {
        var t = m.content().getAsJsonObject("transient");
        return t == null || !t.has("display_id") ? "" : t.get("display_id").getAsString();
    }

    private static String plain(Message m) {
        var data = m.content().getAsJsonObject("data");
        return data != null && data.has("text/plain") ? data.get("text/plain").getAsString() : "";
    }

    /** The text of every block but errors, each ending with a newline. */
    String text() {
        StringBuilder sb = new StringBuilder();
        for (Block b : blocks) {
            if (b.kind().equals("error") || b.text().isEmpty()) {
                continue;
            }
            sb.append(b.text());
            if (!b.text().endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The error's traceback, or "". */
    String error() {
        return blocks.stream().filter(b -> b.kind().equals("error")).map(Block::text).findFirst().orElse("");
    }
}
