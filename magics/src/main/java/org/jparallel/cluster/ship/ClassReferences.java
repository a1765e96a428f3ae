package org.jparallel.cluster.ship;

import org.jparallel.engine.data.ClassFiles;
import org.jparallel.engine.data.NotebookNames;
import org.objectweb.asm.ClassReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which notebook classes a set of notebook classes needs: the closure over their constant pools. */
public final class ClassReferences {
    private static final Pattern INTERNAL_NAME = Pattern.compile("REPL/[A-Za-z0-9_$]+");
    private static final int UTF8 = 1;

    private ClassReferences() {
    }

    /**
     * The bytecode of the given notebook classes and of every notebook class they refer to,
     * directly or not, with their enclosing classes. Names missing from the bytecode map are skipped.
     */
    static Map<String, byte[]> closure(Set<String> roots, Map<String, byte[]> bytecode) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (out.containsKey(name) || !bytecode.containsKey(name)) {
                continue;
            }
            byte[] code = bytecode.get(name);
            out.put(name, code);
            todo.addAll(referencedNotebookClasses(code));
            for (int i = name.lastIndexOf('$'); i > 0; i = name.lastIndexOf('$', i - 1)) {
                todo.add(name.substring(0, i));
            }
        }
        return out;
    }

    /** The notebook classes named anywhere in a class file's constant pool (types, descriptors, signatures). */
    static Set<String> referencedNotebookClasses(byte[] classFile) {
        ClassReader r = new ClassReader(ClassFiles.forAsm(classFile));
        Set<String> out = new LinkedHashSet<>();
        for (int i = 1; i < r.getItemCount(); i++) {
            int offset = r.getItem(i);
            if (offset == 0 || r.readByte(offset - 1) != UTF8) {
                continue;
            }
            int length = r.readUnsignedShort(offset);
            byte[] utf = new byte[length];
            for (int k = 0; k < length; k++) {
                utf[k] = (byte) r.readByte(offset + 2 + k);
            }
            // Notebook names are ASCII; other bytes cannot be part of a match, so Latin-1 is enough.
            String s = new String(utf, StandardCharsets.ISO_8859_1);
            if (s.contains("REPL/")) {
                Matcher m = INTERNAL_NAME.matcher(s);
                while (m.find()) {
                    String name = m.group().replace('/', '.');
                    if (NotebookNames.isNotebookClass(name)) {
                        out.add(name);
                    }
                }
            }
        }
        return out;
    }
}
