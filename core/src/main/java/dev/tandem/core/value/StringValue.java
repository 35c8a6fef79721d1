/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import java.nio.charset.StandardCharsets;

/**
 * A string value. Immutable: commands that change a string (APPEND, SETRANGE, INCR) store a
 * new instance, so a reader or snapshot holding the old one is never affected.
 *
 * <p>Three representations, named as Redis names its string encodings (issue #13):
 * {@code int}, a canonical decimal long kept as a {@code long} (16 bytes of heap where the
 * bytes and their array took 40; 0..9999 are shared instances, Redis's OBJ_SHARED_INTEGERS,
 * which cost a key nothing); {@code embstr}, a string of at most 44 bytes as created;
 * {@code raw}, a longer one, or any string produced by modifying one in place (APPEND to an
 * existing key, SETRANGE, SETBIT, BITOP, BITFIELD). Which one a value gets follows Redis 7.0:
 * {@link #encoded} is {@code tryObjectEncoding} (SET, MSET, GETSET, an RDB load), {@link #of(long)}
 * is {@code createStringObjectFromLongLongForValue} (INCR and friends), {@link #of(byte[])}
 * is {@code createStringObject}, {@link #raw} is {@code createRawStringObject}. The bytes a
 * value reads as never depend on its representation.
 */
public abstract sealed class StringValue implements RedisValue
        permits StringValue.Int, StringValue.Text {
    /** OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
    public static final int EMBSTR_SIZE_LIMIT = 44;
    /** tryObjectEncoding only tries strings this short (LONG_STR_SIZE). */
    static final int MAX_INT_LENGTH = 20;
    /** OBJ_SHARED_INTEGERS. */
    public static final int SHARED_INTEGERS = 10_000;
    private static final Int[] SHARED = new Int[SHARED_INTEGERS];

    static {
        for (int i = 0; i < SHARED.length; i++) {
            SHARED[i] = new Int(i);
        }
    }

    private StringValue() {
    }

    /** Wraps without copying (embstr up to 44 bytes, else raw); the caller must not mutate {@code bytes} afterwards. */
    public static StringValue of(byte[] bytes) {
        return bytes.length <= EMBSTR_SIZE_LIMIT ? new EmbStr(bytes) : new Raw(bytes);
    }

    public static StringValue of(String utf8) {
        return of(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** An integer value: the shared instance for 0..9999, else an {@code int}-encoded one. */
    public static StringValue of(long value) {
        return value >= 0 && value < SHARED_INTEGERS ? SHARED[(int) value] : new Int(value);
    }

    /**
     * Redis's {@code tryObjectEncoding}: a canonical decimal long of at most 20 characters is
     * stored as that long; anything else as {@link #of(byte[])}. Wraps without copying.
     */
    public static StringValue encoded(byte[] bytes) {
        if (bytes.length <= MAX_INT_LENGTH && bytes.length > 0) {
            long v = parseCanonical(bytes);
            if (v != NOT_CANONICAL || isMinValueSentinelText(bytes)) {
                return of(v);
            }
        }
        return of(bytes);
    }

    /** A string modified in place in Redis (always {@code raw}); wraps without copying. */
    public static StringValue raw(byte[] bytes) {
        return new Raw(bytes);
    }

    /** The bytes (not a copy for {@code embstr}/{@code raw}; do not mutate). */
    public abstract byte[] bytes();

    public abstract int length();

    /** OBJECT ENCODING's answer: {@code int}, {@code embstr} or {@code raw}. */
    public final String encodingName() {
        return this instanceof Int ? "int" : this instanceof EmbStr ? "embstr" : "raw";
    }

    /** Whether the value is kept as a long ({@code int} encoding); then {@link #longValue} is it. */
    public final boolean isInteger() {
        return this instanceof Int;
    }

    /** The long of an {@code int}-encoded value; only when {@link #isInteger}. */
    public final long longValue() {
        return ((Int) this).value;
    }

    /**
     * This value as an object of its own when it is a shared integer (Redis's tryObjectEncoding
     * under an LRU/LFU maxmemory policy, where every key needs its own access field), else itself.
     */
    public final StringValue unshared() {
        return isShared() ? new Int(((Int) this).value) : this;
    }

    /** Whether this is one of the shared small integers (Redis's OBJ_SHARED_REFCOUNT objects). */
    public final boolean isShared() {
        return this instanceof Int i && i.value >= 0 && i.value < SHARED_INTEGERS && SHARED[(int) i.value] == i;
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
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** Returned by {@link #parseCanonical} for text that is not a canonical long. */
    private static final long NOT_CANONICAL = Long.MIN_VALUE;

    private static final byte[] MIN_VALUE_TEXT = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    /** Long.MIN_VALUE is canonical too, but its value is the parser's "not canonical" answer. */
    private static boolean isMinValueSentinelText(byte[] s) {
        return java.util.Arrays.equals(s, MIN_VALUE_TEXT);
    }

    /**
     * Redis's string2ll on the whole array: an optional '-', then digits without a leading zero
     * (except "0" itself), no "-0", within the long range. Returns {@link #NOT_CANONICAL} (also
     * Long.MIN_VALUE's own value, which the caller tells apart by its text) otherwise.
     */
    private static long parseCanonical(byte[] s) {
        int i = 0;
        boolean negative = s[0] == '-';
        if (negative) {
            i = 1;
            if (s.length == 1) {
                return NOT_CANONICAL;
            }
        }
        if (s[i] == '0') {
            return s.length == 1 ? 0 : NOT_CANONICAL;
        }
        long v = 0;
        for (; i < s.length; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return NOT_CANONICAL;
            }
            // Accumulate negatively: the negative range is one larger.
            if (v < (Long.MIN_VALUE + d) / 10) {
                return NOT_CANONICAL;
            }
            v = v * 10 - d;
        }
        if (negative) {
            return v;
        }
        return v == Long.MIN_VALUE ? NOT_CANONICAL : -v;
    }

    /** {@code int} encoding. */
    static final class Int extends StringValue {
        final long value;

        private Int(long value) {
            this.value = value;
        }

        @Override
        public byte[] bytes() {
            return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public int length() {
            return Long.toString(value).length();
        }

        @Override
        public long memoryUsage(int samples) {
            return dev.tandem.core.internal.MemoryLayout.shallow(Int.class);
        }
    }

    /** The two forms that keep the bytes themselves; they differ only in the name OBJECT ENCODING gives. */
    abstract static sealed class Text extends StringValue permits EmbStr, Raw {
        private final byte[] bytes;

        private Text(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public final byte[] bytes() {
            return bytes;
        }

        @Override
        public final int length() {
            return bytes.length;
        }

        @Override
        public final long memoryUsage(int samples) {
            return dev.tandem.core.internal.MemoryLayout.shallow(getClass())
                    + dev.tandem.core.internal.MemoryLayout.byteArray(bytes.length);
        }
    }

    /** {@code embstr} encoding. */
    static final class EmbStr extends Text {
        private EmbStr(byte[] bytes) {
            super(bytes);
        }
    }

    /** {@code raw} encoding. */
    static final class Raw extends Text {
        private Raw(byte[] bytes) {
            super(bytes);
        }
    }
}
