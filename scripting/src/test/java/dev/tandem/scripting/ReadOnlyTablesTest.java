/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis 7.0's read-only globals and library tables: no script, by assignment, rawset,
 * table.insert or setmetatable, can change what later scripts and functions run
 * (scripting.tcl's "Try trick global protection" and "Try trick readonly table" tests).
 */
class ReadOnlyTablesTest {
    private Keyspace keyspace;
    private final ClientState client = ClientState.client();

    @BeforeEach
    void setUp() {
        CommandTable table = CommandTable.standard();
        Scripting.register(table);
        keyspace = new Keyspace(16, KeyspaceClock.SYSTEM, table);
    }

    private Reply run(String... argv) {
        return keyspace.execute(client, argv).reply();
    }

    private static String bulk(Reply r) {
        return assertInstanceOf(Reply.BulkReply.class, r).utf8();
    }

    private void assertReadOnly(String script) {
        Reply r = run("EVAL", script, "0");
        String text = assertInstanceOf(Reply.ErrorReply.class, r, script).text();
        assertTrue(text.contains("Attempt to modify a readonly table"), script + " -> " + text);
    }

    @Test
    void libraryTablesAndGlobalsRefuseEveryWrite() {
        for (String script : new String[] {
            "redis.call = function() return 1 end", "cjson.encode = function() return 1 end",
            "bit.lshift = function() return 1 end", "string.rep = nil", "math.floor = nil", "table.concat = nil",
            "rawset(redis, 'call', 1)", "table.insert(redis, 1)", "setmetatable(redis, {})",
            "setmetatable(_G, {})", "local g = getmetatable(_G) g.__index = {}", "rawset(_G, 'x', 1)",
            "redis = function() return 1 end", "_G = {}", "x = 1"}) {
            assertReadOnly(script);
        }
        // Nothing changed: the next script still reaches the real redis.call.
        assertEquals(Reply.simple("OK"), run("EVAL", "return redis.call('set', 'k', 'v')", "0"));
        assertEquals(Reply.integer(0), run("EVAL", "return rawget(_G, 'x') == nil and 0 or 1", "0"));
    }

    @Test
    void scriptsStillWriteTheirOwnTablesAndKeys() {
        assertEquals(Reply.integer(1), run("EVAL", "local t = {} t.x = 1 table.insert(t, 2) return t.x", "0"));
        assertEquals("a", bulk(run("EVAL", "KEYS[1] = 'a' return KEYS[1]", "1", "k")));
        assertEquals("X", bulk(run("EVAL", "return ('x'):upper()", "0")));
    }

    @Test
    void functionsCannotChangeTheSharedLibrariesEither() {
        run("FUNCTION", "LOAD", "#!lua name=trick\nredis.register_function('trick', "
                + "function() redis.call = function() return 1 end end)");
        Reply r = run("FCALL", "trick", "0");
        assertTrue(assertInstanceOf(Reply.ErrorReply.class, r).text().contains("Attempt to modify a readonly table"));
        assertEquals(Reply.simple("PONG"), run("EVAL", "return redis.call('ping')", "0"));
        assertReadOnly("redis.register_function = nil");
    }
}
