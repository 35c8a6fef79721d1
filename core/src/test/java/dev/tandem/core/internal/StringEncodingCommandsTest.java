/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.Key;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StringValue;
import org.junit.jupiter.api.Test;

/**
 * Issue #13: each string command leaves the encoding redis-server 7.0.15 leaves (checked side by
 * side with {@code OBJECT ENCODING}): SET/MSET/GETSET/SETNX/SETEX and APPEND to a new key try
 * the int form; APPEND to an existing key, SETRANGE and SETBIT give raw; INCR int (shared
 * below 10000); INCRBYFLOAT embstr.
 */
class StringEncodingCommandsTest {
    private final Keyspace ks = new Keyspace(1, KeyspaceClock.SYSTEM);
    private final ClientState c = ClientState.client();

    private String encoding(String key) {
        return ((StringValue) ks.database(0).peek(Key.of(key)).value()).encodingName();
    }

    private void run(String... argv) {
        ks.execute(c, argv);
    }

    @Test
    void encodingsAfterEachCommand() {
        run("APPEND", "a", "12");
        assertEquals("int", encoding("a"), "append to a new key");
        run("APPEND", "a", "3");
        assertEquals("raw", encoding("a"), "append to an existing key");
        run("SETRANGE", "b", "0", "5");
        assertEquals("raw", encoding("b"));
        run("SET", "c", "5");
        run("INCR", "c");
        assertEquals("int", encoding("c"));
        assertEquals(true, ((StringValue) ks.database(0).peek(Key.of("c")).value()).isShared());
        run("SET", "d", "99999");
        run("INCR", "d");
        assertEquals("int", encoding("d"));
        run("INCRBYFLOAT", "e", "1.5");
        assertEquals("embstr", encoding("e"));
        run("SETBIT", "f", "1", "1");
        assertEquals("raw", encoding("f"));
        run("MSET", "g", "42", "h", "abc");
        assertEquals("int", encoding("g"));
        assertEquals("embstr", encoding("h"));
        run("GETSET", "g", "77");
        assertEquals("int", encoding("g"));
        run("SETNX", "i", "5");
        assertEquals("int", encoding("i"));
        run("SETEX", "j", "100", "12");
        assertEquals("int", encoding("j"));
        run("SET", "k", "x".repeat(45));
        assertEquals("raw", encoding("k"));
    }

    @Test
    void integerValuesReadBackAsTheirDecimalText() {
        run("SET", "n", "-9223372036854775808");
        assertEquals("-9223372036854775808", get("n"));
        run("SET", "m", "100");
        run("INCRBY", "m", "-110");
        assertEquals("int", encoding("m"));
        run("APPEND", "m", "0");
        assertEquals("-100", get("m"));
        assertEquals("raw", encoding("m"));
        run("SET", "big", "9223372036854775807");
        assertEquals(new Reply.ErrorReply("ERR increment or decrement would overflow"),
                ks.execute(c, "INCR", "big").reply());
        assertEquals("9223372036854775807", get("big"));
    }

    private String get(String key) {
        return new String(((Reply.BulkReply) ks.execute(c, "GET", key).reply()).bytes(),
                java.nio.charset.StandardCharsets.US_ASCII);
    }
}
