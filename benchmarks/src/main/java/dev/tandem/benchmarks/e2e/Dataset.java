/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks.e2e;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ReplicatedKeyspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The datasets of the scenarios, generated deterministically (key {@code i} always gets the
 * same command), so that Tandem and redis-server hold exactly the same data.
 *
 * <p>Values are random alphanumerics from a seeded generator: a constant value would shrink to
 * almost nothing under RDB's LZF compression and flatter both sides' transfer figures.
 */
enum Dataset {
    /** {@code SET key:<i> <100 random alphanumerics>}. */
    STRINGS("100-byte strings") {
        @Override
        byte[][] command(int i) {
            return new byte[][] {SET, key("key:", i), randomBytes(i, 100)};
        }
    },
    /**
     * One fifth each of 100-byte strings, hashes of 5 fields, lists of 5 elements, sets of 5
     * members and sorted sets of 5 members (10-byte elements): the small-collection encodings
     * (listpacks, intsets) that Redis uses for most real collections.
     */
    MIXED("mixed types") {
        @Override
        byte[][] command(int i) {
            return switch (i % 5) {
                case 0 -> new byte[][] {SET, key("str:", i), randomBytes(i, 100)};
                case 1 -> withElements(new byte[][] {HSET, key("hash:", i)}, i, 5, true, false);
                case 2 -> withElements(new byte[][] {RPUSH, key("list:", i)}, i, 5, false, false);
                case 3 -> withElements(new byte[][] {SADD, key("set:", i)}, i, 5, false, false);
                default -> withElements(new byte[][] {ZADD, key("zset:", i)}, i, 5, false, true);
            };
        }
    };

    private static final byte[] SET = ascii("SET");
    private static final byte[] HSET = ascii("HSET");
    private static final byte[] RPUSH = ascii("RPUSH");
    private static final byte[] SADD = ascii("SADD");
    private static final byte[] ZADD = ascii("ZADD");
    private static final byte[] ALPHABET = ascii("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    private static final int LOAD_BATCH = 1000;

    private final String description;

    Dataset(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }

    /** The command that creates key {@code i}. */
    abstract byte[][] command(int i);

    /** Loads keys {@code 0..keys-1} into a Tandem node through its in-process API. */
    void loadInto(ReplicatedKeyspace node, int keys) {
        for (int i = 0; i < keys; i++) {
            Reply reply = node.execute(command(i));
            if (reply instanceof Reply.ErrorReply) {
                throw new IllegalStateException("loading " + this + " key " + i + ": " + reply);
            }
        }
    }

    /** Loads keys {@code 0..keys-1} into a RESP server (pipelined, batches of 1000). */
    void loadInto(int port, int keys) throws IOException {
        try (PipelinedConnection c = PipelinedConnection.connect(port)) {
            for (int i = 0; i < keys; i++) {
                c.queue(command(i));
                if ((i + 1) % LOAD_BATCH == 0 || i == keys - 1) {
                    c.flush();
                }
            }
            if (c.errors() > 0) {
                throw new IOException(c.errors() + " errors loading " + this + ", first: " + c.firstError());
            }
        }
    }

    /** The key of a {@link #STRINGS} entry, as the rewriting writers address it. */
    static byte[] stringKey(int i) {
        return key("key:", i);
    }

    /** {@code length} random alphanumerics, the same for the same {@code seed}. */
    static byte[] randomBytes(long seed, int length) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
        byte[] out = new byte[length];
        for (int j = 0; j < length; j++) {
            out[j] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return out;
    }

    private static byte[][] withElements(byte[][] head, int i, int n, boolean hashFields, boolean scores) {
        int per = hashFields || scores ? 2 : 1;
        byte[][] argv = new byte[head.length + n * per][];
        System.arraycopy(head, 0, argv, 0, head.length);
        int at = head.length;
        for (int e = 0; e < n; e++) {
            if (hashFields) {
                argv[at++] = ascii("field" + e);
            } else if (scores) {
                argv[at++] = ascii(Integer.toString(e + 1));
            }
            argv[at++] = randomBytes((long) i * 8 + e, 10);
        }
        return argv;
    }

    private static byte[] key(String prefix, int i) {
        return ascii(prefix + i);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

}
