/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.rdb.internal.codec.IntegerStrings;
import dev.tandem.rdb.internal.codec.ListpackBuilder;

/**
 * Encoded sizes of listpack entries, exactly as {@link ListpackBuilder} lays them out, so the
 * writer can plan node boundaries (stream nodes, quicklist nodes) before building them and
 * write each node as soon as it is built.
 */
final class ListpackSizes {
    /** An empty listpack: 4-byte total, 2-byte count, terminator. */
    static final int EMPTY = 7;

    private ListpackSizes() {
    }

    /** Bytes of an integer entry (encoding, data and back-length). */
    static int integer(long v) {
        int payload;
        if (v >= 0 && v <= 127) {
            payload = 1;
        } else if (v >= -4096 && v <= 4095) {
            payload = 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            payload = 3;
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            payload = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            payload = 5;
        } else {
            payload = 9;
        }
        return payload + 1;
    }

    /** Bytes of the entry {@link ListpackBuilder#add(byte[])} makes of {@code value}. */
    static long element(byte[] value) {
        if (IntegerStrings.isCanonicalInt64(value)) {
            return integer(parseCanonical(value));
        }
        int len = value.length;
        int header = len < 64 ? 1 : len < 4096 ? 2 : 5;
        long payload = (long) header + len;
        return payload + ListpackBuilder.backlenSize(payload);
    }

    /** Parses text already known to be a canonical int64. */
    private static long parseCanonical(byte[] s) {
        boolean negative = s[0] == '-';
        long acc = 0;
        for (int i = negative ? 1 : 0; i < s.length; i++) {
            acc = acc * 10 - (s[i] - '0');
        }
        return negative ? acc : -acc;
    }
}
