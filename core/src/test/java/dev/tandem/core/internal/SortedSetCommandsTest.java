/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import dev.tandem.core.Key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.reply.Reply;
import dev.tandem.core.snapshot.Snapshot;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.ValueType;
import dev.tandem.core.value.ZSetValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sorted set behaviour that transcripts cannot show: expiry, WATCH, snapshots, binary data. */
class SortedSetCommandsTest {
    private final KeyspaceFixture ks = new KeyspaceFixture();

    private void expireIn(String key, long ms) {
        ks.keyspace.lock().writeLock().lock();
        try {
            Database db = ks.keyspace.database(0);
            db.setExpire(db.peek(Key.of(key)), ks.clock.nowMillis() + ms);
        } finally {
            ks.keyspace.lock().writeLock().unlock();
        }
    }

    private String run(String... argv) {
        return RedisTranscript.render(ks.exec(argv).reply(), ks.client.protocol());
    }

    @Test
    void writeToAnExpiredKeyPropagatesItsDeletionFirst() {
        ks.exec("ZADD", "k", "1", "a");
        expireIn("k", 10);
        ks.clock.advance(11);
        ks.exec("ZADD", "k", "2", "b").isInteger(1).propagates("MULTI", "DEL k", "ZADD k 2 b", "EXEC");
        assertEquals("[\"b\"]", run("ZRANGE", "k", "0", "-1"));
    }

    @Test
    void noOpWriteOnAnExpiredKeyPropagatesOnlyTheDeletion() {
        ks.exec("ZADD", "k", "1", "a");
        expireIn("k", 10);
        ks.clock.advance(11);
        ks.exec("ZREM", "k", "a").isInteger(0).propagates("DEL k");
        ks.exec("ZADD", "j", "1", "a");
        expireIn("j", 10);
        ks.clock.advance(11);
        ks.exec("ZPOPMIN", "j").is(Reply.EMPTY_ARRAY).propagates("DEL j");
    }

    @Test
    void readOfAnExpiredKeyDeletesIt() {
        ks.exec("ZADD", "k", "1", "a");
        expireIn("k", 10);
        ks.clock.advance(11);
        ks.exec("ZSCORE", "k", "a").isNull().propagates("DEL k");
        ks.exec("ZCARD", "k").isInteger(0).propagatesNothing();
    }

    @Test
    void storeReplacesAnExpiredDestinationAndDropsItsTtl() {
        ks.exec("ZADD", "src", "1", "a");
        ks.exec("ZADD", "dst", "5", "z");
        expireIn("dst", 10);
        ks.clock.advance(11);
        ks.exec("ZUNIONSTORE", "dst", "1", "src").isInteger(1)
                .propagates("MULTI", "DEL dst", "ZUNIONSTORE dst 1 src", "EXEC");
        ks.exec("ZADD", "dst2", "5", "z");
        expireIn("dst2", 1_000);
        ks.exec("ZRANGESTORE", "dst2", "src", "0", "-1").isInteger(1).propagates("ZRANGESTORE dst2 src 0 -1");
        assertFalse(ks.keyspace.database(0).peek(Key.of("dst2")).hasExpiry(), "setKey drops the TTL");
    }

    @Test
    void emptyStoreResultDeletesEvenAnExpiredDestinationWithoutAnExtraDel() {
        ks.exec("ZADD", "dst", "5", "z");
        expireIn("dst", 10);
        ks.clock.advance(11);
        // dbDelete does not look at the TTL: the command itself is what the replica needs.
        ks.exec("ZINTERSTORE", "dst", "1", "missing").isInteger(0).propagates("ZINTERSTORE dst 1 missing");
        assertNull(ks.keyspace.database(0).peek(Key.of("dst")));
    }

    @Test
    void changesInvalidateWatchesButNoOpsDoNot() {
        ks.exec("ZADD", "k", "1", "a");
        ClientState other = ClientState.client();
        ks.exec("WATCH", "k");
        ks.exec(other, "ZADD", "k", "NX", "5", "a").isInteger(0); // no change
        ks.exec(other, "ZREM", "k", "nope").isInteger(0);
        ks.exec("MULTI");
        ks.exec("ZINCRBY", "k", "1", "a");
        ks.exec("EXEC").is(Reply.array(List.of(new Reply.DoubleReply(2)))).propagates("ZINCRBY k 1 a");

        ks.exec("WATCH", "k");
        ks.exec(other, "ZPOPMIN", "k");
        ks.exec("MULTI");
        ks.exec("ZADD", "k", "1", "b");
        ks.exec("EXEC").is(Reply.NULL_ARRAY).propagatesNothing();
    }

