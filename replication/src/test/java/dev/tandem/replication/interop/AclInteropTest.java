/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ACL users side by side with redis-server 7.0: the same SETUSER/GETUSER/LIST and denial sequence
 * gives the same replies, and the documented restricted replication user
 * ({@code +psync +replconf +ping}) lets replicas sync in both directions.
 */
@Tag("interop")
@RequiresRedis
class AclInteropTest {

    /** Commands whose replies must match; run by an admin connection unless prefixed by "@u1". */
    private static final List<List<String>> SEQUENCE = List.of(
            List.of("ACL", "SETUSER", "u1", "on", ">pw", "~k*", "%R~r*", "&ch", "+get", "-@all", "+@hash", "-hget"),
            List.of("ACL", "SETUSER", "u2", "+@all", "-config", "#abc"),
            List.of("ACL", "SETUSER", "u2", "+@all", "-config"),
            List.of("ACL", "SETUSER", "u3", "-@all", "+config|get", "nopass", "allkeys", "allchannels"),
            List.of("ACL", "SETUSER", "u4", "foo"),
            List.of("ACL", "SETUSER", "u4", "+nosuch"),
            List.of("ACL", "SETUSER", "u4", "allkeys", "~x"),
            List.of("ACL", "GETUSER", "u1"),
            List.of("ACL", "GETUSER", "u3"),
            List.of("ACL", "GETUSER", "nobody"),
            List.of("ACL", "LIST"),
            List.of("ACL", "USERS"),
            List.of("ACL", "CAT", "nope"),
            List.of("ACL", "DELUSER", "default"),
            List.of("@u1", "AUTH", "u1", "wrong"),
            List.of("@u1", "AUTH", "u1", "pw"),
            List.of("@u1", "ACL", "WHOAMI"),
            List.of("@u1", "HSET", "k1", "f", "v"),
            List.of("@u1", "HGETALL", "k1"),
            List.of("@u1", "HGET", "k1", "f"),
            List.of("@u1", "HGETALL", "other"),
            List.of("@u1", "HSET", "r1", "f", "v"),
            List.of("@u1", "HGETALL", "r1"),
            List.of("@u1", "CONFIG", "GET", "port"),
            List.of("@u1", "GET", "k1"),
            List.of("ACL", "SETUSER", "u1", "+publish"),
            List.of("@u1", "PUBLISH", "ch", "m"),
            List.of("@u1", "PUBLISH", "other", "m"),
            List.of("ACL", "DRYRUN", "u1", "hget", "k1", "f"),
            List.of("ACL", "DRYRUN", "u1", "hset", "k1", "f", "v"),
            List.of("ACL", "DRYRUN", "u1", "hset", "r1", "f", "v"),
            List.of("ACL", "DRYRUN", "u1", "publish", "zz", "m"),
            List.of("ACL", "DRYRUN", "u1", "hset", "k1"),
            List.of("ACL", "DRYRUN", "u1", "nosuch"),
            List.of("ACL", "DRYRUN", "nobody", "get", "x"),
            List.of("ACL", "LOG", "-1"),
            List.of("ACL", "DELUSER", "u2", "u3", "u4", "nobody"),
            List.of("ACL", "USERS"),
            // Key permissions per key-spec flag (access needs %R, insert/delete/update need %W).
            List.of("ACL", "SETUSER", "u5", "on", "nopass", "%R~r*", "%W~w*", "~rw*", "+@all"),
            List.of("ACL", "DRYRUN", "u5", "copy", "r1", "w1"),
            List.of("ACL", "DRYRUN", "u5", "copy", "w1", "r1"),
            List.of("ACL", "DRYRUN", "u5", "lmove", "r1", "w1", "left", "right"),
            List.of("ACL", "DRYRUN", "u5", "lmove", "rw1", "w1", "left", "right"),
            List.of("ACL", "DRYRUN", "u5", "set", "w1", "v"),
            List.of("ACL", "DRYRUN", "u5", "set", "w1", "v", "get"),
            List.of("ACL", "DRYRUN", "u5", "get", "w1"),
            List.of("ACL", "DRYRUN", "u5", "memory", "usage", "zzz"),
            List.of("ACL", "DRYRUN", "u5", "memory", "usage", "w1"),
            List.of("ACL", "DRYRUN", "u5", "eval", "return 1", "2", "rw1", "x"),
            List.of("ACL", "DRYRUN", "u5", "fcall", "f", "1", "r1"),
            List.of("ACL", "DRYRUN", "u5", "zunionstore", "w1", "2", "r1", "r2"),
            List.of("ACL", "DRYRUN", "u5", "zunionstore", "w1", "2", "r1", "w2"),
            List.of("ACL", "DRYRUN", "u5", "sort", "r1", "store", "r2"),
            List.of("ACL", "DRYRUN", "u5", "sort", "r1", "store", "w2"),
            List.of("ACL", "DRYRUN", "u5", "xread", "streams", "r1", "w1", "0", "0"),
            List.of("ACL", "DRYRUN", "u5", "bitfield", "r1", "get", "u8", "0"),
            List.of("ACL", "DRYRUN", "u5", "bitfield", "r1", "set", "u8", "0", "1"),
            List.of("ACL", "DRYRUN", "u5", "del", "w1", "r1"),
            // Selectors.
            List.of("ACL", "SETUSER", "u6", "on", "nopass", "-@all", "+get", "~a*", "(+set ~b*)", "(%R~c*", "+@read)"),
            List.of("ACL", "GETUSER", "u6"),
            List.of("ACL", "DELUSER", "u1"), // its single commands' order differs (see docs/security.md)
            List.of("ACL", "LIST"),
            List.of("ACL", "DRYRUN", "u6", "get", "a1"),
            List.of("ACL", "DRYRUN", "u6", "get", "b1"),
            List.of("ACL", "DRYRUN", "u6", "set", "b1", "x"),
            List.of("ACL", "DRYRUN", "u6", "set", "c1", "x"),
            List.of("ACL", "DRYRUN", "u6", "hgetall", "c1"),
            List.of("ACL", "DRYRUN", "u6", "mget", "a1", "c1"),
            List.of("ACL", "DRYRUN", "u6", "ping"),
            List.of("ACL", "SETUSER", "u6", "(~x", "+get"),
            List.of("ACL", "SETUSER", "u6", "(on)"),
            List.of("ACL", "SETUSER", "u6", "(~x", "+nosuch)"),
            List.of("ACL", "SETUSER", "u6", "(~x &ch allchannels +@all -get)"),
            List.of("ACL", "GETUSER", "u6"),
            List.of("ACL", "SETUSER", "u6", "clearselectors"),
            List.of("ACL", "GETUSER", "u6"),
            List.of("ACL", "SETUSER", "u7", "(~x +get)", "reset"),
            List.of("ACL", "GETUSER", "u7"),
            List.of("ACL", "DELUSER", "u5", "u6", "u7"));

