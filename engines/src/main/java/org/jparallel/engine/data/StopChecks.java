package org.jparallel.engine.data;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Makes shipped notebook code stoppable on every JDK, as JShell does for its own snippets on JDK
 * 21+ (where Thread.stop is gone): a call to {@link DataCalls#checkInterrupt()} is woven into
 * method entries and backward branches, so an interrupt request, which interrupts the engine's
 * thread, stops even a {@code while (true)} loop in a shipped function.
 */
final class StopChecks {
    /** The class JShell 21+ loads for its own stop checks; shipped code may refer to it, it is never shipped. */
    static final String CANCEL_CLASS = "REPL.$Cancel$";
    private static final String OWNER = "org/jparallel/engine/data/DataCalls";
    private static final String METHOD = "checkInterrupt";

    private StopChecks() {
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
