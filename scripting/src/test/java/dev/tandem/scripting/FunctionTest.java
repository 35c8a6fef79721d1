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
import dev.tandem.core.internal.Propagated;
import dev.tandem.core.internal.PropagationSink;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionTest {
    private static final String LIB = "#!lua name=mylib\n"
            + "redis.register_function('set2', function(keys, args) redis.call('set', keys[1], args[1]); "
            + "redis.call('set', keys[2], args[1]); return redis.call('ping') end)\n"
            + "redis.register_function{function_name='get1', callback=function(keys) return redis.call('get', keys[1]) end, "
            + "flags={'no-writes'}, description='reads one key'}";

    private Keyspace keyspace;
    private final ClientState client = ClientState.client();
    private final List<String> propagated = new ArrayList<>();

    @BeforeEach
    void setUp() {
        CommandTable table = CommandTable.standard();
        Scripting.register(table);
        keyspace = new Keyspace(16, KeyspaceClock.SYSTEM, table);
        keyspace.propagationSink(new PropagationSink() {
            @Override
            public long propagate(List<Propagated> commands) {
                commands.forEach(c -> propagated.add(c.render()));
                return 0;
            }

            @Override
            public long offset() {
                return 0;
            }
        });
    }

    private Reply run(String... argv) {
        return keyspace.execute(client, argv).reply();
    }

    private static String bulk(Reply r) {
        return assertInstanceOf(Reply.BulkReply.class, r).utf8();
    }

    private static String error(Reply r) {
        return assertInstanceOf(Reply.ErrorReply.class, r).text();
    }

    @Test
    void loadCallAndPropagate() {
        assertEquals("mylib", bulk(run("FUNCTION", "LOAD", LIB)));
        assertEquals(1, propagated.size(), "FUNCTION LOAD propagates verbatim");
        assertTrue(propagated.get(0).startsWith("FUNCTION LOAD #!lua name=mylib"), propagated.get(0));
        propagated.clear();
        assertEquals(Reply.simple("PONG"), run("FCALL", "SET2", "2", "a", "b", "v"), "names are case-insensitive");
        assertEquals(List.of("MULTI", "set a v", "set b v", "EXEC"), propagated);
        assertEquals("v", bulk(run("FCALL_RO", "get1", "1", "a")));
        assertEquals("ERR Can not execute a script with write flag using *_ro command.",
                error(run("FCALL_RO", "set2", "2", "a", "b", "v")));
        assertEquals("ERR Function not found", error(run("FCALL", "nope", "0")));
        assertEquals("ERR Library 'mylib' already exists", error(run("FUNCTION", "LOAD", LIB)));
        assertEquals("mylib", bulk(run("FUNCTION", "LOAD", "REPLACE", LIB)));
    }

    @Test
    void loadingErrors() {
        assertEquals("ERR Missing library metadata", error(run("FUNCTION", "LOAD", "return 1")));
        assertEquals("ERR Library name was not given", error(run("FUNCTION", "LOAD", "#!lua\nreturn 1")));
        assertEquals("ERR Engine 'js' not found", error(run("FUNCTION", "LOAD", "#!js name=x\nreturn 1")));
        assertEquals("ERR No functions registered", error(run("FUNCTION", "LOAD", "#!lua name=x\nlocal a = 1")));
        assertTrue(error(run("FUNCTION", "LOAD", "#!lua name=x\nredis.call('set', 'a', 'b')"))
                .startsWith("ERR Error registering functions: "));
        assertTrue(error(run("FUNCTION", "LOAD", "#!lua name=x\nredis.register_function('f', 1)"))
                .contains("second argument to redis.register_function must be a function"));
        assertEquals("ERR Library names can only contain letters, numbers, or underscores(_) and must be at "
                + "least one character long", error(run("FUNCTION", "LOAD", "#!lua name=a-b\nreturn 1")));
        run("FUNCTION", "LOAD", LIB);
        assertEquals("ERR Function set2 already exists", error(run("FUNCTION", "LOAD",
                "#!lua name=other\nredis.register_function('set2', function() return 1 end)")));
    }

    @Test
    void registerFunctionOnlyWhileLoading() {
        run("FUNCTION", "LOAD", "#!lua name=l\nredis.register_function('reg', function() "
                + "redis.register_function('x', function() end) end)");
        assertTrue(error(run("FCALL", "reg", "0")).contains("attempt"), "no register_function at run time");
    }

    @Test
    void listDeleteFlushStats() {
        run("FUNCTION", "LOAD", LIB);
        Reply.ArrayReply list = assertInstanceOf(Reply.ArrayReply.class, run("FUNCTION", "LIST", "LIBRARYNAME", "my*"));
        assertEquals(1, list.items().size());
        assertEquals(Reply.EMPTY_ARRAY, run("FUNCTION", "LIST", "LIBRARYNAME", "zz*"));
        Reply.MapReply stats = assertInstanceOf(Reply.MapReply.class, run("FUNCTION", "STATS"));
        assertEquals(Reply.NULL, stats.keysAndValues().get(1));
        assertEquals("ERR Library not found", error(run("FUNCTION", "DELETE", "nolib")));
        assertEquals(Reply.OK, run("FUNCTION", "DELETE", "mylib"));
        assertEquals("ERR Function not found", error(run("FCALL", "get1", "1", "a")));
        run("FUNCTION", "LOAD", LIB);
        assertEquals(Reply.OK, run("FUNCTION", "FLUSH", "SYNC"));
        assertEquals(Reply.EMPTY_ARRAY, run("FUNCTION", "LIST"));
        assertEquals("ERR FUNCTION FLUSH only supports SYNC|ASYNC option", error(run("FUNCTION", "FLUSH", "x")));
        assertEquals("ERR unknown subcommand or wrong number of arguments for 'flush'. Try FUNCTION HELP.",
                error(run("FUNCTION", "flush", "sync", "extra")));
        assertEquals("ERR Unknown option given: foo", error(run("FUNCTION", "LOAD", "foo", "bar", LIB)));
        run("FUNCTION", "LOAD", LIB);
        assertEquals("ERR Bad number of keys provided", error(run("FCALL", "get1", "x")));
        // while a library loads, only the library API exists
        assertTrue(error(run("FUNCTION", "LOAD", "#!lua name=l2\nreturn math.random()"))
                .contains("attempted to access nonexistent global variable 'math'"));
        assertTrue(error(run("FUNCTION", "LOAD", "#!lua name=l2\nreturn redis.call('ping')"))
                .contains("attempted to access nonexistent global variable 'call'"));
    }
}
