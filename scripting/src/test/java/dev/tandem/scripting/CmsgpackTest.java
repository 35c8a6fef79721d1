/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code cmsgpack} library: every expected value is what redis-server 7.0.15 answered to the
 * same EVAL (127 scripts were compared side by side; the only differences left are luaj's
 * {@code tostring} of numbers, see docs/compatibility.md).
 */
class CmsgpackTest {
    private static final String HEX = "local e = cmsgpack.pack(%s) local h = '' "
            + "for i = 1, #e do h = h .. string.format('%%02x', string.byte(e, i)) end return h";

    private Keyspace keyspace;
    private final ClientState client = ClientState.client();

    @BeforeEach
    void setUp() {
        CommandTable table = CommandTable.standard();
        Scripting.register(table);
        keyspace = new Keyspace(16, KeyspaceClock.SYSTEM, table);
    }

    private Reply eval(String script) {
        return keyspace.execute(client, "EVAL", script, "0").reply();
    }

    /** Replies as text: bulk replies compare by content there. */
    private String evalText(String script) {
        return eval(script).toString();
    }

    private String packed(String value) {
        return assertInstanceOf(Reply.BulkReply.class, eval(String.format(HEX, value))).utf8();
    }

    @Test
    void packsEachTypeInTheSmallestFormatAsRedis() {
        assertEquals("00", packed("0"));
        assertEquals("d0df", packed("-33"));
        assertEquals("ce00010000", packed("65536"));
        assertEquals("d3ffffffff7fffffff", packed("-2147483649"));
        assertEquals("ca3f000000", packed("0.5")); // exact as a float
        assertEquals("cb3fb999999999999a", packed("0.1"));
        assertEquals("d920" + "78".repeat(32), packed("string.rep('x', 32)"));
        assertEquals("93010203", packed("{1, 2, 3}"));
        assertEquals("81a16101", packed("{a = 1}"));
        assertEquals("8201010303", packed("{[1] = 1, [3] = 3}")); // keys not 1..n: a map
        assertEquals("c3", packed("true"));
        assertEquals("c0", packed("nil"));
        assertEquals("c0", packed("redis.call")); // what has no MessagePack form is nil
        assertEquals("0102a161", packed("1, 2, 'a'"));
    }

    @Test
    void circularReferencesAreCutAtSixteenLevels() {
        Reply r = eval("local a = {} local b = {a} a[1] = b local t = cmsgpack.unpack(cmsgpack.pack(a)) "
                + "local depth = 0 while type(t) == 'table' do t = t[1] depth = depth + 1 end return depth");
        assertEquals(Reply.integer(16), r);
    }

    @Test
    void unpacksStreamsWithOffsetsAndLimits() {
        assertEquals(Reply.array(List.of(Reply.integer(1), Reply.bulk("a"), Reply.integer(3))).toString(),
                evalText("return {cmsgpack.unpack(cmsgpack.pack(1, 'a', 3))}"));
        assertEquals(Reply.array(List.of(Reply.integer(1), Reply.integer(1))),
                eval("return {cmsgpack.unpack_one(cmsgpack.pack(1, 'a', 3))}"));
        assertEquals(Reply.array(List.of(Reply.integer(-1), Reply.integer(3))),
                eval("return {cmsgpack.unpack_one(cmsgpack.pack(1, 'a', 3), 3)}"));
        assertEquals(Reply.array(List.of(Reply.integer(-1), Reply.integer(2), Reply.integer(3))),
                eval("return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2, 1)}"));
    }

    @Test
    void badInputGetsTheLibrarysErrors() {
        assertError("Missing bytes in input.", "return cmsgpack.unpack('\\205\\1')");
        assertError("Missing bytes in input.", "return cmsgpack.unpack('\\220\\255\\255')"); // no huge table
        assertError("Bad data format in input.", "return cmsgpack.unpack('\\193')");
        assertError("Bad data format in input.", "return cmsgpack.unpack('\\196\\2ab')"); // bin: newer than 0.4.0
        assertError("Start offset 5 greater than input length 1.", "return cmsgpack.unpack_one(cmsgpack.pack(1), 5)");
        assertError("Invalid request to unpack with offset of -1 and limit of 1.",
                "return cmsgpack.unpack_one(cmsgpack.pack(1), -1)");
        assertError("bad argument #0 to 'pack' (MessagePack pack needs input.)", "return cmsgpack.pack()");
        assertError("bad argument #1 to 'unpack' (string expected, got nil)", "return cmsgpack.unpack(nil)");
        assertError("Attempt to modify a readonly table", "cmsgpack.pack = function() return 1 end");
    }

    private void assertError(String expected, String script) {
        String text = assertInstanceOf(Reply.ErrorReply.class, eval(script), script).text();
        assertTrue(text.contains(expected), script + " -> " + text);
    }
}
