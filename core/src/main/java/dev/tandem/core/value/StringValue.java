/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import java.nio.charset.StandardCharsets;

/**
 * A string value. Immutable: commands that change a string (APPEND, SETRANGE, INCR) store a
 * new instance, so a reader or snapshot holding the old one is never affected.
 */
public final class StringValue implements RedisValue {
    private final byte[] bytes;

    private StringValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps without copying; the caller must not mutate {@code bytes} afterwards. */
    public static StringValue of(byte[] bytes) {
        return new StringValue(bytes);
    }

    public static StringValue of(String utf8) {
        return new StringValue(utf8.getBytes(StandardCharsets.UTF_8));
    }

    public static StringValue of(long value) {
        return new StringValue(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    /** The bytes (not a copy; do not mutate). */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public StringValue deepCopy() {
        return this; // immutable
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