    @Test
    void transactionOfSeveralWritesIsWrapped() {
        ks.exec("MULTI");
        ks.exec("ZADD", "k", "1", "a", "2", "b");
        ks.exec("ZMPOP", "1", "k", "MAX", "COUNT", "5");
        ks.exec("ZADD", "k", "NX", "3", "c");
        ks.exec("EXEC").propagates("MULTI", "ZADD k 1 a 2 b", "ZPOPMAX k 2", "ZADD k NX 3 c", "EXEC");
    }

    @Test
    void membersAreBinarySafe() {
        byte[] weird = {0, (byte) 0xff, 'a', (byte) 0x80};
        byte[] low = {0};
        CommandResult r = ks.keyspace.execute(ks.client, bytes("ZADD"), bytes("k"), bytes("1"), weird,
                bytes("1"), low);
        assertEquals(new Reply.IntegerReply(2), r.reply());
        Reply range = ks.keyspace.execute(ks.client, bytes("ZRANGE"), bytes("k"), bytes("0"), bytes("-1")).reply();
        List<Reply> items = assertInstanceOf(Reply.ArrayReply.class, range).items();
        assertEquals(List.of(List.of((byte) 0), toList(weird)), List.of(
                toList(((Reply.BulkReply) items.get(0)).bytes()), toList(((Reply.BulkReply) items.get(1)).bytes())),
                "equal scores order members by unsigned bytes");
        byte[] lexMin = {'[', 0, (byte) 0xff};
        Reply count = ks.keyspace.execute(ks.client, bytes("ZLEXCOUNT"), bytes("k"), lexMin, bytes("+")).reply();
        assertEquals(new Reply.IntegerReply(1), count);
        // A NUL after a number ends the C string: "1\0x" is a valid range bound, but not a score.
        byte[] nulBound = {'1', 0, 'x'};
        assertEquals(new Reply.IntegerReply(2),
                ks.keyspace.execute(ks.client, bytes("ZCOUNT"), bytes("k"), nulBound, nulBound).reply());
        assertEquals(Reply.error("ERR value is not a valid float"),
                ks.keyspace.execute(ks.client, bytes("ZADD"), bytes("k"), nulBound, bytes("m")).reply());
    }

    @Test
    void largeSetIsScannedWithCursorsCoveringEveryMember() {
        List<String> argv = new ArrayList<>(List.of("ZADD", "big"));
        for (int i = 0; i < 1000; i++) {
            argv.add(Integer.toString(i));
            argv.add("m" + i);
        }
        ks.exec(argv.toArray(new String[0])).isInteger(1000);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            Reply r = ks.exec("ZSCAN", "big", cursor, "COUNT", "50").reply();
            List<Reply> parts = ((Reply.ArrayReply) r).items();
            cursor = ((Reply.BulkReply) parts.get(0)).utf8();
            List<Reply> items = ((Reply.ArrayReply) parts.get(1)).items();
            assertTrue(items.size() <= 2 * 50 + 2 * 8, "about COUNT elements per call, got " + items.size() / 2);
            for (int i = 0; i < items.size(); i += 2) {
                String member = ((Reply.BulkReply) items.get(i)).utf8();
                String score = ((Reply.BulkReply) items.get(i + 1)).utf8();
                assertEquals(member.substring(1), score);
                seen.add(member);
            }
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(1000, seen.size());
        assertTrue(calls > 10, "a skiplist-encoded set is scanned incrementally");
        Reply all = ks.exec("ZSCAN", "big", "0", "COUNT", Long.toString(Long.MAX_VALUE)).reply();
        List<Reply> parts = ((Reply.ArrayReply) all).items();
        assertEquals("0", ((Reply.BulkReply) parts.get(0)).utf8(), "a huge COUNT scans everything at once");
        assertEquals(2000, ((Reply.ArrayReply) parts.get(1)).items().size());
    }

