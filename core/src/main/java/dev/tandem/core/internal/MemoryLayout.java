/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * The running JVM's object layout, read once at class initialization, and the shallow size of a
 * class computed from it once per class (issue #14: "the JVM's real object sizes, measured once
 * per shape, not guessed").
 *
 * <p>Method: HotSpot lays an object out as a header (mark word plus class pointer: 12 bytes with
 * compressed class pointers, else 16) followed by the instance fields of every class in the
 * hierarchy (references 4 bytes with compressed oops, else 8), packed into the gaps by size since
 * JDK 15, and rounds the total up to {@code ObjectAlignmentInBytes}. An array is the header, a
 * 4-byte length and its elements, rounded the same way. The three VM facts come from the
 * {@code HotSpotDiagnosticMXBean}; without it (another VM) the defaults of a heap below 32 GB
 * are assumed. {@code MemoryLayoutTest} checks the figures against the bytes the JVM really
 * allocates ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}).
 */
public final class MemoryLayout {
    /** Bytes of an object header. */
    public static final int HEADER;
    /** Bytes of a reference field or array slot. */
    public static final int REFERENCE;
    /** Object alignment (ObjectAlignmentInBytes). */
    public static final int ALIGNMENT;

    static {
        boolean compressedOops = true;
        boolean compressedClassPointers = true;
        int alignment = 8;
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            compressedOops = Boolean.parseBoolean(vm.getVMOption("UseCompressedOops").getValue());
            compressedClassPointers = Boolean.parseBoolean(vm.getVMOption("UseCompressedClassPointers").getValue());
            alignment = Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue());
        } catch (RuntimeException | LinkageError notHotSpot) {
            // Another VM or no jdk.management module: the common HotSpot defaults below 32 GB.
        }
        HEADER = compressedClassPointers ? 12 : 16;
        REFERENCE = compressedOops ? 4 : 8;
        ALIGNMENT = alignment;
    }

    private static final ClassValue<Long> SHALLOW = new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
            long bytes = HEADER;
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        bytes += fieldSize(f.getType());
                    }
                }
            }
            return align(bytes);
        }
    };

    private MemoryLayout() {
    }

    private static int fieldSize(Class<?> t) {
        if (!t.isPrimitive()) {
            return REFERENCE;
        }
        if (t == long.class || t == double.class) {
            return 8;
        }
        if (t == int.class || t == float.class) {
            return 4;
        }
        if (t == short.class || t == char.class) {
            return 2;
        }
        return 1;
    }

    static long align(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Bytes of one instance of {@code type} itself (not what its fields point to). */
    public static long shallow(Class<?> type) {
        return SHALLOW.get(type);
    }

    /** Bytes of a {@code byte[n]}. */
    public static long byteArray(long n) {
        return align(HEADER + 4 + n);
    }

    /** Bytes of an array of {@code n} references. */
    public static long referenceArray(long n) {
        return align(HEADER + 4 + n * REFERENCE);
    }

    /** Bytes of a {@code long[n]} or {@code double[n]}. */
    public static long longArray(long n) {
        return align(align(HEADER + 4) + n * 8);
    }

    /**
     * Redis's objectComputeSize estimate for a big collection: the {@code sampledBytes} of the
     * first {@code sampled} elements scaled to {@code count} elements (0 when nothing was sampled).
     */
    public static long extrapolate(long sampledBytes, int sampled, long count) {
        return sampled == 0 ? 0 : (long) ((double) sampledBytes / sampled * count);
    }

    /** Redis's OBJ_COMPUTE_SIZE_DEF_SAMPLES: MEMORY USAGE's default, and the accounting's sample. */
    public static final int DEFAULT_SAMPLES = 5;

    /** How many elements to sample for {@code samples} (0: all) out of {@code count}. */
    public static long sampleLimit(int samples, long count) {
        return samples <= 0 ? count : Math.min(samples, count);
    }

    /** Bytes of a {@link dev.tandem.core.Key} with its byte array. */
    public static long key(dev.tandem.core.Key key) {
        return shallow(dev.tandem.core.Key.class) + byteArray(key.length());
    }

    /** Bytes of an {@code int[n]}. */
    public static long intArray(long n) {
        return align(HEADER + 4 + n * 4);
    }
}
