/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ValueType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StringCommandsTest {
    private final KeyspaceFixture ks = new KeyspaceFixture();

    @Test
    void setThenGet() {
        ks.exec("set", "k", "v").isOk().propagates("set k v");
        ks.exec("GET", "k").isBulk("v").propagatesNothing();
        ks.exec("GET", "missing").isNull();
    }

    @Test
    void setRelativeExpiryPropagatesAbsolutePxat() {
        ks.exec("SET", "k", "v", "EX", "100").isOk()
                .propagates("SET k v PXAT " + (KeyspaceFixture.START + 100_000));
        ks.exec("SET", "k", "v", "px", "5", "GET").isBulk("v")
                .propagates("SET k v PXAT " + (KeyspaceFixture.START + 5));
    }

    @Test
    void setOptionsConflictIsSyntaxError() {
        ks.exec("SET", "k", "v", "NX", "XX").isError("ERR syntax error");
        ks.exec("SET", "k", "v", "EX", "10", "PX", "5").isError("ERR syntax error");
        ks.exec("SET", "k", "v", "KEEPTTL", "EX", "5").isError("ERR syntax error");
        ks.exec("SET", "k", "v", "EX", "0").isError("ERR invalid expire time in 'set' command");
        ks.exec("SET", "k", "v", "EX", "x").isError("ERR value is not an integer or out of range");
    }

    @Test
    void nxAndXx() {
        ks.exec("SET", "k", "v", "XX").isNull().propagatesNothing();
        ks.exec("SET", "k", "v", "NX").isOk();
        ks.exec("SET", "k", "w", "NX").isNull().propagatesNothing();
        ks.exec("GET", "k").isBulk("v");
    }

    @Test
    void lazyExpiryOnReadPropagatesBareDel() {
        ks.exec("SET", "k", "v", "PX", "10");
        ks.clock.advance(11);
        ks.exec("GET", "k").isNull().propagates("DEL k");
        ks.exec("EXISTS", "k").isInteger(0).propagatesNothing();
    }

    /** Found by the keyspace differential test: Redis 7.0 wraps a read's DELs like a write's. */
    @Test
    void lazyExpiryOfSeveralKeysInOneReadIsOneWrappedUnit() {
        ks.exec("SET", "a", "1", "PX", "10");
        ks.exec("SET", "b", "2", "PX", "10");
        ks.clock.advance(11);
        ks.exec("MGET", "a", "b", "a").isArray(null, null, null)
                .propagates("MULTI", "DEL a", "DEL b", "EXEC");
    }

    @Test
    void lazyExpiryInsideWriteIsWrappedInMulti() {
        ks.exec("SET", "k", "v", "PX", "10");
        ks.clock.advance(11);
        ks.exec("SET", "k", "w", "XX").isNull().propagates("DEL k");
        ks.exec("SET", "j", "v", "PX", "10");
        ks.clock.advance(11);
        ks.exec("SET", "j", "w").isOk().propagates("MULTI", "DEL j", "SET j w", "EXEC");
    }

    @Test
    void replicaHidesButNeverDeletesExpiredKeys() {
        ks.keyspace.expiryMode(ExpiryMode.REPLICA);
        ks.exec("SET", "k", "v", "PX", "10");
        ks.clock.advance(11);
        ks.exec("GET", "k").isNull().propagatesNothing();
        ClientState master = ClientState.master();
        ks.exec(master, "GET", "k").isBulk("v");
    }

    @Test
    void wrongTypeAndArity() {
        ks.exec("GET").isError("ERR wrong number of arguments for 'get' command");
        ks.exec("NOPE", "a", "b").isError("ERR unknown command 'NOPE', with args beginning with: 'a' 'b' ");
    }

    @Test
    void transactionWrapsSeveralWritesAndDropsReads() {
        ks.exec("MULTI").isOk();
        ks.exec("SET", "a", "1").is(dev.tandem.core.reply.Reply.QUEUED);
        ks.exec("GET", "a");
        ks.exec("SET", "b", "2");
        ks.exec("EXEC").is(KeyspaceFixture.replies("+OK", "1", "+OK"))
                .propagates("MULTI", "SET a 1", "SET b 2", "EXEC");
        ks.exec("MULTI");
        ks.exec("SET", "a", "1");
        ks.exec("EXEC").propagates("SET a 1");
    }

    @Test
    void watchedKeyTouchedFailsExec() {
        ClientState other = ClientState.client();
        ks.exec("WATCH", "a").isOk();
        ks.exec(other, "SET", "a", "x");
        ks.exec("MULTI");
        ks.exec("SET", "a", "1");
        ks.exec("EXEC").is(dev.tandem.core.reply.Reply.NULL_ARRAY).propagatesNothing();
        ks.exec("GET", "a").isBulk("x");
    }

    @Test
    void queueErrorAbortsExec() {
        ks.exec("MULTI");
        ks.exec("SET", "a").isError("ERR wrong number of arguments for 'set' command");
        ks.exec("EXEC").isError("EXECABORT Transaction discarded because of previous errors.");
    }

    @TestFactory
    Stream<DynamicTest> scripted() {
        return Scripts.load("strings.txt");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET l", "SET l v GET", "GETSET l v", "GETDEL l", "GETEX l EX 10",
        "APPEND l x", "SETRANGE l 0 x", "SETRANGE l 0 \"\"", "GETRANGE l 0 -1", "STRLEN l",
        "INCR l", "DECRBY l 2", "INCRBYFLOAT l 1.5"})
    void wrongTypeChangesNothing(String command) {
        OtherTypeValue.put(ks.keyspace, 0, "l", ValueType.LIST);
        ks.exec(CommandScript.tokenize(command)).isError(RedisError.WRONGTYPE).propagatesNothing();
        ks.exec("TYPE", "l").is(Reply.simple("list"));
    }

    @Test
    void setAndMsetOverwriteOtherTypes() {
        OtherTypeValue.put(ks.keyspace, 0, "l", ValueType.LIST);
        OtherTypeValue.put(ks.keyspace, 0, "h", ValueType.HASH);
        ks.exec("MGET", "l", "h").isArray(null, null);
        ks.exec("SET", "l", "v").isOk().propagates("SET l v");
        ks.exec("MSET", "h", "w").isOk().propagates("MSET h w");
        ks.exec("MGET", "l", "h").isArray("v", "w");
    }

    @Test
    void valuesAreBinarySafe() {
        byte[] key = {0, (byte) 0xff, '\r', '\n'};
        byte[] value = {(byte) 0x80, 0, 1, 2, (byte) 0xfe};
        CommandResult set = ks.keyspace.execute(ks.client, "SET".getBytes(), key, value);
        assertEquals(Reply.OK, set.reply());
        assertArrayEquals(value, set.propagated().get(0).argv()[2]);
        CommandResult get = ks.keyspace.execute(ks.client, "GET".getBytes(), key);
        assertArrayEquals(value, ((Reply.BulkReply) get.reply()).bytes());
        ks.keyspace.execute(ks.client, "APPEND".getBytes(), key, new byte[] {0});
        CommandResult range = ks.keyspace.execute(ks.client, "GETRANGE".getBytes(), key,
                "-2".getBytes(), "-1".getBytes());
        assertArrayEquals(new byte[] {(byte) 0xfe, 0}, ((Reply.BulkReply) range.reply()).bytes());
    }

    @Test
    void lcs() {
        ks.exec("MSET", "key1", "ohmytext", "key2", "mynewtext");
        ks.exec("LCS", "key1", "key2").isBulk("mytext").propagatesNothing();
        ks.exec("LCS", "key1", "key2", "LEN").isInteger(6);
        ks.exec("LCS", "key1", "key2", "IDX").is(new Reply.MapReply(List.of(
                Reply.bulk("matches"), Reply.array(List.of(
                        pair(4, 7, 5, 8, -1), pair(2, 3, 0, 1, -1))),
                Reply.bulk("len"), Reply.integer(6))));
        ks.exec("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN").is(
                new Reply.MapReply(List.of(Reply.bulk("matches"),
                        Reply.array(List.of(pair(4, 7, 5, 8, 4))),
                        Reply.bulk("len"), Reply.integer(6))));
        ks.exec("LCS", "key1", "missing").isBulk("");
        ks.exec("LCS", "key1", "key2", "LEN", "IDX")
                .isError("ERR If you want both the length and indexes, please just use IDX.");
        ks.exec("LCS", "key1", "key2", "FOO").isError("ERR syntax error");
        OtherTypeValue.put(ks.keyspace, 0, "l", ValueType.LIST);
        ks.exec("LCS", "key1", "l").isError("ERR The specified keys must contain string values");
    }

    private static Reply pair(long a0, long a1, long b0, long b1, long len) {
        List<Reply> r = new java.util.ArrayList<>(List.of(
                Reply.array(List.of(Reply.integer(a0), Reply.integer(a1))),
                Reply.array(List.of(Reply.integer(b0), Reply.integer(b1)))));
        if (len >= 0) {
            r.add(Reply.integer(len));
        }
        return Reply.array(r);
    }
}
