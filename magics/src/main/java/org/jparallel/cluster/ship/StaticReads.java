package org.jparallel.cluster.ship;

import org.jparallel.engine.data.ClassFiles;
import org.jparallel.engine.data.NotebookNames;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/**
 * Finds the notebook variables shipped code reads: the GETSTATIC instructions on notebook classes
 * in the given methods and in every notebook method they call, lambda bodies and class initialisers
 * included. On an engine these fields would hold the defaults (0, null) of freshly defined classes,
 * so their current values must travel with the code.
 */
public final class StaticReads {
    /** A method to scan: class binary name, method name, descriptor (null for all methods of that name). */
    record MethodRef(String owner, String name, String descriptor) {
    }

    /** A static field read: class binary name and field name. */
    record FieldRef(String owner, String name) {
    }

    private StaticReads() {
    }

    /** The static notebook fields read by these methods and the notebook methods they reach. */
    static Set<FieldRef> from(Set<MethodRef> roots, Map<String, byte[]> bytecode) {
        Set<FieldRef> fields = new LinkedHashSet<>();
        Set<MethodRef> seen = new HashSet<>();
        Set<String> initialised = new HashSet<>();
        Deque<MethodRef> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            MethodRef m = todo.poll();
            if (!seen.add(m) || !bytecode.containsKey(m.owner())) {
                continue;
            }
            if (initialised.add(m.owner())) {
                todo.add(new MethodRef(m.owner(), "<clinit>", "()V"));
            }
            scan(bytecode.get(m.owner()), m, fields, todo);
        }
        return fields;
    }

    /** Every method of the class, for notebook objects that travel (any of their methods may run). */
    static Set<MethodRef> allMethods(String owner) {
        return Set.of(new MethodRef(owner, null, null));
    }

    private static void scan(byte[] classFile, MethodRef target, Set<FieldRef> fields, Deque<MethodRef> todo) {
        boolean[] found = {false};
        String[] superName = {null};
        new ClassReader(ClassFiles.forAsm(classFile)).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superclass, String[] interfaces) {
                superName[0] = superclass;
                if (target.name() == null) {
                    // Every method of an object may run, inherited ones included.
                    List<String> supers = new ArrayList<>(interfaces == null ? List.of() : List.of(interfaces));
                    if (superclass != null) {
                        supers.add(superclass);
                    }
                    for (String sup : supers) {
                        String cls = sup.replace('/', '.');
                        if (NotebookNames.isNotebookClass(cls)) {
                            todo.add(new MethodRef(cls, null, null));
                        }
                    }
                }
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                boolean wanted = target.name() == null
                        || (target.name().equals(name) && (target.descriptor() == null || target.descriptor().equals(descriptor)));
                found[0] |= wanted;
                return wanted ? new Calls(fields, todo) : null;
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        // An inherited method: look in the notebook superclass that declares it.
        if (!found[0] && target.name() != null && !target.name().startsWith("<") && superName[0] != null) {
            String sup = superName[0].replace('/', '.');
            if (NotebookNames.isNotebookClass(sup)) {
                todo.add(new MethodRef(sup, target.name(), target.descriptor()));
            }
        }
    }

    /** Collects field reads and notebook calls of one method body. */
    private static final class Calls extends MethodVisitor {
        private final Set<FieldRef> fields;
        private final Deque<MethodRef> todo;

        Calls(Set<FieldRef> fields, Deque<MethodRef> todo) {
            super(Opcodes.ASM9);
            this.fields = fields;
            this.todo = todo;
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            String cls = owner.replace('/', '.');
            if (NotebookNames.isNotebookClass(cls)) {
                if (opcode == Opcodes.GETSTATIC) {
                    fields.add(new FieldRef(cls, name));
                }
                todo.add(new MethodRef(cls, "<clinit>", "()V"));
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            call(owner, name, descriptor);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
            for (Object a : args) {
                if (a instanceof Handle h) {
                    call(h.getOwner(), h.getName(), h.getDesc());
                }
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof Handle h) {
                call(h.getOwner(), h.getName(), h.getDesc());
            }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            String cls = type.replace('/', '.');
            if (opcode == Opcodes.NEW && NotebookNames.isNotebookClass(cls)) {
                // Any method of the new object may run, even through a JDK interface (toString, compare...).
                todo.add(new MethodRef(cls, null, null));
            }
        }

        private void call(String owner, String name, String descriptor) {
            String cls = owner.replace('/', '.');
            if (NotebookNames.isNotebookClass(cls)) {
                todo.add(new MethodRef(cls, name, descriptor));
            }
        }
    }
}
