/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.datasets;

import dev.tandem.core.internal.DatasetBuilder;
import dev.tandem.core.Key;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.StreamConsumer;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamEntry;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ZSetValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random datasets with every value type and the encodings that matter to an RDB
 * writer: int-like and non-canonical numeric strings, compressible and incompressible
 * strings, binary keys and values, small (compact) and big collections, sorted sets with
 * infinities, streams with several nodes, deleted-entry metadata and consumer groups with
 * PELs, keys with past and future expiries, in several databases.
 */
public final class RandomDatasets {
    /** A time far enough ahead that "future" expiries stay in the future while tests run. */
    public static final long FUTURE = 4_102_444_800_000L;

    /** How much data. */
    public record Profile(int keys, int maxSmall, int bigEvery, int bigSize, int[] dbs, boolean pastExpiries) {
        /** Every type, a few big collections, 5 databases, some keys already expired. */
        public static Profile standard(int keys) {
            return new Profile(keys, 40, 25, 1500, new int[] {0, 1, 2, 9, 15}, true);
        }

        /** Without already-expired keys (which a Redis master drops when it loads a file). */
        public Profile withoutPastExpiries() {
            return new Profile(keys, maxSmall, bigEvery, bigSize, dbs, false);
        }
    }

    private final SplittableRandom random;
    private final Profile profile;
    private final long now;
    private int counter;

    private RandomDatasets(long seed, Profile profile, long now) {
        this.random = new SplittableRandom(seed);
        this.profile = profile;
        this.now = now;
    }

    /** A fixed "now" for past expiries, so that the same seed always gives the same data. */
    public static final long PAST_REFERENCE = 1_700_000_000_000L;

    /** Replaces {@code keyspace}'s contents with a random dataset; returns how many keys. */
    public static long fill(Keyspace keyspace, long seed, Profile profile) {
        return new RandomDatasets(seed, profile, PAST_REFERENCE).fill(keyspace);
    }

    private long fill(Keyspace keyspace) {
        DatasetBuilder b = keyspace.newDatasetBuilder();
        for (int i = 0; i < profile.keys(); i++) {
            int db = profile.dbs()[random.nextInt(profile.dbs().length)];
            boolean big = profile.bigEvery() > 0 && i % profile.bigEvery() == profile.bigEvery() - 1;
            RedisValue value = switch (random.nextInt(6)) {
                case 0 -> StringValue.of(string());
                case 1 -> list(big);
                case 2 -> set(big);
                case 3 -> zset(big);
                case 4 -> hash(big);
                default -> stream(big);
            };
            long expireAt = -1;
            int e = random.nextInt(10);
            if (e < 3) {
                expireAt = FUTURE + random.nextInt(1_000_000);
            } else if (e == 3 && profile.pastExpiries()) {
                expireAt = now - 1 - random.nextInt(1_000_000); // already expired: kept in the file
            }
            Key key = key();
            if (!b.put(db, key, value, expireAt)) {
                throw new IllegalStateException("generator produced a duplicate key " + key);
            }
        }
        long n = b.size();
        b.commit();
        return n;
    }

    private Key key() {
        counter++;
        if (random.nextInt(4) == 0) {
            byte[] k = bytes(1 + random.nextInt(30));
            byte[] withCounter = new byte[k.length + 4];
            System.arraycopy(k, 0, withCounter, 0, k.length);
            for (int i = 0; i < 4; i++) {
                withCounter[k.length + i] = (byte) (counter >>> (8 * i));
            }
            return Key.of(withCounter);
        }
        return Key.of(ascii("key:" + counter + ":" + random.nextInt(1000)));
    }

    /** A string of one of the shapes the RDB string encoder distinguishes. */
    byte[] string() {
        return switch (random.nextInt(12)) {
            case 0 -> ascii(Long.toString(random.nextInt(256) - 128));
            case 1 -> ascii(Long.toString(random.nextLong()));
            case 2 -> ascii(Long.toString(random.nextInt()));
            case 3 -> ascii(new String[] {"007", "-0", "+1", " 1", "1 ", "", "00", "2147483648", "-2147483649",
                "12345678901", "-", "1e3", "0x10"}[random.nextInt(13)]);
            case 4 -> ascii("a".repeat(21 + random.nextInt(500)));
            case 5 -> ascii(("lorem ipsum " + random.nextInt(50) + " ").repeat(2 + random.nextInt(30)));
            case 6 -> bytes(random.nextInt(200));
            case 7 -> bytes(20 + random.nextInt(3));
            case 8 -> bytes(1000 + random.nextInt(20000));
            default -> ascii("v" + random.nextInt(100_000));
        };
    }

    /** Strings short enough for the compact encodings (at most 64 bytes). */
    private byte[] shortString() {
        byte[] s = string();
        return s.length <= 64 ? s : ascii("s" + random.nextInt(1_000_000));
    }

    private int size(boolean big) {
        return big ? profile.bigSize() + random.nextInt(profile.bigSize()) : 1 + random.nextInt(profile.maxSmall());
    }

