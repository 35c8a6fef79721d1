/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.await;
import static dev.tandem.replication.interop.Interop.awaitSameDigest;
import static dev.tandem.replication.interop.Interop.digest;
import static dev.tandem.replication.interop.Interop.infoLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Tandem replica against the less common things a real 7.0 master does (reference §2–§7,
 * Appendix A): keepalive newlines before {@code +FULLRESYNC} (diskless delay) and between it
 * and a slow disk payload, stream bytes glued to a {@code $<len>} payload, authentication with
 * {@code masterauth}/{@code masteruser} against an ACL user, function libraries in the RDB, and
 * scripts, {@code PUBLISH} and {@code FUNCTION LOAD} in the stream.
 */
@Tag("interop")
@RequiresRedis
class TandemReplicaOfRealMasterEdgesTest {

    @Test
    void keepalivesBeforeFullResyncAndDuringASlowDiskSave() throws Exception {
        // 0.15 s per key while saving: the master writes a newline per second between
        // +FULLRESYNC and $<len>, and the writes made meanwhile follow the payload directly.
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync", "no",
                "--rdb-key-save-delay", "150000");
             RespClient m = redis.client()) {
            for (int i = 0; i < 14; i++) {
                m.call("RPUSH", "list" + i, "a", "b", "c");
            }
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().replicaOf("127.0.0.1", redis.port()).start()) {
                await().until(() -> infoLong(m, "persistence", "rdb_bgsave_in_progress") == 1);
                for (int i = 0; i < 50; i++) {
                    m.call("INCR", "during-the-save");
                }
                assertTrue(replica.awaitSynced(Duration.ofSeconds(20)));
                awaitSameDigest("after a slow disk sync", () -> digest(m), replica::digest);
                assertEquals("50", replica.get("during-the-save"));
                await().until(() -> infoLong(m, "replication", "master_repl_offset") == replica.masterReplOffset());
            }
        }
    }

    @Test
    void keepalivesWhileTheMasterWaitsForTheDisklessDelay() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "2");
             RespClient m = redis.client();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder().replicaOf("127.0.0.1", redis.port()).start()) {
            m.call("SET", "k", "v");
            assertTrue(replica.awaitSynced(Duration.ofSeconds(20)));
            awaitSameDigest("after the diskless delay", () -> digest(m), replica::digest);
        }
    }

    @Test
    void authenticatesAsAnAclUserAndAcksWithIt() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--requirepass", "admin-secret",
                "--repl-diskless-sync-delay", "0");
             RespClient m = redis.client()) {
            assertEquals("OK", m.call("AUTH", "admin-secret"));
            assertEquals("OK", m.call("ACL", "SETUSER", "repl", "on", ">repl-secret", "+psync", "+replconf", "+ping"));
            m.call("SET", "k", "v");
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().directive("masteruser", "repl")
                    .directive("masterauth", "repl-secret").directive("replica-announce-ip", "10.9.8.7")
                    .directive("replica-announce-port", "7777").replicaOf("127.0.0.1", redis.port()).start()) {
                assertTrue(replica.awaitSynced(Duration.ofSeconds(20)));
                // The master marks a diskless replica online when it reaps the child, which may
                // be after the replica finished loading.
                await().untilAsserted(() -> {
                    String row = Interop.info(m, "replication").get("slave0");
                    assertTrue(row.startsWith("ip=10.9.8.7,port=7777,state=online"), row);
                });
                m.call("SET", "k2", "v2");
                assertEquals(1L, m.call("WAIT", "1", "2000"), "the ACL user may send REPLCONF ACK");
                awaitSameDigest("authenticated replica", () -> digest(m), replica::digest);
            }
        }
    }

    @Test
    void functionsScriptsAndPublishFromTheMaster() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient m = redis.client()) {
            // A function library travels in the RDB (opcode 0xF5) and later in the stream.
            m.call("FUNCTION", "LOAD", "#!lua name=lib1\nredis.register_function('f1', function(keys, args) "
                    + "return redis.call('set', keys[1], args[1]) end)");
            m.call("SET", "k", "v");
            try (ReplicatedKeyspace replica = ReplicatedKeyspace.builder().replicaOf("127.0.0.1", redis.port()).start()) {
                assertTrue(replica.awaitSynced(Duration.ofSeconds(20)));
                // A script's effects arrive as MULTI/EXEC of the commands it ran.
                m.call("EVAL", "redis.call('set', KEYS[1], 'x'); redis.call('incr', KEYS[2]); "
                        + "redis.call('rpush', KEYS[3], 'a', 'b'); return 1", "3", "s1", "s2", "s3");
                m.call("FCALL", "f1", "1", "from-function", "value");
                m.call("PUBLISH", "channel", "message");
                m.call("FUNCTION", "LOAD", "#!lua name=lib2\nredis.register_function('f2', function() return 2 end)");
                m.call("SET", "last", "1");
                awaitSameDigest("after scripts, functions and PUBLISH", () -> digest(m), replica::digest);
                assertEquals("1", replica.get("s2"));
                assertEquals("value", replica.get("from-function"));
                await().until(() -> infoLong(m, "replication", "master_repl_offset") == replica.masterReplOffset());
            }
        }
    }
}
