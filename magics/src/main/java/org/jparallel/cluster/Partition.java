package org.jparallel.cluster;

import java.util.ArrayList;
import java.util.List;

/** Contiguous chunks of a list for n engines, as ipyparallel scatters: sizes differ by at most one, the first are larger. */
final class Partition {
    private Partition() {
    }

    /** The list split into parts chunks (some empty when there are fewer items than parts). */
    static <T> List<List<T>> split(List<T> items, int parts) {
        List<List<T>> out = new ArrayList<>(parts);
        int base = items.size() / parts;
        int extra = items.size() % parts;
        int from = 0;
        for (int i = 0; i < parts; i++) {
            int size = base + (i < extra ? 1 : 0);
            out.add(new ArrayList<>(items.subList(from, from + size)));
            from += size;
        }
        return out;
    }
}
