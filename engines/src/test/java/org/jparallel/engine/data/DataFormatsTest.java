package org.jparallel.engine.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small formats of the data messages: declared types, packed lists, class bundles, notebook names. */
class DataFormatsTest {
    @Test
    void declaredTypesFollowTheValues() {
        assertThat(TypeNames.declared(5)).isEqualTo("int");
        assertThat(TypeNames.declared(5L)).isEqualTo("long");
        assertThat(TypeNames.declared(true)).isEqualTo("boolean");
        assertThat(TypeNames.declared('c')).isEqualTo("char");
        assertThat(TypeNames.declared("s")).isEqualTo("String");
        assertThat(TypeNames.declared(null)).isEqualTo("Object");
        assertThat(TypeNames.declared(List.of(1, 2))).isEqualTo("java.util.List<Integer>");
        assertThat(TypeNames.declared(List.of(1, "a"))).isEqualTo("java.util.List<Object>");
        assertThat(TypeNames.declared(List.of())).isEqualTo("java.util.List<Object>");
        assertThat(TypeNames.declared(List.of(List.of("a")))).isEqualTo("java.util.List<java.util.List<String>>");
        assertThat(TypeNames.declared(Set.of(1.5))).isEqualTo("java.util.Set<Double>");
        assertThat(TypeNames.declared(Map.of("k", 1))).isEqualTo("java.util.Map<String, Integer>");
        assertThat(TypeNames.declared(new int[]{1})).isEqualTo("int[]");
        assertThat(TypeNames.declared(new String[][]{})).isEqualTo("String[][]");
        assertThat(TypeNames.declared(new java.math.BigInteger("7"))).isEqualTo("java.math.BigInteger");
        assertThat(TypeNames.declared(java.util.Optional.of(1))).isEqualTo("java.util.Optional<?>");
        assertThat(TypeNames.declared(Thread.State.NEW)).isEqualTo("java.lang.Thread.State");
        // A private class is declared by its nearest public superclass.
        assertThat(TypeNames.declared(new Object() { })).isEqualTo("Object");
    }

    @Test
    void packedListsComeBackAsEqualArrayLists() throws Exception {
        List<Integer> ints = IntStream.range(0, 1000).boxed().toList();
        List<Long> longs = IntStream.range(0, 100).mapToObj(i -> (long) i * 1_000_000_000L).toList();
        List<Double> doubles = IntStream.range(0, 100).mapToObj(i -> i / 3.0).toList();
        for (List<?> l : List.of(ints, longs, doubles)) {
            Object packed = PackedList.pack(l);
            assertThat(packed).isInstanceOf(PackedList.class);
            Object back = roundTrip(packed);
            assertThat(back).isInstanceOf(ArrayList.class).isEqualTo(l);
        }
        List<Object> mixed = new ArrayList<>(ints);
        mixed.set(500, 1L);
        assertThat(PackedList.pack(mixed)).isSameAs(mixed);
        List<Integer> withNull = new ArrayList<>(ints);
        withNull.set(3, null);
        assertThat(PackedList.pack(withNull)).isSameAs(withNull);
        assertThat(PackedList.pack(List.of(1, 2))).isEqualTo(List.of(1, 2));
        // Packing makes 100,000 numbers a fraction of their serialized size.
        List<Integer> big = IntStream.range(0, 100_000).boxed().toList();
        assertThat(bytes(PackedList.pack(big)).length).isLessThan(bytes(new ArrayList<>(big)).length / 2);
    }

    @Test
    void classBundlesRoundTripAndRejectGarbage() {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        classes.put("REPL.$JShell$1", new byte[]{1, 2, 3});
        classes.put("REPL.$JShell$2$Point", new byte[0]);
        Map<String, byte[]> back = ClassBundle.decode(ClassBundle.encode(classes));
        assertThat(back.keySet()).containsExactly("REPL.$JShell$1", "REPL.$JShell$2$Point");
        assertThat(back.get("REPL.$JShell$1")).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> ClassBundle.decode(new byte[]{0, 0, 0, 5})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClassBundle.decode(new byte[]{-1, 0, 0, 0})).hasMessageContaining("claims");
        assertThat(ClassBundle.hash(new byte[]{1})).hasSize(32).isNotEqualTo(ClassBundle.hash(new byte[]{2}));
    }

    @Test
    void notebookNamesAsUsersKnowThem() {
        assertThat(NotebookNames.simple("REPL.$JShell$12$Point")).isEqualTo("Point");
        assertThat(NotebookNames.simple("REPL.$JShell$12")).isEmpty();
        assertThat(NotebookNames.simple("REPL.$JShell$12B$Outer$Inner")).isEqualTo("Outer.Inner");
        assertThat(NotebookNames.simple("java.lang.String")).isEqualTo("java.lang.String");
        assertThat(NotebookNames.clean("cannot cast REPL.$JShell$3$Box to REPL.$JShell$4$Crate"))
                .isEqualTo("cannot cast Box to Crate");
    }

    private static Object roundTrip(Object o) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes(o)))) {
            return in.readObject();
        }
    }

    private static byte[] bytes(Object o) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }
}
