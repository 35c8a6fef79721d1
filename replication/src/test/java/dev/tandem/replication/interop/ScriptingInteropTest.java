/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scripts and functions over replication (issue #15): Redis 7.0 replicates a script's effects
 * (the commands it called, in MULTI/EXEC) and a FUNCTION LOAD verbatim. A Tandem replica applies
 * a real redis-server master's EVAL/FCALL effects, a real redis-server replica applies a Tandem
 * master's, digests equal; and the same scripts answer the same on both (differential).
 */
@Tag("interop")
@RequiresRedis
class ScriptingInteropTest {
    private static final String LIBRARY = "#!lua name=tlib\n"
            + "redis.register_function('tpush', function(keys, args) "
            + "redis.call('rpush', keys[1], args[1]); return redis.call('llen', keys[1]) end)\n"
            + "redis.register_function{function_name='tget', callback=function(keys) "
            + "return redis.call('lrange', keys[1], 0, -1) end, flags={'no-writes'}}";

    @Test
    void tandemReplicaAppliesARedisMastersScriptEffects() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
             RespClient master = redis.client();
             ReplicatedKeyspace replica = ReplicatedKeyspace.builder()
                     .replicaOf("127.0.0.1", redis.port()).start()) {
            Interop.awaitSameDigest("after the full sync", () -> Interop.digest(master), replica::digest);
            master.call("FUNCTION", "LOAD", LIBRARY);
            run(master, workload(1, 400));
            Interop.awaitSameDigest("after the stream", () -> Interop.digest(master), replica::digest);
        }
    }

    @Test
    void redisReplicaAppliesATandemMastersScriptEffects() throws Exception {
        try (ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start();
             RespClient master = Interop.client(tandem);
             RedisServerProcess redis = RedisServerProcess.start("--replicaof", "127.0.0.1",
                     Integer.toString(tandem.port()));
             RespClient replica = redis.client()) {
            Interop.awaitSameDigest("after the full sync", tandem::digest, () -> Interop.digest(replica));
            // Two empty data sets have the same digest before the sync: wait for the link, since a
            // Tandem master's full sync does not carry functions yet (a FUNCTION LOAD before it is lost).
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .pollInterval(java.time.Duration.ofMillis(20))
                    .until(() -> RespClient.describe(replica.call("INFO", "replication"))
                            .contains("master_link_status:up"));
            master.call("FUNCTION", "LOAD", LIBRARY);
            run(master, workload(2, 400));
            Interop.awaitSameDigest("after the stream", tandem::digest, () -> Interop.digest(replica));
            // The FUNCTION LOAD reached the Redis replica: it can run the library's read-only function.
            assertEquals(RespClient.describe(master.call("FCALL_RO", "tget", "1", "l1")),
                    RespClient.describe(replica.call("FCALL_RO", "tget", "1", "l1")));
        }
    }

    @Test
    void sameScriptsSameReplies() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             RespClient real = redis.client();
             ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().start();
             RespClient ours = Interop.client(tandem)) {
            List<String[]> cases = new ArrayList<>();
            cases.add(new String[] {"FUNCTION", "LOAD", LIBRARY});
            cases.addAll(workload(3, 300));
            for (String script : new String[] {
                "return 3.99", "return -3.99", "return 'abc'", "return true", "return false", "return nil",
                "return {1,2,3,'ciao',{1,2},nil,5}", "return {ok='FINE'}", "return {err='My Error'}",
                "return redis.error_reply('My Error')", "return redis.error_reply('-MY Error')",
                "return redis.status_reply('x')", "return redis.call('get', 'nokey')",
                "return redis.call('set', 'k', 'v')", "return redis.call('lpush', 'k', 'x')",
                "return redis.pcall('lpush', 'k', 'x')", "return redis.call('nosuchcmd')",
                "return redis.call('get')", "return redis.call('eval', 'return 1', '0')",
                "return redis.sha1hex('abc')", "return a", "a = 1", "error('boom')",
                "return redis.call('incrbyfloat', 'f', 1.5)", "return {1, 'two', {3, {4}}}",
                "#!lua flags=no-writes\nreturn redis.call('set', 'x', '1')", "#!lua\nerror('line two')",
                "#!python\nreturn 1", "#!lua flags=bogus\nreturn 1",
                // a syntax error's text is luaj's, not Lua 5.1's: left out (docs/compatibility.md)
                "return bit.tohex(65535)", "return bit.band(0xff, 0x0f)", "return bit.bnot(0)",
                "redis.setresp(3); return redis.call('hgetall', 'nohash')",
                "return redis.setresp(4)", "return type(redis.call('get', 'nokey'))",
                "return tostring(loadstring('return 1')())", "return #KEYS + #ARGV",
                // cjson, as Redis's test suite uses it
                "return cjson.encode({1, 2, 3, 'x'})", "return cjson.encode({})", "return cjson.encode('a/b\"c\\\n')",
                "return cjson.encode({a = 1})", "return cjson.encode({1.5, -0.25, 1e20, 123456789012345})",
                "return cjson.encode({[1] = 1, [20] = 2})", "return cjson.encode({true, false, cjson.null})",
                "return cjson.encode(function() end)", "return cjson.decode('[1,2,3,\"ciao\",[1,2]]')",
                "return cjson.decode('{\"a\":{\"b\":[1,{\"c\":\"d\"}]}}').a.b[2].c",
                "return cjson.decode('\"\\u00e9\\ud83d\\ude00\"')", "return cjson.decode('')",
                "return cjson.decode('[1,2')", "return cjson.decode('{\"a\" 1}')", "return cjson.decode('nul')",
                "return cjson.decode('[1] x')", "return cjson.decode('012')", "return cjson.decode('-1.5e3')",
                "return cjson.decode('null') == cjson.null and 1 or 0",
                "local t = {} for i=1,1100 do t = {t} end return cjson.encode(t)",
                "return cjson.decode(string.rep('[', 1100) .. string.rep(']', 1100))"}) {
                cases.add(new String[] {"EVAL", script, "1", "key1", "arg1"});
            }
            cases.add(new String[] {"EVAL_RO", "return redis.call('set', 'a', 'b')", "0"});
            cases.add(new String[] {"EVAL_RO", "#!lua\nreturn 1", "0"});
            cases.add(new String[] {"EVAL", "return 1", "2", "a"});
            cases.add(new String[] {"EVAL", "return 1", "-1"});
            cases.add(new String[] {"EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"});
            cases.add(new String[] {"SCRIPT", "LOAD", "return 'x'"});
            cases.add(new String[] {"SCRIPT", "EXISTS", "a0ac3f2f2e4a2b4f3a5a0b3e0c1b2d3e4f5a6b7c"});
            cases.add(new String[] {"SCRIPT", "FLUSH", "bad"});
            cases.add(new String[] {"SCRIPT", "KILL"});
            cases.add(new String[] {"SCRIPT", "NOPE"});
            cases.add(new String[] {"FCALL", "nosuch", "0"});
            cases.add(new String[] {"FCALL_RO", "tpush", "1", "l1", "x"});
            cases.add(new String[] {"FUNCTION", "LOAD", LIBRARY});
            cases.add(new String[] {"FUNCTION", "LOAD", "return 1"});
            cases.add(new String[] {"FUNCTION", "LOAD", "#!lua name=empty\nlocal x = 1"});
            cases.add(new String[] {"FUNCTION", "LOAD", "#!lua name=bad-name\nlocal x = 1"});
            cases.add(new String[] {"FUNCTION", "LOAD", "#!js name=x\nlocal x = 1"});
            // Redis lists a library's functions in its dict's (seeded, random) order: one function here.
            cases.add(new String[] {"FUNCTION", "LOAD", "REPLACE", "#!lua name=tlib\n"
                    + "redis.register_function{function_name='tget', description='reads', "
                    + "callback=function(keys) return 1 end, flags={'no-writes', 'allow-stale'}}"});
            cases.add(new String[] {"FUNCTION", "LIST"});
            cases.add(new String[] {"FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "t*"});
            cases.add(new String[] {"FUNCTION", "DELETE", "nolib"});
            cases.add(new String[] {"FUNCTION", "STATS"});
            cases.add(new String[] {"FUNCTION", "DELETE", "tlib"});
            cases.add(new String[] {"FCALL", "tpush", "1", "l1", "x"});
            List<String> mismatches = new ArrayList<>();
            for (String[] c : cases) {
                String expected = RespClient.describe(real.call(c));
                String actual = RespClient.describe(ours.call(c));
                if (!expected.equals(actual)) {
                    mismatches.add(String.join(" ", c) + "\n   redis:  " + expected + "\n   tandem: " + actual);
                }
            }
            assertEquals(List.of(), mismatches);
        }
    }

    private static void run(RespClient client, List<String[]> commands) throws IOException {
        for (String[] argv : commands) {
            client.call(argv);
        }
    }

    /** Seeded scripts and function calls that write several keys each (errors included). */
    static List<String[]> workload(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String k1 = "k" + r.nextInt(8);
            String k2 = "k" + r.nextInt(8);
            String v = Integer.toString(r.nextInt(1000));
            out.add(switch (r.nextInt(8)) {
                case 0 -> new String[] {"EVAL", "redis.call('set', KEYS[1], ARGV[1]); "
                        + "return redis.call('incr', KEYS[2])", "2", k1, k2, v};
                case 1 -> new String[] {"EVAL", "local n = redis.call('incrby', KEYS[1], ARGV[1]); "
                        + "redis.call('hset', 'h' .. KEYS[1], 'f' .. ARGV[1], n); return n", "1", k1, v};
                case 2 -> new String[] {"EVAL", "redis.call('del', KEYS[1]); redis.call('sadd', KEYS[1], ARGV[1], 'x'); "
                        + "return redis.call('scard', KEYS[1])", "1", k1, v};
                case 3 -> new String[] {"EVAL", "return redis.call('get', KEYS[1])", "1", k1};
                case 4 -> new String[] {"FCALL", "tpush", "1", "l" + r.nextInt(3), v};
                case 5 -> new String[] {"EVAL", "redis.call('select', 1); redis.call('set', KEYS[1], ARGV[1]); "
                        + "redis.call('select', 0); redis.call('append', KEYS[1], ARGV[1])", "1", k1, v};
                case 6 -> new String[] {"EVAL", "redis.call('zadd', 'z', ARGV[1], KEYS[1]); "
                        + "redis.call('expire', 'z', 10000); return redis.call('zcard', 'z')", "1", k1, v};
                default -> new String[] {"EVAL", "redis.call('set', KEYS[1], 'a'); "
                        + "return redis.call('lpush', KEYS[1], 'b')", "1", k2}; // fails after a write
            });
        }
        return out;
    }
}
