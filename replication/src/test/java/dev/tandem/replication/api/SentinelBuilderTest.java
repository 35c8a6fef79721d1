/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.replication.ReplicatedKeyspace;
import org.junit.jupiter.api.Test;

/** The builder's checks of {@code sentinels(...)} and {@code masterName(...)}. */
class SentinelBuilderTest {

    @Test
    void addressesMustBeHostPort() {
        for (String bad : new String[] {"localhost", ":26379", "host:", "host:port", "host:0", "host:65536"}) {
            assertThrows(IllegalArgumentException.class, () -> ReplicatedKeyspace.builder().sentinels(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ReplicatedKeyspace.builder().sentinels());
    }

    @Test
    void sentinelsAndMasterNameGoTogetherAndExcludeReplicaOf() {
        assertEquals("sentinels(...) and masterName(...) go together", assertThrows(IllegalStateException.class,
                () -> ReplicatedKeyspace.builder().sentinels("127.0.0.1:26379").build()).getMessage());
        assertEquals("sentinels(...) and masterName(...) go together", assertThrows(IllegalStateException.class,
                () -> ReplicatedKeyspace.builder().masterName("mymaster").build()).getMessage());
        assertThrows(IllegalStateException.class, () -> ReplicatedKeyspace.builder().sentinels("127.0.0.1:26379")
                .masterName("mymaster").replicaOf("127.0.0.1", 6379).build());
    }
}
