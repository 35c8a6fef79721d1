/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.core.Key;
import dev.tandem.core.value.StringValue;
import java.lang.management.ManagementFactory;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The layout figures against what the JVM really allocates: the thread's allocated-bytes counter
 * around {@code N} allocations of one shape, divided by N.
 */
class MemoryLayoutTest {
    private static final int N = 20_000;

    private static double allocatedPer(IntFunction<Object> make) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        Object[] keep = new Object[N];
        make.apply(0); // class loading and first-call allocations out of the way
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < N; i++) {
            keep[i] = make.apply(i);
        }
        long after = threads.getThreadAllocatedBytes(id);
        return (after - before) / (double) N;
    }

    @Test
    void byteArraysMatchTheJvm() {
        for (int len : new int[] {0, 1, 7, 8, 13, 100}) {
            assertEquals(MemoryLayout.byteArray(len), allocatedPer(i -> new byte[len]), 1.0, "byte[" + len + "]");
        }
    }

    @Test
    void referenceArraysMatchTheJvm() {
        for (int len : new int[] {0, 3, 16}) {
            assertEquals(MemoryLayout.referenceArray(len), allocatedPer(i -> new Object[len]), 1.0, "Object[" + len + "]");
        }
    }

    @Test
    void entryShapesMatchTheJvm() {
        Key key = Key.of("k");
        StringValue v = StringValue.of("v".getBytes());
        assertEquals(MemoryLayout.shallow(Entry.class), allocatedPer(i -> new Entry(key, v, 0)), 1.0, "Entry");
        assertEquals(MemoryLayout.shallow(Dict.Node.class),
                allocatedPer(i -> new Dict.Node<Object, Object>(key, 1, v, null)), 1.0, "Dict.Node");
        assertEquals(MemoryLayout.shallow(Object.class), allocatedPer(i -> new Object()), 1.0, "Object");
    }

    @Test
    void keysMatchTheJvm() {
        // Key.of wraps the array: the key object alone is allocated.
        byte[] source = new byte[10];
        assertEquals(MemoryLayout.shallow(Key.class), allocatedPer(i -> Key.of(source)), 1.0, "Key");
    }
}
