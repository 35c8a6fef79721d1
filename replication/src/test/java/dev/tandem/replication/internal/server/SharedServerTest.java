/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class sharing one {@link TestServer} between its tests: started before the first,
 * closed after the last. Test classes run one at a time in a test JVM, so the static field is
 * never shared by two classes at once.
 */
abstract class SharedServerTest {

    static TestServer server;

    @BeforeAll
    static void startSharedServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopSharedServer() {
        server.close();
    }
}