    /** A plain set from another value class: ZUNIONSTORE and friends score its members 1. */
    private static final class PlainSet implements RedisValue, Iterable<Key> {
        private final Set<Key> members = new LinkedHashSet<>();

        PlainSet(String... members) {
            for (String m : members) {
                this.members.add(Key.of(m));
            }
        }

        @Override
        public ValueType type() {
            return ValueType.SET;
        }

        @Override
        public RedisValue deepCopy() {
            PlainSet copy = new PlainSet();
            copy.members.addAll(members);
            return copy;
        }

        @Override
        public Iterator<Key> iterator() {
            return members.iterator();
        }
    }

    @Test
    void plainSetsAreInputsWithScoreOne() {
        ks.keyspace.database(0).add(Key.of("s"), new PlainSet("a", "b", "c"));
        ks.exec("ZADD", "z", "5", "b", "7", "d");
        assertEquals(":4", run("ZUNIONSTORE", "u", "2", "s", "z", "WEIGHTS", "2", "1"));
        assertEquals("[\"a\", \"2\", \"c\", \"2\", \"b\", \"7\", \"d\", \"7\"]", run("ZRANGE", "u", "0", "-1", "WITHSCORES"));
        assertEquals("[\"b\", \"6\"]", run("ZINTER", "2", "s", "z", "WITHSCORES"));
        assertEquals("[\"a\", \"1\", \"c\", \"1\"]", run("ZDIFF", "2", "s", "z", "WITHSCORES"));
        assertEquals(":1", run("ZINTERCARD", "2", "z", "s"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value", run("ZRANGE", "s", "0", "-1"));
    }

    /** Records each snapshot entry as a deep copy taken at delivery time. */
    private static final class CopyingSink implements SnapshotSink {
        final Map<String, RedisValue> entries = new HashMap<>();
        boolean ended;

        @Override
        public void begin(SnapshotInfo info) {
        }

        @Override
        public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
            RedisValue prev = entries.put(db + ":" + key, value.deepCopy());
            assertNull(prev, "each key arrives once: " + key);
        }

        @Override
        public void end() {
            ended = true;
        }
    }

    private static String contents(RedisValue v) {
        StringBuilder sb = new StringBuilder();
        ((ZSetValue) v).forEach((m, s) -> sb.append(m).append('=').append(s).append(' '));
        return sb.toString().strip();
    }

    @Test
    void snapshotHoldsSortedSetsAsOfItsStart() {
        for (int i = 0; i < 50; i++) {
            ks.exec("ZADD", "z" + i, "1", "a", "2", "b");
        }
        ks.exec("ZADD", "big", "1", "x", "2", "y", "3", "z");
        CopyingSink sink = new CopyingSink();
        Snapshot snapshot = ks.keyspace.startSnapshot(sink);
        snapshot.step(5);
        // Mutations of every kind while the walk is under way.
        for (int i = 0; i < 50; i++) {
            ks.exec("ZADD", "z" + i, "10", "a", "3", "c");
        }
        ks.exec("ZPOPMIN", "big", "3").propagates("ZPOPMIN big 3");
        ks.exec("ZUNIONSTORE", "z7", "1", "z8");
        ks.exec("ZREMRANGEBYSCORE", "z9", "-inf", "+inf");
        ks.exec("ZADD", "fresh", "1", "new");
        ks.exec("ZINCRBY", "z1", "1", "b");
        while (snapshot.step(7)) {
            ks.exec("ZADD", "fresh", "2", "more");
        }
        assertTrue(sink.ended);
        assertEquals(51, sink.entries.size(), "keys created after the start stay out");
        for (int i = 0; i < 50; i++) {
            assertEquals("a=1.0 b=2.0", contents(sink.entries.get("0:z" + i)), "z" + i);
        }
        assertEquals("x=1.0 y=2.0 z=3.0", contents(sink.entries.get("0:big")));
        ZSetValue live = (ZSetValue) ks.keyspace.database(0).peek(Key.of("z1")).value();
        assertEquals(10.0, live.score(Key.of("a")));
        assertEquals(3.0, live.score(Key.of("c")));
        assertTrue(live.score(Key.of("b")) > 2.0, "the live set kept changing during the walk");
        assertNull(ks.keyspace.database(0).peek(Key.of("big")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> out = new ArrayList<>(b.length);
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }
}
