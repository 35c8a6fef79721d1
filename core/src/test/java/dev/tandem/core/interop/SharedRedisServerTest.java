/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.interop;

import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A differential test class sharing one real redis-server (on a Unix socket) and one client to
 * it between its tests: started before the first, stopped by its PID after the last. Test
 * classes run one at a time in a test JVM, so the static fields are never shared by two at once.
 */
abstract class SharedRedisServerTest {
    static RedisServerProcess server;
    static RespClient redis;

    @BeforeAll
    static void startSharedRedis() throws IOException {
        server = RedisServerProcess.builder().unixSocket().start();
        redis = server.client();
    }

    @AfterAll
    static void stopSharedRedis() throws IOException {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
