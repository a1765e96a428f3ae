package org.jparallel.engine.data;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of Integers, Longs or Doubles carried as a primitive array: Java serialization writes
 * each boxed number as an object, which makes lists of 100,000 numbers slow to send. Reading it
 * back gives an ArrayList of the same numbers; other lists are sent as they are.
 */
public final class PackedList implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int[] ints;
    private final long[] longs;
    private final double[] doubles;

    private PackedList(int[] ints, long[] longs, double[] doubles) {
        this.ints = ints;
        this.longs = longs;
        this.doubles = doubles;
    }

    /** The list packed when all its elements are Integers, all Longs or all Doubles; otherwise the list itself. */
    public static Object pack(List<?> list) {
        int n = list.size();
        if (n < 16) {
            return list;
        }
        Class<?> kind = list.get(0) == null ? null : list.get(0).getClass();
        if (kind != Integer.class && kind != Long.class && kind != Double.class) {
            return list;
        }
        for (Object o : list) {
            if (o == null || o.getClass() != kind) {
                return list;
            }
        }
        if (kind == Integer.class) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = (Integer) list.get(i);
            }
            return new PackedList(a, null, null);
        }
        if (kind == Long.class) {
            long[] a = new long[n];
            for (int i = 0; i < n; i++) {
                a[i] = (Long) list.get(i);
            }
            return new PackedList(null, a, null);
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (Double) list.get(i);
        }
        return new PackedList(null, null, a);
    }

    @Serial
    private Object readResolve() {
        List<Object> out;
        if (ints != null) {
            out = new ArrayList<>(ints.length);
            for (int v : ints) {
                out.add(v);
            }
        } else if (longs != null) {
            out = new ArrayList<>(longs.length);
            for (long v : longs) {
                out.add(v);
            }
        } else {
            out = new ArrayList<>(doubles.length);
            for (double v : doubles) {
                out.add(v);
            }
        }
        return out;
    }
}