    private ListValue list(boolean big) {
        ListValue l = new ListValue();
        int n = size(big);
        for (int i = 0; i < n; i++) {
            l.addLast(random.nextInt(3) == 0 ? string() : shortString());
        }
        return l;
    }

    private SetValue set(boolean big) {
        SetValue s = new SetValue();
        int n = size(big);
        int shape = random.nextInt(3);
        while (s.size() < n) {
            byte[] m = switch (shape) {
                case 0 -> ascii(Long.toString(random.nextLong(-100_000, 100_000)));   // intset unless big
                case 1 -> ascii(Long.toString(random.nextLong()));                    // int64 intset
                default -> random.nextInt(4) == 0 ? ascii(Integer.toString(random.nextInt())) : string();
            };
            s.add(Key.of(m));
        }
        return s;
    }

    private ZSetValue zset(boolean big) {
        ZSetValue z = new ZSetValue();
        int n = size(big);
        boolean longMembers = random.nextInt(5) == 0;
        while (z.size() < n) {
            byte[] m = longMembers ? string() : shortString();
            z.add(Key.of(m), score());
        }
        return z;
    }

    private double score() {
        return switch (random.nextInt(8)) {
            case 0 -> Double.POSITIVE_INFINITY;
            case 1 -> Double.NEGATIVE_INFINITY;
            case 2 -> random.nextInt(2000) - 1000;
            case 3 -> random.nextDouble() * 1e300;
            case 4 -> 0.1 * random.nextInt(100);
            case 5 -> Double.longBitsToDouble(random.nextLong() & 0x7FEFFFFFFFFFFFFFL) * (random.nextBoolean() ? 1 : -1);
            default -> random.nextDouble() * 100 - 50;
        };
    }

    private HashValue hash(boolean big) {
        HashValue h = new HashValue();
        int n = size(big);
        boolean longValues = random.nextInt(5) == 0;
        while (h.size() < n) {
            h.put(Key.of(shortString()), longValues ? string() : shortString());
        }
        return h;
    }

    private StreamValue stream(boolean big) {
        StreamValue s = new StreamValue();
        int n = random.nextInt(8) == 0 ? 0 : size(big);
        long ms = 1_600_000_000_000L + random.nextInt(1_000_000);
        long seq = 0;
        byte[][] commonFields = {ascii("name"), ascii("age"), ascii("city")};
        for (int i = 0; i < n; i++) {
            if (random.nextInt(3) == 0) {
                ms += 1 + random.nextInt(100_000);
                seq = random.nextInt(3);
            } else {
                seq += 1 + random.nextInt(5);
            }
            byte[][] fv;
            if (random.nextInt(4) != 0) {
                fv = new byte[6][];
                for (int f = 0; f < 3; f++) {
                    fv[2 * f] = commonFields[f];
                    fv[2 * f + 1] = shortString();
                }
            } else {
                int pairs = 1 + random.nextInt(4);
                fv = new byte[2 * pairs][];
                for (int f = 0; f < pairs; f++) {
                    fv[2 * f] = shortString();
                    fv[2 * f + 1] = random.nextInt(10) == 0 ? string() : shortString();
                }
            }
            s.appendEntry(new StreamId(ms, seq), fv);
        }
        if (random.nextBoolean()) {
            // As if entries had been deleted and trimmed: the counters run ahead of the entries.
            StreamId last = new StreamId(ms + 10, 0);
            StreamId first = s.isEmpty() ? StreamId.MIN : s.firstEntryId();
            s.setMetadata(last, first, new StreamId(ms + 5, 1), s.entriesAdded() + random.nextInt(100));
        }
        int groups = random.nextInt(3);
        List<StreamId> ids = new ArrayList<>(s.entries().keySet());
        for (int g = 0; g < groups; g++) {
            StreamId lastDelivered = ids.isEmpty() ? StreamId.MIN : ids.get(random.nextInt(ids.size()));
            long entriesRead = random.nextBoolean() ? StreamConsumerGroup.ENTRIES_READ_UNKNOWN : random.nextInt(1000);
            StreamConsumerGroup group = s.createGroup(Key.of(ascii("group-" + g)), lastDelivered, entriesRead);
            int consumers = random.nextInt(4);
            List<StreamConsumer> cs = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                long seen = 1_700_000_000_000L + random.nextInt(1_000_000);
                cs.add(group.addConsumer(Key.of(ascii("consumer-" + c)), seen, seen));
            }
            if (!cs.isEmpty()) {
                for (StreamId id : ids) {
                    if (id.compareTo(lastDelivered) <= 0 && random.nextInt(3) == 0) {
                        group.addPending(id, 1_700_000_000_000L + random.nextInt(1_000_000), 1 + random.nextInt(5));
                        cs.get(random.nextInt(cs.size())).ownPending(id);
                    }
                }
            }
        }
        return s;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The entries of a stream as a list (test convenience). */
    public static List<StreamEntry> entries(StreamValue s) {
        return new ArrayList<>(s.entries().values());
    }
}
