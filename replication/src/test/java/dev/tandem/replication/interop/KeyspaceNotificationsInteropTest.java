/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.await;
import static dev.tandem.replication.interop.Interop.awaitLinkUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keyspace notifications side by side with {@code redis-server} 7.0: the same random command
 * mix run on both with the same {@code notify-keyspace-events}, a {@code PSUBSCRIBE __key*__:*}
 * subscriber (Lettuce) on each, and the message sequences compared whole; and a Tandem replica
 * of a Redis master notifying exactly what a {@code redis-server} replica of that master
 * notifies (its own events for the applied stream, nothing propagated).
 */
@Tag("interop")
@RequiresRedis
class KeyspaceNotificationsInteropTest {
    private static final String END_CHANNEL = "__keyend__:done";

    @ParameterizedTest
    @ValueSource(strings = {"KEA", "Kg$", "Elshzxt", "KEAn", "KEA?"})
    void theSameCommandsNotifyTheSameMessages(String flags) throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient real = redis.client();
             ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("notify-diff").port(0).start();
             RespClient tandem = Interop.client(node)) {
            Object realSet = configSet(real, flags);
            Object tandemSet = configSet(tandem, flags);
            assertEquals(String.valueOf(realSet), String.valueOf(tandemSet), "CONFIG SET " + flags);
            assertEquals(configGet(real), configGet(tandem));
            List<String> fromRedis = new CopyOnWriteArrayList<>();
            List<String> fromTandem = new CopyOnWriteArrayList<>();
            RedisClient a = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
            RedisClient b = RedisClient.create(RedisURI.create("127.0.0.1", node.port()));
            try (StatefulRedisPubSubConnection<String, String> subA = a.connectPubSub();
                 StatefulRedisPubSubConnection<String, String> subB = b.connectPubSub()) {
                subA.addListener(listener(fromRedis));
                subB.addListener(listener(fromTandem));
                subA.sync().psubscribe("__key*__:*");
                subB.sync().psubscribe("__key*__:*");
                Random random = new Random(flags.hashCode());
                for (int i = 0; i < 800; i++) {
                    String[] command = CommandMix.next(random);
                    assertEquals(failed(real, command), failed(tandem, command), () -> String.join(" ", command));
                }
                real.call("PUBLISH", END_CHANNEL, "end");
                tandem.call("PUBLISH", END_CHANNEL, "end");
                await().until(() -> ended(fromRedis) && ended(fromTandem));
                assertTrue(flags.endsWith("?") || fromRedis.size() > 100, "the mix notified: " + fromRedis.size());
                assertEquals(fromRedis, fromTandem);
                Interop.awaitSameDigest("after the mix", () -> Interop.digest(real), () -> Interop.digest(tandem));
            } finally {
                a.shutdown();
                b.shutdown();
            }
        }
    }

    @Test
    void aTandemReplicaOfARedisMasterNotifiesAsARedisReplicaDoes() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start();
             RespClient m = master.client();
             RedisServerProcess redisReplica = RedisServerProcess.start("--replicaof", "127.0.0.1",
                     Integer.toString(master.port()), "--notify-keyspace-events", "KEA");
             RespClient rr = redisReplica.client();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("notify-replica").port(0)
                     .replicaOf("127.0.0.1", master.port()).start();
             RespClient tr = Interop.client(replica)) {
            awaitLinkUp(rr);
            awaitLinkUp(tr);
            tr.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            List<String> fromRedis = new CopyOnWriteArrayList<>();
            List<String> fromTandem = new CopyOnWriteArrayList<>();
            RedisClient a = RedisClient.create(RedisURI.create("127.0.0.1", redisReplica.port()));
            RedisClient b = RedisClient.create(RedisURI.create("127.0.0.1", replica.port()));
            try (StatefulRedisPubSubConnection<String, String> subA = a.connectPubSub();
                 StatefulRedisPubSubConnection<String, String> subB = b.connectPubSub()) {
                subA.addListener(listener(fromRedis));
                subB.addListener(listener(fromTandem));
                subA.sync().psubscribe("__key*__:*");
                subB.sync().psubscribe("__key*__:*");
                Random random = new Random(42);
                for (int i = 0; i < 600; i++) {
                    failed(m, CommandMix.next(random));
                }
                // a key that expires on the master: the replicas see the master's DEL ("del", not "expired")
                m.call("SET", "short", "1", "PX", "1");
                await().until(() -> Long.valueOf(0).equals(m.call("EXISTS", "short")));
                m.call("PUBLISH", END_CHANNEL, "end"); // PUBLISH propagates: it ends both sequences
                await().until(() -> ended(fromRedis) && ended(fromTandem));
                assertTrue(fromRedis.size() > 100, "the mix notified: " + fromRedis.size());
                assertTrue(fromRedis.contains("__key*__:*:__keyspace@0__:short=del"), fromRedis::toString);
                assertEquals(fromRedis, fromTandem);
            } finally {
                a.shutdown();
                b.shutdown();
            }
        }
    }

    private static Object configSet(RespClient c, String flags) throws java.io.IOException {
        try {
            return Interop.utf8(c.call("CONFIG", "SET", "notify-keyspace-events", flags));
        } catch (RespClient.ServerError e) {
            return e.getMessage();
        }
    }

    private static List<String> configGet(RespClient c) throws java.io.IOException {
        return ((List<?>) c.call("CONFIG", "GET", "notify-keyspace-events")).stream().map(Interop::utf8).toList();
    }

    /** Runs a command; whether it answered an error (both sides must agree). */
    private static boolean failed(RespClient c, String... command) throws java.io.IOException {
        try {
            c.call(command);
            return false;
        } catch (RespClient.ServerError e) {
            return true;
        }
    }

    private static boolean ended(List<String> received) {
        return !received.isEmpty() && received.get(received.size() - 1).endsWith(END_CHANNEL + "=end");
    }

    private static RedisPubSubAdapter<String, String> listener(List<String> received) {
        return new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                received.add(pattern + ":" + channel + "=" + message);
            }
        };
    }

    /** A random mix over every family that notifies, on a few keys per type (deterministic per seed). */
    static final class CommandMix {
        private CommandMix() {
        }

        static String[] next(Random r) {
            String n = Integer.toString(r.nextInt(3));
            String v = Integer.toString(r.nextInt(5));
            String s = "s" + n;
            String l = "l" + n;
            String h = "h" + n;
            String t = "t" + n;
            String z = "z" + n;
            String o = Integer.toString(r.nextInt(3));
            List<String[]> c = new ArrayList<>();
            switch (r.nextInt(9)) {
                case 0 -> {
                    c.add(new String[] {"SET", s, v});
                    c.add(new String[] {"SET", s, v, "EX", "1000"});
                    c.add(new String[] {"SET", s, v, "NX"});
                    c.add(new String[] {"SETEX", s, "1000", v});
                    c.add(new String[] {"INCRBY", s, v});
                    c.add(new String[] {"INCRBYFLOAT", s, "1.5"});
                    c.add(new String[] {"APPEND", s, v});
                    c.add(new String[] {"SETRANGE", s, "2", v});
                    c.add(new String[] {"GETDEL", s});
                    c.add(new String[] {"GETEX", s, "PX", "100000"});
                    c.add(new String[] {"GETEX", s, "PERSIST"});
                    c.add(new String[] {"GETSET", s, v});
                    c.add(new String[] {"MSET", s, v, "s" + o, v});
                    c.add(new String[] {"MSETNX", s, v, "s" + o, v});
                }
                case 1 -> {
                    c.add(new String[] {"DEL", s, l, h});
                    c.add(new String[] {"EXPIRE", s, "1000"});
                    c.add(new String[] {"PEXPIREAT", t, "1"});
                    c.add(new String[] {"PERSIST", s});
                    c.add(new String[] {"RENAME", s, "s" + o});
                    c.add(new String[] {"RENAMENX", l, "l" + o});
                    c.add(new String[] {"COPY", h, "h" + o, "REPLACE"});
                    c.add(new String[] {"MOVE", z, "1"});
                    c.add(new String[] {"UNLINK", z});
                }
                case 2 -> {
                    c.add(new String[] {"LPUSH", l, v, v});
                    c.add(new String[] {"RPUSH", l, v});
                    c.add(new String[] {"LPUSHX", l, v});
                    c.add(new String[] {"LPOP", l});
                    c.add(new String[] {"RPOP", l, "2"});
                    c.add(new String[] {"LMOVE", l, "l" + o, "LEFT", "RIGHT"});
                    c.add(new String[] {"RPOPLPUSH", l, "l" + o});
                    c.add(new String[] {"LREM", l, "0", v});
                    c.add(new String[] {"LTRIM", l, "0", "2"});
                    c.add(new String[] {"LSET", l, "0", v});
                    c.add(new String[] {"LINSERT", l, "AFTER", v, "x"});
                    c.add(new String[] {"LMPOP", "2", l, "l" + o, "RIGHT", "COUNT", "2"});
                }
                case 3 -> {
                    c.add(new String[] {"HSET", h, "f" + v, v, "g", v});
                    c.add(new String[] {"HSETNX", h, "f" + v, v});
                    c.add(new String[] {"HDEL", h, "f" + v, "g"});
                    c.add(new String[] {"HINCRBY", h, "n", v});
                    c.add(new String[] {"HINCRBYFLOAT", h, "n", "0.5"});
                    c.add(new String[] {"HMSET", h, "m", v});
                }
                case 4 -> {
                    c.add(new String[] {"SADD", t, v, "m" + o});
                    c.add(new String[] {"SREM", t, v});
                    c.add(new String[] {"SMOVE", t, "t" + o, v});
                    c.add(new String[] {"SUNIONSTORE", "t" + o, t, "t2"});
                    c.add(new String[] {"SINTERSTORE", "t" + o, t, "t1"});
                    c.add(new String[] {"SDIFFSTORE", "t" + o, t, "t0"});
                }
                case 5 -> {
                    c.add(new String[] {"ZADD", z, v, "m" + v, o, "m" + o});
                    c.add(new String[] {"ZADD", z, "XX", "CH", v, "m" + o});
                    c.add(new String[] {"ZINCRBY", z, "2", "m" + v});
                    c.add(new String[] {"ZREM", z, "m" + v});
                    c.add(new String[] {"ZREMRANGEBYRANK", z, "0", "0"});
                    c.add(new String[] {"ZREMRANGEBYSCORE", z, "0", v});
                    c.add(new String[] {"ZREMRANGEBYLEX", z, "-", "[m2"});
                    c.add(new String[] {"ZPOPMIN", z});
                    c.add(new String[] {"ZPOPMAX", z, "2"});
                    c.add(new String[] {"ZUNIONSTORE", "z" + o, "2", z, "z2"});
                    c.add(new String[] {"ZINTERSTORE", "z" + o, "2", z, "z1"});
                    c.add(new String[] {"ZRANGESTORE", "z" + o, z, "0", "1"});
                    c.add(new String[] {"ZMPOP", "2", z, "z" + o, "MIN"});
                }
                case 6 -> {
                    c.add(new String[] {"SETBIT", "b" + n, v, "1"});
                    c.add(new String[] {"BITOP", "OR", "b" + o, "b" + n, "b2"});
                    c.add(new String[] {"BITOP", "AND", "b" + o, "nokey"});
                    c.add(new String[] {"BITFIELD", "b" + n, "INCRBY", "u8", "0", v});
                    c.add(new String[] {"PFADD", "p" + n, "e" + v});
                    c.add(new String[] {"PFMERGE", "p" + o, "p" + n});
                }
                case 7 -> {
                    c.add(new String[] {"GEOADD", "g", "13." + v, "38." + o, "m" + v});
                    c.add(new String[] {"GEOSEARCHSTORE", "gs", "g", "FROMLONLAT", "13", "38", "BYRADIUS", "300", "km"});
                    c.add(new String[] {"GEORADIUS", "g", "13", "38", "300", "km", "STORE", "gr"});
                    c.add(new String[] {"GEOSEARCHSTORE", "gs", "nokey", "FROMLONLAT", "13", "38", "BYRADIUS", "1", "km"});
                }
                default -> {
                    c.add(new String[] {"EVAL", "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('DEL', KEYS[1])",
                            "1", s, v});
                    c.add(new String[] {"EXISTS", s});
                }
            }
            return c.get(r.nextInt(c.size()));
        }
    }
}
