package org.jparallel.magics;

import java.util.ArrayList;
import java.util.List;

/** What a notebook shows for a cell's output, built from the messages a magic sends, as JupyterLab builds it. */
final class OutputArea implements OutputTarget {
    /** One output block: a stream (consecutive same-name stream text merges) or a display. */
    static final class Block {
        final String kind;
        final String id;
        String text;

        Block(String kind, String id, String text) {
            this.kind = kind;
            this.id = id;
            this.text = text;
        }

        @Override
        public String toString() {
            return kind + ":" + text;
        }
    }

    final List<Block> blocks = new ArrayList<>();
    final List<String> log = new ArrayList<>();
    private int nextId;

    @Override
    public synchronized void stream(String name, String text) {
        log.add("stream " + name);
        Block last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
        if (last != null && last.kind.equals(name)) {
            last.text += text;
        } else {
            blocks.add(new Block(name, null, text));
        }
    }

    @Override
    public synchronized String display(String text) {
        String id = "d" + nextId++;
        log.add("display " + id);
        blocks.add(new Block("display", id, text));
        return id;
    }

    @Override
    public synchronized void rich(java.util.Map<String, Object> data, java.util.Map<String, Object> metadata) {
        log.add("rich");
        blocks.add(new Block("rich", null, String.valueOf(data)));
    }

    @Override
    public synchronized void update(String displayId, String text) {
        log.add("update " + displayId);
        for (Block b : blocks) {
            if (displayId.equals(b.id)) {
                b.text = text;
                return;
            }
        }
        throw new AssertionError("update of an unknown display " + displayId);
    }

    /** The visible text: every block, each ending with a newline. */
    synchronized String text() {
        StringBuilder sb = new StringBuilder();
        for (Block b : blocks) {
            if (b.text.isEmpty()) {
                continue;
            }
            sb.append(b.text);
            if (!b.text.endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    synchronized long count(String prefix) {
        return log.stream().filter(l -> l.startsWith(prefix)).count();
    }
}
