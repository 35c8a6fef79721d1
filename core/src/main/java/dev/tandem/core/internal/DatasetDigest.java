/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.ScoreFormat;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.StreamEntry;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The dataset digest of Redis 7.0's {@code DEBUG DIGEST} and {@code DEBUG DIGEST-VALUE}
 * (debug.c computeDatasetDigest / xorObjectDigest), so that the same dataset gives the same
 * hex on redis-server and on Tandem and tests can compare nodes across implementations.
 *
 * <p>Order-independent where Redis is: the SHA-1s of keys' digests are XORed together, as are
 * those of set members, hash fields and sorted-set members (debug.c's xorDigest hashes its
 * input before XORing, even when the input is itself a digest); list elements are mixed in
 * order. Every value type must be
 * covered exactly like Redis or cross-implementation comparisons fail, which is what the
 * interop tests check.
 */
public final class DatasetDigest {
    private static final byte[] EXPIRE_MARK = "!!expire!!".getBytes(StandardCharsets.US_ASCII);
    private static final String ZERO = "0".repeat(40);

    /** Redis's object type numbers (server.h OBJ_*), mixed in as a big-endian uint32. */
    private static int redisTypeNumber(RedisValue v) {
        return switch (v.type()) {
            case STRING -> 0;
            case LIST -> 1;
            case SET -> 2;
            case ZSET -> 3;
            case HASH -> 4;
            case STREAM -> 6;
        };
    }

    private final MessageDigest sha1;

    private DatasetDigest() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }

    /** {@code DEBUG DIGEST}: 40 hex chars, all zeros for an empty dataset. */
    public static String of(Keyspace keyspace) {
        DatasetDigest d = new DatasetDigest();
        byte[] total = new byte[20];
        keyspace.lock().readLock().lock();
        try {
            for (int db = 0; db < keyspace.databaseCount(); db++) {
                Database database = keyspace.database(db);
                if (database.size() == 0) {
                    continue;
                }
                // The db number is mixed in so the same data in another db digests differently.
                d.mix(total, new byte[] {(byte) (db >>> 24), (byte) (db >>> 16), (byte) (db >>> 8),
                        (byte) db});
                database.forEachEntry(e -> {
                    byte[] keyDigest = new byte[20];
                    d.mix(keyDigest, e.key().bytes());
                    d.objectDigest(keyDigest, e.value(), e.hasExpiry());
                    d.xorSha1(total, keyDigest);
                });
            }
        } finally {
            keyspace.lock().readLock().unlock();
        }
        return hex(total);
    }

    /** {@code DEBUG DIGEST-VALUE key}: the value's digest, all zeros for a missing key. */
    public static String ofValue(Keyspace keyspace, int db, Key key) {
        keyspace.lock().readLock().lock();
        try {
            Entry e = keyspace.database(db).peek(key);
            if (e == null) {
                return ZERO;
            }
            byte[] digest = new byte[20];
            new DatasetDigest().objectDigest(digest, e.value(), e.hasExpiry());
            return hex(digest);
        } finally {
            keyspace.lock().readLock().unlock();
        }
    }

    private void objectDigest(byte[] digest, RedisValue value, boolean hasExpiry) {
        int t = redisTypeNumber(value);
        mix(digest, new byte[] {(byte) (t >>> 24), (byte) (t >>> 16), (byte) (t >>> 8), (byte) t});
        if (value instanceof StringValue s) {
            mix(digest, s.bytes());
        } else if (value instanceof ListValue list) {
            for (byte[] element : list) {
                mix(digest, element);
            }
        } else if (value instanceof SetValue set) {
            for (Key member : set) {
                xorSha1(digest, member.bytes());
            }
        } else if (value instanceof ZSetValue zset) {
            zset.forEach((member, score) -> {
                byte[] element = new byte[20];
                mix(element, member.bytes());
                mix(element, ScoreFormat.format(score).getBytes(StandardCharsets.US_ASCII));
                xorSha1(digest, element);
            });
        } else if (value instanceof HashValue hash) {
            hash.forEach((field, v) -> {
                byte[] element = new byte[20];
                mix(element, field.bytes());
                mix(element, v);
                xorSha1(digest, element);
            });
        } else if (value instanceof StreamValue stream) {
            // Entries only, in ID order; consumer groups are not part of Redis's digest.
            for (StreamEntry entry : stream.entries().values()) {
                StreamId id = entry.id();
                mix(digest, (Long.toUnsignedString(id.ms()) + "." + Long.toUnsignedString(id.seq()))
                        .getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < entry.fieldCount(); i++) {
                    mix(digest, entry.field(i));
                    mix(digest, entry.value(i));
                }
            }
        } else {
            throw new IllegalStateException("no digest for " + value.type());
        }
        if (hasExpiry) {
            xorSha1(digest, EXPIRE_MARK);
        }
    }

    /** debug.c xorDigest: {@code digest ^= SHA1(bytes)}. */
    private void xorSha1(byte[] digest, byte[] bytes) {
        xor(digest, sha1.digest(bytes));
    }

    /** debug.c mixDigest: {@code digest = SHA1(digest XOR SHA1(bytes))}. */
    private void mix(byte[] digest, byte[] bytes) {
        xorSha1(digest, bytes);
        byte[] rehashed = sha1.digest(digest);
        System.arraycopy(rehashed, 0, digest, 0, 20);
    }

    private static void xor(byte[] into, byte[] other) {
        for (int i = 0; i < 20; i++) {
            into[i] ^= other[i];
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
