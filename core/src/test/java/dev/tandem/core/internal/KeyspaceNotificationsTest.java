/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The events each command family emits, with Redis 7.0's names and order (the
 * notifyKeyspaceEvent calls of t_string.c, t_list.c, t_hash.c, t_set.c, t_zset.c, db.c,
 * expire.c, bitops.c, hyperloglog.c, geo.c), and the flag string's parsing and rendering.
 */
class KeyspaceNotificationsTest {
    private final KeyspaceFixture ks = new KeyspaceFixture();
    private final List<String> events = new ArrayList<>();

    KeyspaceNotificationsTest() {
        ks.keyspace.notifier((db, event, key) -> events.add(db + ":" + str(event) + ":" + str(key)));
        ks.keyspace.notifyFlags(NotifyFlags.parse("KEA"));
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Runs a command and returns the events it emitted, clearing them. */
    private List<String> run(String... argv) {
        events.clear();
        ks.exec(argv);
        List<String> out = List.copyOf(events);
        events.clear();
        return out;
    }

    @Test
    void flagsParseAndRenderAsRedis() {
        assertEquals("AKE", NotifyFlags.render(NotifyFlags.parse("KEA")));
        assertEquals("", NotifyFlags.render(NotifyFlags.parse("")));
        assertEquals("g$lshzxetKE", NotifyFlags.render(NotifyFlags.parse("KEg$lshzxet")));
        assertEquals("AKE", NotifyFlags.render(NotifyFlags.parse("KEg$lshzxetd"))); // d completes A
        assertEquals("AKEm", NotifyFlags.render(NotifyFlags.parse("mEKA")));
        // Redis renders n only outside A (notify.c): "AKEn" reads back as "AKE", n still on
        assertEquals("AKE", NotifyFlags.render(NotifyFlags.parse("AKEn")));
        assertEquals("gxE", NotifyFlags.render(NotifyFlags.parse("Exg")));
        assertEquals(-1, NotifyFlags.parse("KEA?"));
        assertEquals(-1, NotifyFlags.parse("a"));
    }

    @Test
    void offEmitsNothing() {
        ks.keyspace.notifyFlags(0);
        assertEquals(List.of(), run("SET", "a", "1"));
        assertEquals(List.of(), run("DEL", "a"));
    }

    @Test
    void classesFilterEvents() {
        ks.keyspace.notifyFlags(NotifyFlags.parse("E$"));
        ks.exec("SET", "a", "1");
        assertEquals(List.of(), run("DEL", "a"));
        assertEquals(List.of("0:set:a"), run("SET", "a", "1"));
    }

    @Test
    void strings() {
        assertEquals(List.of("0:set:a"), run("SET", "a", "1"));
        assertEquals(List.of("0:set:a", "0:expire:a"), run("SET", "a", "1", "EX", "100"));
        assertEquals(List.of(), run("SET", "a", "1", "NX"));
        assertEquals(List.of("0:set:b", "0:expire:b"), run("SETEX", "b", "100", "v"));
        assertEquals(List.of("0:incrby:n"), run("INCR", "n"));
        assertEquals(List.of("0:incrby:n"), run("DECRBY", "n", "3"));
        assertEquals(List.of("0:incrbyfloat:n"), run("INCRBYFLOAT", "n", "1.5"));
        assertEquals(List.of("0:append:s"), run("APPEND", "s", "x"));
        assertEquals(List.of("0:setrange:s"), run("SETRANGE", "s", "3", "y"));
        assertEquals(List.of("0:set:x", "0:set:y"), run("MSET", "x", "1", "y", "2"));
        assertEquals(List.of("0:set:x"), run("GETSET", "x", "3"));
        assertEquals(List.of("0:expire:x"), run("GETEX", "x", "PX", "5000"));
        assertEquals(List.of("0:persist:x"), run("GETEX", "x", "PERSIST"));
        assertEquals(List.of("0:del:x"), run("GETDEL", "x"));
        assertEquals(List.of("0:setbit:bits"), run("SETBIT", "bits", "7", "1"));
        assertEquals(List.of("0:setbit:bf"), run("BITFIELD", "bf", "SET", "u8", "0", "1"));
        assertEquals(List.of("0:set:dst"), run("BITOP", "OR", "dst", "bits"));
        assertEquals(List.of("0:del:dst"), run("BITOP", "OR", "dst", "missing"));
        assertEquals(List.of("0:pfadd:h"), run("PFADD", "h", "a", "b"));
        assertEquals(List.of(), run("PFADD", "h", "a"));
        assertEquals(List.of("0:pfadd:h2"), run("PFMERGE", "h2", "h"));
    }

    @Test
    void generic() {
        ks.exec("SET", "a", "1");
        assertEquals(List.of("0:expire:a"), run("EXPIRE", "a", "100"));
        assertEquals(List.of("0:persist:a"), run("PERSIST", "a"));
        assertEquals(List.of("0:rename_from:a", "0:rename_to:b"), run("RENAME", "a", "b"));
        assertEquals(List.of("0:copy_to:c"), run("COPY", "b", "c"));
        assertEquals(List.of("0:move_from:c", "1:move_to:c"), run("MOVE", "c", "1"));
        assertEquals(List.of("0:del:b"), run("DEL", "b", "nope"));
        ks.exec("SET", "p", "1");
        assertEquals(List.of("0:del:p"), run("PEXPIREAT", "p", "1"));
    }

    @Test
    void lists() {
        assertEquals(List.of("0:lpush:l"), run("LPUSH", "l", "a", "b", "c"));
        assertEquals(List.of("0:rpush:l"), run("RPUSHX", "l", "d"));
        assertEquals(List.of(), run("LPUSHX", "none", "d"));
        assertEquals(List.of("0:linsert:l"), run("LINSERT", "l", "BEFORE", "a", "z"));
        assertEquals(List.of("0:lset:l"), run("LSET", "l", "0", "q"));
        assertEquals(List.of("0:lrem:l"), run("LREM", "l", "0", "z"));
        assertEquals(List.of("0:ltrim:l"), run("LTRIM", "l", "0", "-1"));
        assertEquals(List.of("0:lpush:m", "0:rpop:l"), run("LMOVE", "l", "m", "RIGHT", "LEFT"));
        assertEquals(List.of("0:lpop:l"), run("LPOP", "l"));
        assertEquals(List.of("0:rpop:l", "0:del:l"), run("RPOP", "l", "5"));
        assertEquals(List.of("0:lpop:m", "0:del:m"), run("LMPOP", "2", "l", "m", "LEFT"));
    }

    @Test
    void hashes() {
        assertEquals(List.of("0:hset:h"), run("HSET", "h", "a", "1", "b", "2"));
        assertEquals(List.of("0:hset:h"), run("HSETNX", "h", "c", "3"));
        assertEquals(List.of(), run("HSETNX", "h", "c", "3"));
        assertEquals(List.of("0:hincrby:h"), run("HINCRBY", "h", "a", "1"));
        assertEquals(List.of("0:hincrbyfloat:h"), run("HINCRBYFLOAT", "h", "a", "1.5"));
        assertEquals(List.of("0:hdel:h"), run("HDEL", "h", "a"));
        assertEquals(List.of("0:hdel:h", "0:del:h"), run("HDEL", "h", "b", "c"));
    }

    @Test
    void sets() {
        assertEquals(List.of("0:sadd:s"), run("SADD", "s", "a", "b", "c"));
        assertEquals(List.of(), run("SADD", "s", "a"));
        assertEquals(List.of("0:srem:s"), run("SREM", "s", "a"));
        assertEquals(List.of("0:srem:s", "0:sadd:t"), run("SMOVE", "s", "t", "b"));
        assertEquals(List.of("0:sunionstore:u"), run("SUNIONSTORE", "u", "s", "t"));
        assertEquals(List.of("0:del:u"), run("SINTERSTORE", "u", "s", "missing"));
        assertEquals(List.of("0:spop:s", "0:del:s"), run("SPOP", "s"));
        ks.exec("SADD", "v", "1", "2", "3");
        assertEquals(List.of("0:spop:v"), run("SPOP", "v", "2"));
        assertEquals(List.of("0:spop:v", "0:del:v"), run("SPOP", "v", "5"));
    }

    @Test
    void sortedSetsAndGeo() {
        assertEquals(List.of("0:zadd:z"), run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"));
        assertEquals(List.of("0:zincr:z"), run("ZINCRBY", "z", "1", "a"));
        assertEquals(List.of("0:zincr:z"), run("ZADD", "z", "INCR", "1", "a"));
        assertEquals(List.of("0:zrem:z"), run("ZREM", "z", "a"));
        assertEquals(List.of("0:zremrangebyscore:z"), run("ZREMRANGEBYSCORE", "z", "2", "2"));
        assertEquals(List.of("0:zunionstore:u"), run("ZUNIONSTORE", "u", "1", "z"));
        assertEquals(List.of("0:zrangestore:r"), run("ZRANGESTORE", "r", "z", "0", "-1"));
        assertEquals(List.of("0:zpopmin:z"), run("ZPOPMIN", "z"));
        assertEquals(List.of("0:zpopmax:z", "0:del:z"), run("ZMPOP", "1", "z", "MAX", "COUNT", "9"));
        assertEquals(List.of("0:zadd:g"), run("GEOADD", "g", "13.361389", "38.115556", "Palermo"));
        assertEquals(List.of("0:geosearchstore:gs"),
                run("GEOSEARCHSTORE", "gs", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"));
        assertEquals(List.of("0:georadiusstore:gr"),
                run("GEORADIUS", "g", "15", "37", "200", "km", "STORE", "gr"));
    }

    @Test
    void lazyAndActiveExpiryEmitExpired() {
        ks.exec("SET", "a", "1", "PX", "10");
        ks.exec("SET", "b", "1", "PX", "10");
        ks.clock.advance(20);
        assertEquals(List.of("0:expired:a"), run("GET", "a"));
        events.clear();
        new ActiveExpiry(ks.keyspace).runCycle();
        assertEquals(List.of("0:expired:b"), events);
    }

    @Test
    void aReplicaNotifiesWhatItAppliesButNeverExpiresByItself() {
        ks.keyspace.expiryMode(ExpiryMode.REPLICA);
        ClientState master = ClientState.master();
        events.clear();
        ks.exec(master, "SET", "a", "1", "PX", "10");
        assertEquals(List.of("0:set:a", "0:expire:a"), events);
        ks.clock.advance(20);
        assertEquals(List.of(), run("GET", "a"));
        events.clear();
        new ActiveExpiry(ks.keyspace).runCycle();
        assertEquals(List.of(), events);
        // the master's DEL for its expiry arrives as a DEL: Redis's replica notifies "del"
        events.clear();
        ks.exec(master, "DEL", "a");
        assertEquals(List.of("0:del:a"), events);
    }

    @Test
    void aCreatedKeyIsNewBeforeTheCommandsEvent() {
        ks.keyspace.notifyFlags(NotifyFlags.parse("KEAn"));
        assertEquals(List.of("0:new:l", "0:lpush:l"), run("LPUSH", "l", "a"));
        assertEquals(List.of("0:lpush:l"), run("LPUSH", "l", "b"));
        assertEquals(List.of("0:new:s", "0:set:s"), run("SET", "s", "1"));
        assertEquals(List.of("0:set:s"), run("SET", "s", "2"));
        assertEquals(List.of("0:new:t", "0:rename_from:s", "0:rename_to:t"), run("RENAME", "s", "t"));
        ks.keyspace.notifyFlags(NotifyFlags.parse("En"));
        assertEquals(List.of("0:new:h"), run("HSET", "h", "f", "v"));
    }

    @Test
    void aTransactionNotifiesInCommandOrder() {
        ks.exec("MULTI");
        ks.exec("SET", "a", "1");
        ks.exec("LPUSH", "l", "x");
        ks.exec("DEL", "a");
        assertEquals(List.of("0:set:a", "0:lpush:l", "0:del:a"), run("EXEC"));
    }
}