    @Test
    void sameRepliesAsRedis() throws Exception {
        List<String> expected;
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            expected = run(redis.port());
        }
        List<String> actual;
        try (ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start()) {
            actual = run(tandem.port());
        }
        // The sequence does reach the interesting replies (not, say, a NOAUTH for every step).
        assertEquals("-NOPERM this user has no permissions to run the 'hget' command", expected.get(19));
        assertEquals("[\"user default on nopass ~* &* +@all\", \"user u1 on "
                + "#30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~k* %R~r* resetchannels &ch "
                + "-@all +@hash -hget\", \"user u2 off resetchannels +@all -config\", "
                + "\"user u3 off nopass ~* &* -@all +config|get\"]", expected.get(10));
        for (int i = 0; i < SEQUENCE.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), String.join(" ", SEQUENCE.get(i)));
        }
        // ACL LOG after the sequence: the same entries, without the times and client details.
        assertEquals(expected.get(expected.size() - 1), actual.get(actual.size() - 1), "ACL LOG");
    }

    private static List<String> run(int port) throws Exception {
        List<String> out = new ArrayList<>();
        try (RespClient admin = RespClient.connect("127.0.0.1", port);
             RespClient u1 = RespClient.connect("127.0.0.1", port)) {
            for (List<String> step : SEQUENCE) {
                boolean asUser = step.get(0).equals("@u1");
                List<String> argv = asUser ? step.subList(1, step.size()) : step;
                out.add(render((asUser ? u1 : admin).call(argv.toArray(String[]::new))));
            }
            List<String> log = new ArrayList<>();
            for (Object entry : (List<?>) admin.call("ACL", "LOG")) {
                List<?> fields = (List<?>) entry;
                for (int i = 0; i < 10; i++) { // count .. username; age-seconds and client-info vary
                    log.add(render(fields.get(i)));
                }
            }
            out.add(log.toString());
        }
        return out;
    }

    private static String render(Object reply) {
        if (reply instanceof byte[] b) {
            return "\"" + new String(b, StandardCharsets.UTF_8) + "\"";
        }
        if (reply instanceof RespClient.ErrorReply e) {
            return "-" + e.text();
        }
        if (reply instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(render(item)));
            return items.toString();
        }
        return String.valueOf(reply);
    }

    @Test
    void redisReplicaAuthenticatesToTandemAsTheReplicationUser() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().directive("requirepass", "admin").start();
             RespClient admin = RespClient.connect("127.0.0.1", master.port())) {
            assertEquals("OK", admin.callString("AUTH", "admin"));
            assertEquals("OK", admin.callString("ACL", "SETUSER", "replica-user", "on", ">pass",
                    "+psync", "+replconf", "+ping"));
            master.set("k", "v");
            try (RespClient restricted = RespClient.connect("127.0.0.1", master.port())) {
                assertEquals("OK", restricted.callString("AUTH", "replica-user", "pass"));
                assertEquals("-NOPERM this user has no permissions to run the 'get' command",
                        render(restricted.call("GET", "k")));
            }
            try (RedisServerProcess redis = RedisServerProcess.start("--replicaof", "127.0.0.1",
                    Integer.toString(master.port()), "--masteruser", "replica-user", "--masterauth", "pass");
                 RespClient replica = redis.client()) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> replica.call("GET", "k") instanceof byte[] b
                                && new String(b, StandardCharsets.UTF_8).equals("v"));
                master.set("k2", "v2");
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> replica.call("GET", "k2") instanceof byte[]);
                assertTrue(replica.callString("INFO", "replication").contains("master_link_status:up"));
            }
        }
    }

    @Test
    void tandemReplicaAuthenticatesToTandemAsTheReplicationUser() throws Exception {
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().directive("requirepass", "admin").start();
             RespClient admin = RespClient.connect("127.0.0.1", master.port())) {
            assertEquals("OK", admin.callString("AUTH", "admin"));
            assertEquals("OK", admin.callString("ACL", "SETUSER", "replica-user", "on", ">pass",
                    "+psync", "+replconf", "+ping"));
            master.set("k", "v");
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().directive("masteruser", "replica-user")
                    .directive("masterauth", "pass").replicaOf("127.0.0.1", master.port()).start()) {
                assertTrue(replica.awaitSynced(Duration.ofSeconds(20)));
                master.set("k2", "v2");
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> master.digest().equals(replica.digest()));
            }
        }
    }
}
