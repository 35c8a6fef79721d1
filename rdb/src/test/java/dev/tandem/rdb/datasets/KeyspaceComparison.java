/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.datasets;

import dev.tandem.core.internal.Dict;
import dev.tandem.core.internal.Entry;
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
import dev.tandem.core.value.StreamPendingEntry;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.core.value.ZSkipList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Structural equality of two keyspaces: same keys per database, same expiries, same values
 * (element by element, in order where order is part of the value) and the same emulated
 * encodings. Stream metadata that RDB type 15 cannot carry is compared against what Redis
 * derives when it loads type 15, when asked to.
 */
public final class KeyspaceComparison {
    /** How much stream metadata the file format carried. */
    public enum StreamMetadata {
        /** Type 19/21: first ID, max deleted ID, entries added and groups' entries-read kept. */
        EXACT,
        /** Type 15: those are derived on load as Redis 7.0 derives them. */
        DERIVED_FROM_TYPE_15
    }

    private KeyspaceComparison() {
    }

    public static void assertSameData(Keyspace expected, Keyspace actual, StreamMetadata streams) {
        assertEquals(expected.databaseCount(), actual.databaseCount(), "database count");
        for (int db = 0; db < expected.databaseCount(); db++) {
            int d = db;
            assertEquals(expected.database(db).size(), actual.database(db).size(), "keys in db " + db);
            expected.database(db).forEachEntry(e -> {
                Entry a = actual.database(d).peek(e.key());
                String where = "db " + d + " key " + e.key();
                assertNotNull(a, "missing " + where);
                assertEquals(e.expireAt(), a.expireAt(), "expiry of " + where);
                assertSameValue(e.value(), a.value(), streams, where);
            });
        }
    }

    public static void assertSameValue(RedisValue e, RedisValue a, StreamMetadata streams, String where) {
        assertEquals(e.type(), a.type(), "type of " + where);
        if (e instanceof StringValue s) {
            assertArrayEquals(s.bytes(), ((StringValue) a).bytes(), where);
        } else if (e instanceof ListValue l) {
            ListValue al = (ListValue) a;
            assertEquals(l.size(), al.size(), "length of " + where);
            Iterator<byte[]> it = al.iterator();
            int i = 0;
            for (byte[] el : l) {
                assertArrayEquals(el, it.next(), "element " + i++ + " of " + where);
            }
        } else if (e instanceof SetValue s) {
            SetValue as = (SetValue) a;
            assertEquals(s.size(), as.size(), "size of " + where);
            for (Key m : s) {
                assertTrue(as.contains(m), "member " + m + " of " + where);
            }
            assertEquals(s.isIntsetEncoded(), as.isIntsetEncoded(), "intset encoding of " + where);
        } else if (e instanceof ZSetValue z) {
            ZSetValue az = (ZSetValue) a;
            assertEquals(z.size(), az.size(), "size of " + where);
            for (ZSkipList.Node n : z) {
                Double score = az.score(n.member());
                assertNotNull(score, "member " + n.member() + " of " + where);
                assertEquals(Double.doubleToRawLongBits(n.score()), Double.doubleToRawLongBits(score),
                        "score of " + n.member() + " in " + where + ": " + n.score() + " vs " + score);
            }
            assertEquals(z.isCompact(), az.isCompact(), "listpack encoding of " + where);
        } else if (e instanceof HashValue h) {
            HashValue ah = (HashValue) a;
            assertEquals(h.size(), ah.size(), "size of " + where);
            for (HashValue.Field f : h) {
                assertArrayEquals(f.value(), ah.get(f.key()), "field " + f.key() + " of " + where);
            }
            assertEquals(h.isListpackEncoded(), ah.isListpackEncoded(), "listpack encoding of " + where);
        } else if (e instanceof StreamValue s) {
            assertSameStream(s, (StreamValue) a, streams, where);
        } else {
            throw new AssertionError("unknown value type " + e);
        }
    }

    private static void assertSameStream(StreamValue e, StreamValue a, StreamMetadata mode, String where) {
        assertEquals(e.length(), a.length(), "length of " + where);
        Iterator<StreamEntry> it = a.entries().values().iterator();
        for (StreamEntry x : e.entries().values()) {
            StreamEntry y = it.next();
            assertEquals(x.id(), y.id(), "entry id in " + where);
            assertEquals(fields(x), fields(y), "entry " + x.id() + " of " + where);
        }
        assertEquals(e.lastId(), a.lastId(), "last id of " + where);
        if (mode == StreamMetadata.EXACT) {
            assertEquals(e.firstId(), a.firstId(), "first id of " + where);
            assertEquals(e.maxDeletedEntryId(), a.maxDeletedEntryId(), "max deleted id of " + where);
            assertEquals(e.entriesAdded(), a.entriesAdded(), "entries added of " + where);
        } else {
            StreamId derivedFirst = e.isEmpty() ? StreamId.MAX : e.firstEntryId();
            assertEquals(derivedFirst, a.firstId(), "first id of " + where);
            assertEquals(StreamId.MIN, a.maxDeletedEntryId(), "max deleted id of " + where);
            assertEquals(e.length(), a.entriesAdded(), "entries added of " + where);
        }
        assertEquals(new ArrayList<>(e.groups().keySet()), new ArrayList<>(a.groups().keySet()), "groups of " + where);
        for (Map.Entry<Key, StreamConsumerGroup> ge : e.groups().entrySet()) {
            StreamConsumerGroup x = ge.getValue();
            StreamConsumerGroup y = a.groups().get(ge.getKey());
            String g = "group " + x.name() + " of " + where;
            assertEquals(x.lastDeliveredId(), y.lastDeliveredId(), "last delivered of " + g);
            if (mode == StreamMetadata.EXACT) {
                assertEquals(x.entriesRead(), y.entriesRead(), "entries read of " + g);
            } else {
                assertEquals(a.estimateEntriesRead(y.lastDeliveredId()), y.entriesRead(), "entries read of " + g);
            }
            assertEquals(new ArrayList<>(x.pending().keySet()), new ArrayList<>(y.pending().keySet()), "PEL of " + g);
            for (StreamPendingEntry p : x.pending().values()) {
                StreamPendingEntry q = y.pending().get(p.id());
                assertEquals(p.deliveryTime(), q.deliveryTime(), "delivery time of " + p.id() + " in " + g);
                assertEquals(p.deliveryCount(), q.deliveryCount(), "delivery count of " + p.id() + " in " + g);
                assertEquals(p.consumer().name(), q.consumer().name(), "owner of " + p.id() + " in " + g);
            }
            assertEquals(new ArrayList<>(x.consumers().keySet()), new ArrayList<>(y.consumers().keySet()),
                    "consumers of " + g);
            for (StreamConsumer c : x.consumers().values()) {
                StreamConsumer d = y.consumers().get(c.name());
                assertEquals(c.seenTime(), d.seenTime(), "seen time of " + c.name() + " in " + g);
                assertEquals(new ArrayList<>(c.pending().keySet()), new ArrayList<>(d.pending().keySet()),
                        "pending of " + c.name() + " in " + g);
            }
        }
    }

    private static List<String> fields(StreamEntry e) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.fieldCount(); i++) {
            out.add(Arrays.toString(e.field(i)) + "=" + Arrays.toString(e.value(i)));
        }
        return out;
    }
}
