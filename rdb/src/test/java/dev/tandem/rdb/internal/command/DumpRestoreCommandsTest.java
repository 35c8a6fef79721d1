/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.CommandResult;
import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.Propagated;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import dev.tandem.rdb.internal.codec.Crc64;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DUMP and RESTORE on a keyspace: round trips per type and encoding, Redis's errors and propagated forms. */
class DumpRestoreCommandsTest {
    private static final long NOW = 1_700_000_000_000L;
    private final long[] clock = {NOW};
    private final Keyspace keyspace = new Keyspace(16, () -> clock[0],
            DumpRestoreCommands.register(CommandTable.standard()));
    private final ClientState client = ClientState.client();

    private CommandResult exec(Object... argv) {
        byte[][] args = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            args[i] = argv[i] instanceof byte[] b ? b : argv[i].toString().getBytes(StandardCharsets.UTF_8);
        }
        return keyspace.execute(client, args);
    }

    private byte[] dump(String key) {
        return ((Reply.BulkReply) exec("DUMP", key).reply()).bytes();
    }

    private static String error(CommandResult r) {
        return ((Reply.ErrorReply) r.reply()).text();
    }

    private String digest(String key) {
        return DatasetDigest.ofValue(keyspace, 0, Key.of(key));
    }

    private static List<String> propagated(CommandResult r) {
        return r.propagated().stream().map(Propagated::render).toList();
    }

    @Test
    void everyTypeAndEncodingRoundTrips() {
        exec("SET", "int", "12345");
        exec("SET", "embstr", "hello");
        exec("SET", "raw", "x".repeat(5000)); // LZF-compressed in the payload
        exec("RPUSH", "list", "a", "b", "1", "2");
        exec("SADD", "intset", "1", "2", "-300000", "7");
        exec("SADD", "hashset", "a", "b", "c");
        exec("HSET", "lphash", "f", "v", "g", "12");
        exec("HSET", "bighash", "f", "y".repeat(100), "g", "1");
        exec("ZADD", "lpzset", "1", "a", "2.5", "b", "-inf", "c");
        exec("ZADD", "skipzset", "1", "z".repeat(100), "2", "b");
        for (int i = 0; i < 700; i++) {
            exec("RPUSH", "biglist", "element-" + i);
            exec("SADD", "bigintset", Integer.toString(i * 7));
        }
        for (String key : new String[] {"int", "embstr", "raw", "list", "intset", "hashset", "lphash", "bighash",
                "lpzset", "skipzset", "biglist", "bigintset"}) {
            byte[] payload = dump(key);
            String encoding = new String(((Reply.BulkReply) exec("OBJECT", "ENCODING", key).reply()).bytes());
            assertEquals(Reply.OK, exec("RESTORE", key + "-copy", "0", payload).reply(), key);
            assertEquals(digest(key), digest(key + "-copy"), key);
            assertEquals(encoding, new String(((Reply.BulkReply) exec("OBJECT", "ENCODING", key + "-copy").reply()).bytes()), key);
        }
    }

    @Test
    void payloadsWrittenByRedisRestore() {
        // DUMP output of redis-server 7.0.15 for SET s hello and RPUSH L a b 1 (a quicklist 2).
        byte[] string = {0x00, 0x05, 'h', 'e', 'l', 'l', 'o', '\n', 0x00, 'c', 'r', (byte) 0xdf, 'v', 'e', '4', ' ', '\n'};
        assertEquals(Reply.OK, exec("RESTORE", "s", "0", string).reply());
        assertEquals("36b23a1456b2dce2c3ed252c456761301dba8060", digest("s"));
        byte[] list = {0x12, 0x01, 0x02, 0x0f, 0x0f, 0x00, 0x00, 0x00, 0x03, 0x00, (byte) 0x81, 'a', 0x02,
            (byte) 0x81, 'b', 0x02, 0x01, 0x01, (byte) 0xff, '\n', 0x00, (byte) 0xe0, 0x1b, (byte) 0xab, 'J', 'G',
            (byte) 0xce, 'Y', '"'};
        assertEquals(Reply.OK, exec("RESTORE", "L", "0", list).reply());
        assertEquals("981fd62c1655c074205cff40b800bd5a5bfdcd41", digest("L"));
        // Tandem writes the same bytes for the same string.
        assertArrayEquals(string, dump("s"));
    }

    @Test
    void dumpOfAMissingKeyIsNil() {
        assertEquals(Reply.bulkOrNull(null), exec("DUMP", "nope").reply());
    }

    @Test
    void redisErrors() {
        exec("SET", "k", "v");
        byte[] payload = dump("k");
        assertEquals("BUSYKEY Target key name already exists.", error(exec("RESTORE", "k", "0", payload)));
        // BUSYKEY comes before the TTL and the payload are looked at, as in Redis.
        assertEquals("BUSYKEY Target key name already exists.", error(exec("RESTORE", "k", "-1", "junk")));
        assertEquals("ERR Invalid TTL value, must be >= 0", error(exec("RESTORE", "n", "-1", payload)));
        assertEquals("ERR value is not an integer or out of range", error(exec("RESTORE", "n", "x", payload)));
        assertEquals("ERR syntax error", error(exec("RESTORE", "n", "0", payload, "FOO")));
        assertEquals("ERR syntax error", error(exec("RESTORE", "n", "0", payload, "IDLETIME", "1", "FREQ", "1")));
        assertEquals("ERR Invalid IDLETIME value, must be >= 0", error(exec("RESTORE", "n", "0", payload, "IDLETIME", "-1")));
        assertEquals("ERR Invalid FREQ value, must be >= 0 and <= 255", error(exec("RESTORE", "n", "0", payload, "FREQ", "256")));
        assertEquals(Reply.OK, exec("RESTORE", "n", "0", payload, "FREQ", "255").reply());
        String wrong = "ERR DUMP payload version or checksum are wrong";
        byte[] flipped = payload.clone();
        flipped[2] ^= 1;
        assertEquals(wrong, error(exec("RESTORE", "m", "0", flipped)));
        assertEquals(wrong, error(exec("RESTORE", "m", "0", "short")));
        assertEquals(wrong, error(exec("RESTORE", "m", "0", withFooter(new byte[] {0, 1, 'a'}, 11))));
        assertEquals(0, ((Reply.IntegerReply) exec("EXISTS", "m").reply()).value());
    }

    @Test
    void badBodiesWithAValidChecksumAreBadDataFormat() {
        byte[][] bodies = {
            {0x00, 0x05, 'h', 'e'},                                       // truncated string
            {0x00, (byte) 0x80, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, // 2 GB string, no bytes
            {0x01, (byte) 0x81, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff},                                // 2^63 list elements
            {0x00, (byte) 0xc3, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x05, 0x00, 'a', 'b'}, // LZF to 2 GB
            {0x63, 0x00},                                                  // unknown type
            {0x02, 0x02, 0x01, 'a', 0x01, 'a'},                           // duplicate set member
            {},
        };
        for (byte[] body : bodies) {
            assertEquals("ERR Bad data format", error(exec("RESTORE", "bad", "0", withFooter(body, 10))),
                    Arrays.toString(body));
        }
        assertEquals(0, ((Reply.IntegerReply) exec("DBSIZE").reply()).value());
    }

    @Test
    void relativeTtlPropagatesAsAbsoluteWithAbsttl() {
        exec("SET", "k", "v");
        byte[] payload = dump("k");
        CommandResult r = exec("RESTORE", "a", "5000", payload);
        assertEquals(Reply.OK, r.reply());
        assertEquals(1, r.propagated().size());
        byte[][] argv = r.propagated().get(0).argv();
        assertEquals("RESTORE a " + (NOW + 5000), new String(argv[0]) + " " + new String(argv[1]) + " " + new String(argv[2]));
        assertArrayEquals(payload, argv[3]);
        assertEquals("ABSTTL", new String(argv[4]));
        assertEquals(5000, ((Reply.IntegerReply) exec("PTTL", "a").reply()).value());

        CommandResult abs = exec("RESTORE", "b", Long.toString(NOW + 9000), payload, "ABSTTL");
        assertEquals(5, abs.propagated().get(0).argv().length, "verbatim");
        assertEquals(9000, ((Reply.IntegerReply) exec("PTTL", "b").reply()).value());

        CommandResult none = exec("RESTORE", "c", "0", payload);
        assertEquals(4, none.propagated().get(0).argv().length, "verbatim");
        assertEquals(-1, ((Reply.IntegerReply) exec("PTTL", "c").reply()).value());
    }

    @Test
    void aTtlInThePastCreatesNothingAndDeletesWhatReplaceRemoved() {
        exec("SET", "k", "v");
        byte[] payload = dump("k");
        CommandResult fresh = exec("RESTORE", "gone", Long.toString(NOW - 1), payload, "ABSTTL");
        assertEquals(Reply.OK, fresh.reply());
        assertTrue(fresh.propagated().isEmpty());
        assertEquals(0, ((Reply.IntegerReply) exec("EXISTS", "gone").reply()).value());

        CommandResult replaced = exec("RESTORE", "k", "1", payload, "REPLACE", "ABSTTL");
        assertEquals(Reply.OK, replaced.reply());
        assertEquals(List.of("DEL k"), propagated(replaced));
        assertEquals(0, ((Reply.IntegerReply) exec("EXISTS", "k").reply()).value());
    }

    @Test
    void replaceOverwritesAnyType() {
        exec("SET", "k", "v");
        byte[] payload = dump("k");
        exec("RPUSH", "l", "x");
        assertEquals(Reply.OK, exec("RESTORE", "l", "0", payload, "REPLACE").reply());
        assertEquals("string", ((Reply.SimpleReply) exec("TYPE", "l").reply()).text());
    }

    /** {@code body} with a 2-byte little-endian version and a valid CRC-64. */
    static byte[] withFooter(byte[] body, int version) {
        byte[] out = Arrays.copyOf(body, body.length + 10);
        out[body.length] = (byte) version;
        out[body.length + 1] = (byte) (version >>> 8);
        long crc = Crc64.of(out, 0, body.length + 2);
        for (int i = 0; i < 8; i++) {
            out[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return out;
    }
}
