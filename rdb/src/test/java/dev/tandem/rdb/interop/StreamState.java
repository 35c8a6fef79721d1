/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.interop;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.Key;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamPendingEntry;
import dev.tandem.core.value.StreamValue;
import dev.tandem.testkit.RespClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Compares what redis-server reports about a stream (XINFO STREAM / GROUPS, XPENDING) with a
 * stream in a Tandem keyspace: the metadata and consumer-group state that DEBUG DIGEST does
 * not cover.
 */
final class StreamState {
    private StreamState() {
    }

    static void assertSame(RespClient redis, int db, String key, Keyspace ours) throws IOException {
        RedisTools.ok(redis, "SELECT", Integer.toString(db));
        StreamValue s = (StreamValue) ours.database(db).peek(Key.of(key)).value();
        String where = "stream " + key + " in db " + db;

        Map<String, Object> info = pairs((List<?>) redis.call("XINFO", "STREAM", key));
        assertEquals(s.length(), info.get("length"), "length of " + where);
        assertEquals(s.lastId().toString(), text(info.get("last-generated-id")), "last id of " + where);
        assertEquals(s.maxDeletedEntryId().toString(), text(info.get("max-deleted-entry-id")), "max deleted of " + where);
        assertEquals(s.entriesAdded(), info.get("entries-added"), "entries added of " + where);
        assertEquals(s.firstId().toString(), text(info.get("recorded-first-entry-id")), "first id of " + where);
        assertEquals((long) s.groups().size(), info.get("groups"), "groups of " + where);

        List<?> groups = (List<?>) redis.call("XINFO", "GROUPS", key);
        assertEquals(s.groups().size(), groups.size(), "groups of " + where);
        for (Object o : groups) {
            Map<String, Object> g = pairs((List<?>) o);
            String name = text(g.get("name"));
            StreamConsumerGroup ourGroup = s.groups().get(Key.of(name));
            assertNotNull(ourGroup, "group " + name + " of " + where);
            String gw = "group " + name + " of " + where;
            assertEquals((long) ourGroup.consumers().size(), g.get("consumers"), "consumers of " + gw);
            assertEquals((long) ourGroup.pending().size(), g.get("pending"), "pending of " + gw);
            assertEquals(ourGroup.lastDeliveredId().toString(), text(g.get("last-delivered-id")), "last delivered of " + gw);
            Object entriesRead = g.get("entries-read");
            assertEquals(ourGroup.entriesRead(), entriesRead == null ? -1L : entriesRead, "entries read of " + gw);

            List<?> pending = (List<?>) redis.call("XPENDING", key, name, "-", "+", "1000000");
            assertEquals(ourGroup.pending().size(), pending.size(), "PEL of " + gw);
            for (Object p : pending) {
                List<?> row = (List<?>) p;
                String id = text(row.get(0));
                StreamPendingEntry ourEntry = null;
                for (StreamPendingEntry e : ourGroup.pending().values()) {
                    if (e.id().toString().equals(id)) {
                        ourEntry = e;
                    }
                }
                assertNotNull(ourEntry, "pending " + id + " of " + gw);
                assertEquals(ourEntry.consumer().name().toString(), text(row.get(1)), "owner of " + id + " in " + gw);
                assertEquals(ourEntry.deliveryCount(), row.get(3), "delivery count of " + id + " in " + gw);
            }
        }
    }

    private static Map<String, Object> pairs(List<?> flat) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            m.put(text(flat.get(i)), flat.get(i + 1));
        }
        return m;
    }

    private static String text(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return String.valueOf(o);
    }
}
