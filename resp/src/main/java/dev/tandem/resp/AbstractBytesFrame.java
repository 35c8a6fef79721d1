/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;

/**
 * Shared body of the frames whose payload is a byte string. The array is owned by the frame and
 * never handed out; subclasses are created either from a copy ({@code of(...)}) or, by the
 * decoders in this package, from a freshly allocated array nobody else references.
 */
abstract sealed class AbstractBytesFrame
        permits RespSimpleString, RespError, RespBulkString, RespBigNumber {

    final byte[] bytes;

    AbstractBytesFrame(byte[] ownedBytes) {
        this.bytes = ownedBytes;
    }

    /** Number of payload bytes. */
    public final int length() {
        return bytes.length;
    }

    /** The payload byte at {@code index}. */
    public final byte byteAt(int index) {
        return bytes[index];
    }

    /** A copy of the payload. */
    public final byte[] toByteArray() {
        return bytes.clone();
    }

    /** The payload decoded as UTF-8 (lossy for binary payloads). */
    public final String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether the payload equals {@code other} byte for byte. */
    public final boolean contentEquals(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    /** Appends the payload (without any framing) to {@code out}. */
    public final void writePayloadTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass()
                && Arrays.equals(bytes, ((AbstractBytesFrame) o).bytes);
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + RespDebug.quote(bytes, 64) + "]";
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void requireNoLineBreak(byte[] value, String what) {
        for (byte b : value) {
            if (b == '\r' || b == '\n') {
                throw new IllegalArgumentException(what + " must not contain CR or LF");
            }
        }
    }
}
