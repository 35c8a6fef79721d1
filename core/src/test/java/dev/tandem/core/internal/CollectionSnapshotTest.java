/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.SetValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * In-place mutation of lists, hashes and sets during a forkless snapshot: whatever a writer
 * does after the snapshot started, the snapshot must hold every key as of its start (the
 * writer side-saves the entry before mutating it).
 */
class CollectionSnapshotTest {

    /** Records each delivered entry as a readable rendering of a deep copy. */
    static final class RecordingSink implements SnapshotSink {
        final Map<String, String> entries = new HashMap<>();
        boolean ended;

        @Override
        public void begin(SnapshotInfo info) {
        }

        @Override
        public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
            String previous = entries.put(db + ":" + key, describe(value.deepCopy()));
            assertEquals(null, previous, "each key is delivered once: " + key);
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    /** An order-independent rendering for sets and hashes; lists keep their order. */
    static String describe(RedisValue v) {
        if (v instanceof ListValue l) {
            List<String> items = new ArrayList<>();
            for (byte[] e : l) {
                items.add(utf8(e));
            }
            return "list" + items;
        }
        if (v instanceof HashValue h) {
            TreeMap<String, String> m = new TreeMap<>();
            h.forEach((f, val) -> m.put(f.toString(), utf8(val)));
            return "hash" + m;
        }
        if (v instanceof SetValue s) {
            TreeSet<String> m = new TreeSet<>();
            s.forEach(k -> m.add(k.toString()));
            return "set" + m;
        }
        return v.type() + ":" + v;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static Stream<Arguments> mutations() {
        return Stream.of(
                Arguments.of("LPUSH l x", "list[a, b, c]"),
                Arguments.of("RPOP l", "list[a, b, c]"),
                Arguments.of("LPOP l 3", "list[a, b, c]"),
                Arguments.of("LSET l 1 z", "list[a, b, c]"),
                Arguments.of("LTRIM l 1 1", "list[a, b, c]"),
                Arguments.of("LREM l 0 b", "list[a, b, c]"),
                Arguments.of("LINSERT l BEFORE b z", "list[a, b, c]"),
                Arguments.of("LMOVE l l LEFT RIGHT", "list[a, b, c]"),
                Arguments.of("LMOVE l l2 LEFT RIGHT", "list[a, b, c]"),
                Arguments.of("LMPOP 1 l RIGHT COUNT 2", "list[a, b, c]"),
                Arguments.of("HSET h f 9 g 9", "hash{f=1, g=2}"),
                Arguments.of("HDEL h f g", "hash{f=1, g=2}"),
                Arguments.of("HINCRBY h f 5", "hash{f=1, g=2}"),
                Arguments.of("HINCRBYFLOAT h g 0.5", "hash{f=1, g=2}"),
                Arguments.of("HSETNX h new 1", "hash{f=1, g=2}"),
                Arguments.of("SADD s x", "set[m, n]"),
                Arguments.of("SREM s m n", "set[m, n]"),
                Arguments.of("SPOP s", "set[m, n]"),
                Arguments.of("SPOP s 5", "set[m, n]"),
                Arguments.of("SMOVE s s2 m", "set[m, n]"),
                Arguments.of("SUNIONSTORE s s s2", "set[m, n]"),
                Arguments.of("SINTERSTORE s s nothing", "set[m, n]"));
    }

    /** The key a mutation changes: the first key argument (after numkeys for LMPOP). */
    private static String mutatedKey(String mutation) {
        String[] w = CommandRow.words(mutation);
        return w[0].equalsIgnoreCase("LMPOP") ? w[2] : w[1];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void snapshotKeepsValuesAsOfItsStart(String mutation, String expectedAtStart) {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("RPUSH", "l", "a", "b", "c");
        ks.exec("HSET", "h", "f", "1", "g", "2");
        ks.exec("SADD", "s", "m", "n");
        ks.exec("SADD", "s2", "o");
        RecordingSink sink = new RecordingSink();
        Snapshot snapshot = ks.keyspace.startSnapshot(sink);

        String key = mutatedKey(mutation);
        ks.exec(CommandRow.words(mutation));
        while (snapshot.step(1)) {
            // The walk resumes after the write, as the serializer thread would.
        }

        assertTrue(sink.ended);
        assertEquals(expectedAtStart, sink.entries.get("0:" + key));
        assertEquals("list[a, b, c]", sink.entries.get("0:l"));
        assertEquals("hash{f=1, g=2}", sink.entries.get("0:h"));
        assertEquals("set[m, n]", sink.entries.get("0:s"));
        assertEquals("set[o]", sink.entries.get("0:s2"));
        assertEquals(4, sink.entries.size(), "keys created after the start belong to the stream");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void mutationHalfwayThroughTheWalk(String mutation, String expectedAtStart) {
        KeyspaceFixture ks = new KeyspaceFixture();
        ks.exec("RPUSH", "l", "a", "b", "c");
        ks.exec("HSET", "h", "f", "1", "g", "2");
        ks.exec("SADD", "s", "m", "n");
        ks.exec("SADD", "s2", "o");
        for (int i = 0; i < 50; i++) {
            ks.exec("RPUSH", "filler" + i, "x");
        }
        RecordingSink sink = new RecordingSink();
        Snapshot snapshot = ks.keyspace.startSnapshot(sink);
        for (int i = 0; i < 5; i++) {
            snapshot.step(5);
        }
        String key = mutatedKey(mutation);
        ks.exec(CommandRow.words(mutation));
        ks.exec(CommandRow.words(mutation)); // a second write must not re-deliver the key
        while (snapshot.step(7)) {
            // drain
        }
        assertEquals(expectedAtStart, sink.entries.get("0:" + key));
        assertEquals(54, sink.entries.size());
        assertFalse(sink.entries.containsKey("0:l2"));
    }
}
