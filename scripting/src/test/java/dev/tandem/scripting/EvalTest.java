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
import dev.tandem.core.internal.CommandResult;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.Propagated;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EvalTest {
    private Keyspace keyspace;
    private ClientState client;

    @BeforeEach
    void setUp() {
        CommandTable table = CommandTable.standard();
        Scripting.register(table);
        keyspace = new Keyspace(16, KeyspaceClock.SYSTEM, table);
        client = ClientState.client();
    }

    private Reply run(String... argv) {
        return keyspace.execute(client, argv).reply();
    }

    private CommandResult result(String... argv) {
        return keyspace.execute(client, argv);
    }

    private static String bulk(Reply r) {
        return assertInstanceOf(Reply.BulkReply.class, r).utf8();
    }

    private static String error(Reply r) {
        return assertInstanceOf(Reply.ErrorReply.class, r).text();
    }

    @Test
    void returnsConvertedValues() {
        assertEquals(Reply.integer(3), run("EVAL", "return 3.99", "0"));
        assertEquals(Reply.integer(-3), run("EVAL", "return -3.99", "0"));
        assertEquals("abc", bulk(run("EVAL", "return 'abc'", "0")));
        assertEquals(Reply.ONE, run("EVAL", "return true", "0"));
        assertEquals(Reply.NULL, run("EVAL", "return false", "0"));
        assertEquals(Reply.NULL, run("EVAL", "return nil", "0"));
        assertEquals(Reply.simple("FINE"), run("EVAL", "return {ok='FINE'}", "0"));
        assertEquals(Reply.error("My Error"), run("EVAL", "return {err='My Error'}", "0"));
        assertEquals(Reply.error("My Error"), run("EVAL", "return redis.error_reply('My Error')", "0"));
        assertEquals(Reply.error("MY Error"), run("EVAL", "return redis.error_reply('-MY Error')", "0"));
        assertEquals(Reply.simple("x y"), run("EVAL", "return redis.status_reply('x\\ny')", "0"));
        // arrays stop at the first nil
        Reply.ArrayReply a = assertInstanceOf(Reply.ArrayReply.class,
                run("EVAL", "return {1,2,3,'ciao',{1,2},nil,5}", "0"));
        assertEquals(5, a.items().size());
        assertEquals("ciao", bulk(a.items().get(3)));
        assertEquals(Reply.array(List.of(Reply.ONE, Reply.integer(2))), a.items().get(4));
    }

    @Test
    void keysAndArgvAndCallConversions() {
        assertEquals(Reply.OK, run("SET", "k", "v"));
        Reply.ArrayReply a = assertInstanceOf(Reply.ArrayReply.class,
                run("EVAL", "return {KEYS[1], ARGV[1], ARGV[2]}", "1", "k", "a1", "a2"));
        assertEquals(List.of("k", "a1", "a2"), a.items().stream().map(EvalTest::bulk).toList());
        assertEquals("v", bulk(run("EVAL", "return redis.call('get', KEYS[1])", "1", "k")));
        // nil bulk -> false -> null reply; status -> table with ok
        assertEquals(Reply.NULL, run("EVAL", "return redis.call('get', 'missing')", "0"));
        assertEquals("boolean", bulk(run("EVAL", "return type(redis.call('get', 'missing'))", "0")));
        assertEquals("OK", bulk(run("EVAL", "return redis.call('set', 'a', 'b').ok", "0")));
        // numbers become integers (%.17g for the arguments)
        assertEquals(Reply.integer(10), run("EVAL", "redis.call('set', 'n', 5); return redis.call('incrby', 'n', 5)", "0"));
        assertEquals("3.5", bulk(run("EVAL", "redis.call('set', 'f', 3.5); return redis.call('get', 'f')", "0")));
    }

    @Test
    void noscriptCommandsAreRefusedUnlessDebugDisablesTheDenial() {
        run("RPUSH", "l", "a");
        String pop = "local t = redis.pcall('blpop', 'l', 0); if t['err'] then return t['err'] end; return t[2]";
        assertEquals("ERR This Redis command is not allowed from script", bulk(run("EVAL", pop, "1", "l")));
        keyspace.scriptDenyDisabled(true); // DEBUG SET-DISABLE-DENY-SCRIPTS 1
        assertEquals("a", bulk(run("EVAL", pop, "1", "l")));
        // MULTI and nested scripts stay refused: they cannot run inside a script's unit.
        String multi = "local t = redis.pcall('multi'); return t['err']";
        assertEquals("ERR This Redis command is not allowed from script", bulk(run("EVAL", multi, "0")));
    }

    @Test
    void streamReadsRefuseBlockFromScriptsAsTStreamDoes() {
        run("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        String read = "local t = redis.pcall(%s); if type(t) == 'table' and t['err'] then return t['err'] end; return 'ok'";
        assertEquals("ok", bulk(run("EVAL", String.format(read, "'xread', 'STREAMS', 's', '$'"), "1", "s")));
        assertEquals("ERR xread command is not allowed with BLOCK option from scripts",
                bulk(run("EVAL", String.format(read, "'xread', 'BLOCK', 0, 'STREAMS', 's', '$'"), "1", "s")));
        assertEquals("ERR xreadgroup command is not allowed with BLOCK option from scripts",
                bulk(run("EVAL", String.format(read, "'xreadgroup', 'group', 'g', 'c', 'BLOCK', 0, 'STREAMS', 's', '>'"),
                        "1", "s")));
    }

    @Test
    void errorsHaveRedisTexts() {
        run("SET", "k", "v");
        String sha = bulk(run("SCRIPT", "LOAD", "return redis.call('lpush', KEYS[1], 'x')"));
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value script: " + sha
                + ", on @user_script:1.", error(run("EVALSHA", sha, "1", "k")));
        String pcall = "local t = redis.pcall('lpush', KEYS[1], 'x'); return t['err']";
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                bulk(run("EVAL", pcall, "1", "k")));
        assertEquals("NOSCRIPT No matching script. Please use EVAL.", error(run("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0")));
        assertEquals("ERR Number of keys can't be greater than number of args", error(run("EVAL", "return 1", "2", "a")));
        assertEquals("ERR Number of keys can't be negative", error(run("EVAL", "return 1", "-1")));
        assertTrue(error(run("EVAL", "return redis.call('nosuch')", "0"))
                .startsWith("ERR Unknown Redis command called from script script: "));
        assertTrue(error(run("EVAL", "return redis.call('get')", "0"))
                .startsWith("ERR Wrong number of args calling Redis command from script script: "));
        assertTrue(error(run("EVAL", "return redis.call('eval', 'return 1', '0')", "0"))
                .startsWith("ERR This Redis command is not allowed from script script: "));
        assertTrue(error(run("EVAL", "return redis.call()", "0"))
                .startsWith("ERR Please specify at least one argument for this redis lib call script: "));
        assertTrue(error(run("EVAL", "return redis.call('get', {})", "0"))
                .startsWith("ERR Lua redis lib command arguments must be strings or integers script: "));
        String boom = error(run("EVAL", "error('boom')", "0"));
        assertTrue(boom.startsWith("ERR user_script:1: boom script: "), boom);
        assertTrue(boom.endsWith(", on @user_script:1."), boom);
        assertTrue(error(run("EVAL", "return +", "0")).startsWith("ERR Error compiling script (new function): user_script:1:"));
    }

    @Test
    void sandboxProtectsGlobals() {
        assertTrue(error(run("EVAL", "return a", "0")).startsWith(
                "ERR user_script:1: Script attempted to access nonexistent global variable 'a' script:"));
        assertTrue(error(run("EVAL", "a = 5", "0")).contains("Attempt to modify a readonly table"));
        for (String banned : new String[] {"io", "os", "dofile", "loadfile", "require", "print", "debug", "package"}) {
            assertTrue(error(run("EVAL", "return " + banned, "0")).contains("nonexistent global variable '" + banned + "'"),
                    banned);
        }
        // Lua 5.1 names luaj lacks are provided
        assertEquals(Reply.integer(3), run("EVAL", "return select('#', unpack({1,2,3}))", "0"));
        assertEquals(Reply.integer(6), run("EVAL", "local f = loadstring('return 6'); return f()", "0"));
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", bulk(run("EVAL", "return redis.sha1hex('')", "0")));
        assertEquals(Reply.integer(1), run("EVAL", "return redis.replicate_commands() and 1 or 0", "0"));
    }

    @Test
    void scriptCommandManagesTheCache() {
        String sha = bulk(run("SCRIPT", "LOAD", "return 'loaded'"));
        assertEquals("b534286061d4b9e4026607613b95c06c06015ae8".length(), sha.length());
        assertEquals(Reply.array(List.of(Reply.ONE, Reply.ZERO)), run("SCRIPT", "EXISTS", sha, "nope"));
        assertEquals("loaded", bulk(run("EVALSHA", sha.toUpperCase(), "0")));
        assertEquals(Reply.OK, run("SCRIPT", "FLUSH", "ASYNC"));
        assertEquals(Reply.array(List.of(Reply.ZERO)), run("SCRIPT", "EXISTS", sha));
        assertEquals("ERR SCRIPT FLUSH only support SYNC|ASYNC option", error(run("SCRIPT", "FLUSH", "x")));
        assertEquals("NOTBUSY No scripts in execution right now.", error(run("SCRIPT", "KILL")));
        assertEquals("ERR unknown subcommand 'foo'. Try SCRIPT HELP.", error(run("SCRIPT", "foo")));
        assertEquals("ERR wrong number of arguments for 'script|load' command", error(run("SCRIPT", "LOAD")));
        // EVAL caches the script too
        run("EVAL", "return 1", "0");
        assertEquals(Reply.array(List.of(Reply.ONE)), run("SCRIPT", "EXISTS", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"));
    }

    @Test
    void readOnlyScriptsRefuseWrites() {
        assertTrue(error(run("EVAL_RO", "return redis.call('set', 'k', 'v')", "0"))
                .startsWith("ERR Write commands are not allowed from read-only scripts. script:"));
        assertTrue(error(run("EVAL", "#!lua flags=no-writes\nreturn redis.call('set', 'k', 'v')", "0"))
                .startsWith("ERR Write commands are not allowed from read-only scripts. script:"));
        assertEquals("ERR Can not execute a script with write flag using *_ro command.",
                error(run("EVAL_RO", "#!lua\nreturn 1", "0")));
        assertEquals("ERR Unexpected engine in script shebang: #!python", error(run("EVAL", "#!python\nreturn 1", "0")));
        assertEquals("ERR Unexpected flag in script shebang: bad", error(run("EVAL", "#!lua flags=bad\nreturn 1", "0")));
        assertEquals("ERR Unknown lua shebang option: x=1", error(run("EVAL", "#!lua x=1\nreturn 1", "0")));
        // line numbers stay the user's after the shebang
        assertTrue(error(run("EVAL", "#!lua\nerror('x')", "0")).endsWith("on @user_script:2."));
    }

    @Test
    void writesPropagateAsTheirEffectsInMultiExec() {
        List<List<Propagated>> units = new ArrayList<>();
        keyspace.propagationSink(new dev.tandem.core.internal.PropagationSink() {
            @Override
            public long propagate(List<Propagated> commands) {
                units.add(commands);
                return 0;
            }

            @Override
            public long offset() {
                return 0;
            }
        });
        run("EVAL", "redis.call('set', KEYS[1], 'a'); redis.call('incr', 'counter'); return 1", "1", "k");
        assertEquals(1, units.size());
        assertEquals(List.of("MULTI", "set k a", "incr counter", "EXEC"),
                units.get(0).stream().map(p -> String.join(" ", p.render())).toList().stream()
                        .map(EvalTest::plain).toList());
        units.clear();
        run("EVAL", "return redis.call('get', 'k')", "0");
        assertEquals(List.of(), units);
        run("EVAL", "redis.set_repl(redis.REPL_NONE); redis.call('set', 'x', '1'); "
                + "redis.set_repl(redis.REPL_ALL); redis.call('set', 'y', '2')", "0");
        assertEquals(1, units.size());
        assertEquals(List.of("set y 2"), units.get(0).stream().map(p -> plain(p.render())).toList());
        assertEquals("1", bulk(run("GET", "x")));
    }

    private static String plain(String rendered) {
        return rendered;
    }

    @Test
    void respConversionsFollowSetresp() {
        run("HSET", "h", "f", "v");
        assertEquals(Reply.integer(2), run("EVAL", "return #redis.call('hgetall', 'h')", "0"));
        assertEquals("v", bulk(run("EVAL", "redis.setresp(3); return redis.call('hgetall', 'h')['map']['f']", "0")));
        assertEquals(new Reply.BooleanReply(true), run("EVAL", "redis.setresp(3); return true", "0"));
        assertEquals(Reply.integer(7), run("EVAL", "redis.setresp(3); return redis.call('get', 'nokey') == nil and 7 or 0", "0"));
        assertTrue(error(run("EVAL", "redis.setresp(4)", "0")).startsWith("ERR RESP version must be 2 or 3."));
    }

    @Test
    void mathRandomIsRedisLrand48() {
        // redisLrand48 from rand.c's initial state, as a fresh redis-server gives for its first script
        Reply r = run("EVAL", "math.randomseed(1); return tostring(math.random(1000))", "0");
        assertInstanceOf(Reply.BulkReply.class, r);
        assertEquals(run("EVAL", "math.randomseed(1); return math.random(1000)", "0"),
                run("EVAL", "math.randomseed(1); return math.random(1000)", "0"));
    }

    @Test
    void bitLibrary() {
        assertEquals(Reply.integer(-1), run("EVAL", "return bit.bnot(0)", "0"));
        assertEquals(Reply.integer(3), run("EVAL", "return bit.band(7, 3)", "0"));
        assertEquals(Reply.integer(7), run("EVAL", "return bit.bor(4, 3)", "0"));
        assertEquals(Reply.integer(6), run("EVAL", "return bit.bxor(5, 3)", "0"));
        assertEquals("000000ff", bulk(run("EVAL", "return bit.tohex(255)", "0")));
        assertEquals("FF", bulk(run("EVAL", "return bit.tohex(255, -2)", "0")));
        assertEquals(Reply.integer(-2147483648L), run("EVAL", "return bit.lshift(1, 31)", "0"));
    }
}
