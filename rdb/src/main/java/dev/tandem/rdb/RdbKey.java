/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key as the reader met it: where it lives, how it is encoded, and the key-scoped opcodes
 * that preceded it.
 *
 * @param db          database index from the last SELECTDB (0 if none)
 * @param key         the key bytes
 * @param rdbType     the object type byte ({@link RdbTypes})
 * @param expireAtMs  absolute unix-ms expiry, or {@link #NO_EXPIRY} (Redis also treats a
 *                    stored -1 as "none"); EXPIRETIME seconds are already multiplied by 1000
 * @param idleSeconds LRU idle time from an IDLE opcode, or -1
 * @param lfuFreq     LFU counter from a FREQ opcode (0–255), or -1
 * @param offset      stream offset of the object type byte
 */
public record RdbKey(int db, byte[] key, int rdbType, long expireAtMs, long idleSeconds, int lfuFreq, long offset) {
    public static final long NO_EXPIRY = -1;

    public ValueKind kind() {
        return RdbTypes.kindOf(rdbType);
    }

    public boolean hasExpiry() {
        return expireAtMs != NO_EXPIRY;
    }

    /** The key decoded as UTF-8 (lossy for binary keys); for messages and tests. */
    public String keyString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RdbKey k && db == k.db && Arrays.equals(key, k.key) && rdbType == k.rdbType
                && expireAtMs == k.expireAtMs && idleSeconds == k.idleSeconds && lfuFreq == k.lfuFreq
                && offset == k.offset;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + db;
    }

    @Override
    public String toString() {
        return "RdbKey[db=" + db + ", key=" + Printable.of(key) + ", type=" + RdbTypes.name(rdbType)
                + ", expireAtMs=" + expireAtMs + ", idle=" + idleSeconds + ", freq=" + lfuFreq
                + ", offset=" + offset + "]";
    }
}
