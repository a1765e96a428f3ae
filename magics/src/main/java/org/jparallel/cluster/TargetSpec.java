package org.jparallel.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which engines a request goes to, written as ipyparallel writes targets: {@code all}, an engine id
 * ({@code 3}, {@code -1} for the last), a list ({@code 0,2}) or Python slices over the sorted engine
 * ids ({@code 1:3}, {@code ::2}, {@code -2:}); list items may mix ids and slices.
 */
public final class TargetSpec {
    /** One item of a spec: an engine id or a slice over the ids. */
    private sealed interface Item permits Id, Slice {
    }

    private record Id(int id) implements Item {
    }

    private record Slice(Integer start, Integer stop, Integer step) implements Item {
    }

    private static final TargetSpec ALL = new TargetSpec("all", null);

    private final String text;
    private final List<Item> items; // null means all

    private TargetSpec(String text, List<Item> items) {
        this.text = text;
        this.items = items;
    }

    /** All engines. */
    public static TargetSpec all() {
        return ALL;
    }

    /** Exactly these engine ids. */
    public static TargetSpec of(List<Integer> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("the list of targets is empty: give at least one engine id");
        }
        List<Item> items = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (Integer id : ids) {
            if (id == null) {
                throw new IllegalArgumentException("the list of targets contains null: give engine ids");
            }
            items.add(new Id(id));
            sb.append(sb.length() == 0 ? "" : ",").append(id);
        }
        return new TargetSpec(sb.toString(), List.copyOf(items));
    }

    /**
     * Parses a spec. Throws IllegalArgumentException with a sentence naming the bad part.
     */
    public static TargetSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("the targets are empty: use all, an engine id (3), a list (0,2) or a slice (1:3, ::2)");
        }
        String s = spec.strip();
        if (s.toLowerCase(Locale.ROOT).equals("all")) {
            return ALL;
        }
        // Accept the Python list spelling [0, 2] as well.
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        List<Item> items = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("bad targets '" + spec + "': an empty item in the list");
            }
            items.add(p.contains(":") ? slice(spec, p) : new Id(integer(spec, p)));
        }
        return new TargetSpec(s.strip(), List.copyOf(items));
    }

    private static Slice slice(String spec, String p) {
        String[] f = p.split(":", -1);
        if (f.length > 3) {
            throw new IllegalArgumentException("bad targets '" + spec + "': the slice '" + p + "' has more than two colons");
        }
        Integer start = optional(spec, f[0]);
        Integer stop = optional(spec, f[1]);
        Integer step = f.length == 3 ? optional(spec, f[2]) : null;
        if (step != null && step == 0) {
            throw new IllegalArgumentException("bad targets '" + spec + "': the slice step cannot be zero");
        }
        return new Slice(start, stop, step);
    }

    private static Integer optional(String spec, String s) {
        String t = s.strip();
        return t.isEmpty() ? null : integer(spec, t);
    }

    private static int integer(String spec, String s) {
        String t = s.strip();
        if (!t.matches("[+-]?\\d{1,9}")) {
            throw new IllegalArgumentException("bad targets '" + spec + "': '" + t
                    + "' is not an engine id; use all, an engine id (3), a list (0,2) or a slice (1:3, ::2)");
        }
        return Integer.parseInt(t);
    }

    /** Whether this spec means every engine. */
    public boolean isAll() {
        return items == null;
    }

    /**
     * The engine ids this spec selects among the given ids, in the spec's order, without repeats.
     * Throws IllegalArgumentException naming a target that is not an engine, or when nothing is selected.
     */
    public List<Integer> resolve(List<Integer> engineIds) {
        List<Integer> ids = engineIds.stream().sorted().toList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("the cluster has no engines");
        }
        if (items == null) {
            return ids;
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (Item item : items) {
            if (item instanceof Id id) {
                int v = id.id() < 0 ? indexFromEnd(id.id(), ids) : id.id();
                if (!ids.contains(v)) {
                    throw new IllegalArgumentException("target " + id.id() + " is out of range: the engines are "
                            + describe(ids));
                }
                out.add(v);
            } else {
                Slice sl = (Slice) item;
                for (int index : sliceIndices(sl, ids.size())) {
                    out.add(ids.get(index));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("targets '" + text + "' select no engine: the engines are " + describe(ids));
        }
        return List.copyOf(out);
    }

    private static int indexFromEnd(int negative, List<Integer> ids) {
        int index = ids.size() + negative;
        if (index < 0) {
            throw new IllegalArgumentException("target " + negative + " is out of range: there are only "
                    + ids.size() + " engines (" + describe(ids) + ")");
        }
        return ids.get(index);
    }

    /** The indices Python's range(*slice(start, stop, step).indices(n)) gives. */
    static List<Integer> sliceIndices(Slice s, int n) {
        int step = s.step() == null ? 1 : s.step();
        int start;
        int stop;
        if (step > 0) {
            start = s.start() == null ? 0 : clamp(s.start(), n, 0, n);
            stop = s.stop() == null ? n : clamp(s.stop(), n, 0, n);
        } else {
            start = s.start() == null ? n - 1 : clamp(s.start(), n, -1, n - 1);
            stop = s.stop() == null ? -1 : clamp(s.stop(), n, -1, n - 1);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(i);
        }
        return out;
    }

    private static int clamp(int v, int n, int lo, int hi) {
        int x = v < 0 ? v + n : v;
        return Math.max(lo, Math.min(hi, x));
    }

    /** Engine ids for messages: "0-3" for a run, else the list. */
    public static String describe(List<Integer> ids) {
        List<Integer> sorted = ids.stream().sorted().toList();
        boolean run = !sorted.isEmpty() && sorted.get(sorted.size() - 1) - sorted.get(0) == sorted.size() - 1;
        if (run && sorted.size() > 2) {
            return sorted.get(0) + "-" + sorted.get(sorted.size() - 1);
        }
        StringBuilder sb = new StringBuilder();
        for (Integer i : sorted) {
            sb.append(sb.length() == 0 ? "" : ", ").append(i);
        }
        return sb.toString();
    }

    /** "engine 3" or "engines 0-3", for sentences. */
    public static String engines(List<Integer> ids) {
        return (ids.size() == 1 ? "engine " : "engines ") + describe(ids);
    }

    /** The spec as the user wrote it (normalised). */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetSpec t && java.util.Objects.equals(t.items, items);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(items);
    }
}
