package org.jparallel.engine.data;

import org.objectweb.asm.Opcodes;

import java.lang.reflect.Field;

/**
 * Class files for ASM. Our ASM release reads class files up to some Java version; JShell on a
 * newer JDK (25 makes major version 69) writes newer ones with nothing ASM could not handle for
 * what we do (reading references, adding static calls). Those are presented to ASM with the
 * newest major version it knows.
 */
public final class ClassFiles {
    private static final int NEWEST = newestKnown();

    private ClassFiles() {
    }

    private static int newestKnown() {
        int newest = 52;
        for (Field f : Opcodes.class.getFields()) {
            if (f.getName().matches("V\\d+") && f.getType() == int.class) {
                try {
                    newest = Math.max(newest, f.getInt(null) & 0xFFFF);
                } catch (IllegalAccessException e) {
                    // a public constant: cannot happen
                }
            }
        }
        return newest;
    }

    /** The class file, with its major version lowered to one ASM reads when it is newer. */
    public static byte[] forAsm(byte[] classFile) {
        if (classFile.length < 8) {
            return classFile;
        }
        int major = ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
        if (major <= NEWEST) {
            return classFile;
        }
        byte[] copy = classFile.clone();
        copy[4] = 0; // minor version: no preview features are involved
        copy[5] = 0;
        copy[6] = (byte) (NEWEST >>> 8);
        copy[7] = (byte) NEWEST;
        return copy;
    }
}
