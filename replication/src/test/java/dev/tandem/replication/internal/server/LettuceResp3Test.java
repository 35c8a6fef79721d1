/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolVersion;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RESP3 through Lettuce, which negotiates it with HELLO 3. */
class LettuceResp3Test {

    private static TestServer server;
    private static RedisClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        server.close();
    }

    @Test
    void negotiatesResp3AndReadsResp3Shapes() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            assertTrue(server.server.clients().stream().anyMatch(c ->
                    ((ClientConnection) c).protocol() == dev.tandem.resp.RespVersion.RESP3), "HELLO 3 switched the protocol");
            assertEquals("OK", redis.set("k", "v"));
            assertEquals("v", redis.get("k"));
            redis.hset("h", Map.of("a", "1", "b", "2"));
            assertEquals(Map.of("a", "1", "b", "2"), redis.hgetall("h"), "HGETALL is a RESP3 map");
            redis.sadd("s", "x", "y");
            assertEquals(Set.of("x", "y"), redis.smembers("s"), "SMEMBERS is a RESP3 set");
            redis.zadd("z", 2.5, "m");
            assertEquals(2.5, redis.zscore("z", "m"), "ZSCORE is a RESP3 double");
            assertTrue(redis.info("server").contains("redis_version:7.0.15"), "INFO as a verbatim string");
            assertTrue(redis.clientList().contains("resp=3"));
            assertEquals(Map.of("timeout", "0"), redis.configGet("timeout"), "CONFIG GET is a map");
            assertEquals("PONG", redis.ping());
        }
    }

    @Test
    void helloRepliesAMapWithServerFacts() {
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<Object> hello = connection.sync().dispatch(CommandType.HELLO, new NestedMultiOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add(3));
            // Lettuce flattens the map into key, value, key, value...
            assertEquals(List.of("server", "redis", "version", "7.0.15", "proto", 3L), hello.subList(0, 6));
            assertEquals("mode", hello.get(8));
            assertEquals("standalone", hello.get(9));
            assertEquals("role", hello.get(10));
            assertEquals("master", hello.get(11));
        }
    }
}
