/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.Arrays;

/**
 * One hash field with its value and, for Redis 7.4 hash-field-expiry types, its absolute
 * unix-ms expiry ({@link #NO_EXPIRY} when the field has none).
 */
public record HashEntry(byte[] field, byte[] value, long expireAtMs) {
    public static final long NO_EXPIRY = -1;

    public HashEntry(byte[] field, byte[] value) {
        this(field, value, NO_EXPIRY);
    }

    public boolean hasExpiry() {
        return expireAtMs != NO_EXPIRY;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashEntry e && Arrays.equals(field, e.field) && Arrays.equals(value, e.value)
                && expireAtMs == e.expireAtMs;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(field) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return Printable.of(field) + "=" + Printable.of(value) + (hasExpiry() ? "@" + expireAtMs : "");
    }
}
