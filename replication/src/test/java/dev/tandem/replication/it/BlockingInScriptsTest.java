/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.RespClient;
import org.junit.jupiter.api.Test;

/**
 * Scripts never block (Redis 7.0's CLIENT_DENY_BLOCKING for the script client): the {@code noscript}
 * blocking pops are refused, BLMPOP and BZMPOP answer at once as on timeout (unit/scripting's
 * "Scripts can't run blpop command" family; texts as redis-server 7.0.15).
 */
class BlockingInScriptsTest {

    @Test
    void scriptsRefuseNoscriptBlockingPopsAndRunTheOthersWithoutBlocking() throws Exception {
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().start();
             RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            for (String call : new String[] {"'blpop','x',0", "'brpop','x',0", "'brpoplpush','x','y',0",
                    "'blmove','x','y','LEFT','LEFT',0", "'bzpopmin','z',0", "'bzpopmax','z',0"}) {
                Object reply = client.call("EVAL", "return redis.pcall(" + call + ")", "0");
                assertEquals(new RespClient.ErrorReply("ERR This Redis command is not allowed from script"), reply, call);
            }
            assertEquals(null, client.call("EVAL", "return redis.pcall('blmpop',0,1,'x','LEFT')", "0"));
            assertEquals(null, client.call("EVAL", "return redis.pcall('bzmpop',0,1,'z','MIN')", "0"));
            client.call("RPUSH", "x", "a");
            assertEquals(2L, ((java.util.List<?>) client.call("EVAL",
                    "return redis.call('blmpop',0,1,'x','LEFT')", "0")).size());
        }
    }
}
