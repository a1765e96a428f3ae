package org.jparallel.engine.data;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

/**
 * Makes shipped notebook code stoppable as JShell's own on JDK 21+, where Thread.stop is gone:
 * JShell weaves a call to {@code REPL.$Cancel$.stopCheck()} into method entries and backward
 * branches of snippet classes, and an interrupt sets the flag that call reads. The kernel ships
 * the bytecode before that weaving, so the engine weaves the same call into it. On JDK 17 there is
 * no such class (Thread.stop interrupts) and the bytecode is left as is.
 */
final class StopChecks {
    static final String CANCEL_CLASS = "REPL.$Cancel$";
    private static final String OWNER = "REPL/$Cancel$";
    private static final String METHOD = "stopCheck";

    private StopChecks() {
    }

    /** Whether the JShell under this loader has the stop check (JDK 21+, after its first snippet). */
    static boolean available(ClassLoader jshellLoader) {
        try {
            Class<?> c = Class.forName(CANCEL_CLASS, false, jshellLoader);
            Method m = c.getMethod(METHOD);
            return Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(c.getModifiers());
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    /** The class with a stop check at every method entry and before every backward jump. */
    static byte[] weave(byte[] classFile) {
        ClassReader reader = new ClassReader(ClassFiles.forAsm(classFile));
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0 || mv == null) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    private final Set<Label> seen = new HashSet<>();

                    @Override
                    public void visitCode() {
                        super.visitCode();
                        check();
                    }

                    @Override
                    public void visitLabel(Label label) {
                        seen.add(label);
                        super.visitLabel(label);
                    }

                    @Override
                    public void visitJumpInsn(int opcode, Label label) {
                        if (seen.contains(label)) {
                            check(); // a loop: the stack holds only the jump's operands, untouched by the call
                        }
                        super.visitJumpInsn(opcode, label);
                    }

                    private void check() {
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, METHOD, "()V", false);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }
}
