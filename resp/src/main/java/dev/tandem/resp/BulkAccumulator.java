/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;

/**
 * Collects one large bulk payload into a {@code byte[]} as its bytes arrive, so that a claimed
 * length is never allocated up front: the array starts at most {@link #INITIAL_CAPACITY_CAP}
 * bytes and doubles as data comes in, never beyond the claimed length. Taking the bytes out of
 * the decoder's cumulation buffer as they arrive also keeps that buffer small.
 */
final class BulkAccumulator {

    /** Largest array allocated before any payload byte has arrived. */
    static final int INITIAL_CAPACITY_CAP = 64 * 1024;

    /** Largest {@code byte[]} the JVMs we run on reliably allocate. */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final int length;
    private byte[] bytes;
    private int size;

    BulkAccumulator(int length) {
        this.length = length;
        this.bytes = new byte[Math.min(length, INITIAL_CAPACITY_CAP)];
    }

    int remaining() {
        return length - size;
    }

    int capacity() {
        return bytes.length;
    }

    /** Moves up to {@link #remaining()} readable bytes of {@code in} into this payload; returns how many. */
    int transferFrom(ByteBuf in) {
        int n = Math.min(in.readableBytes(), remaining());
        if (n == 0) {
            return 0;
        }
        int needed = size + n;
        if (needed > bytes.length) {
            long doubled = Math.max((long) bytes.length * 2, needed);
            bytes = Arrays.copyOf(bytes, (int) Math.min(doubled, length));
        }
        in.readBytes(bytes, size, n);
        size += n;
        return n;
    }

    /** The complete payload; call once {@link #remaining()} is 0. */
    byte[] toByteArray() {
        if (size != length) {
            throw new IllegalStateException("payload incomplete: " + size + " of " + length + " bytes");
        }
        return bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
    }
}
