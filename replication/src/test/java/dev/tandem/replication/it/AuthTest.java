/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.testing.Cluster;
import dev.tandem.replication.testing.FaultProxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code requirepass} on the master, {@code masterauth} on the replica. */
class AuthTest {

    static Stream<Arguments> badCredentials() {
        return Stream.of(
                Arguments.of("wrong password", "nope", "Unable to AUTH to MASTER: -WRONGPASS invalid username-password pair"),
                Arguments.of("no password", null, "Unexpected reply to PSYNC from master: -NOAUTH Authentication required."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCredentials")
    void badCredentialsNeverSyncAndDoNotStormTheMaster(String label, String masterauth, String expectedReason)
            throws Exception {
        try (Cluster c = Cluster.master().replicas(1).detached()
                .configureMaster(b -> b.directive("requirepass", "s3cret"))
                .configureReplicas(b -> {
                    b.reconnectBackoff(ReconnectBackoff.DEFAULT);
                    if (masterauth != null) {
                        b.directive("masterauth", masterauth);
                    }
                })
                .start();
             FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", c.masterNode().port()))) {
            ReplicatedKeyspace master = c.masterNode();
            ReplicatedKeyspace replica = c.replica(0);
            master.set("secret", "data");
            replica.replicaOf("127.0.0.1", proxy.port());

            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> c.count(replica, ReplicationEvent.HandshakeFailed.class) >= 1);
            // Attempts back off (100 ms doubling to 2 s): a handful in 1.5 s, and the same
            // failure is reported once, not per attempt.
            Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> c.count(replica, ReplicationEvent.HandshakeFailed.class) == 1);
            assertTrue(proxy.connectionsAccepted() >= 2, "it keeps retrying: " + proxy.connectionsAccepted());
            assertTrue(proxy.connectionsAccepted() <= 7, "attempts: " + proxy.connectionsAccepted());
            ReplicationEvent.HandshakeFailed failure = (ReplicationEvent.HandshakeFailed) c.events(replica).stream()
                    .filter(ReplicationEvent.HandshakeFailed.class::isInstance).findFirst().orElseThrow();
            assertTrue(failure.reason().startsWith(expectedReason), failure.reason());
            assertEquals(0, c.count(master, ReplicationEvent.ReplicaAttached.class));
            assertEquals(0, c.count(replica, ReplicationEvent.SyncStarted.class));
            assertEquals(null, replica.get("secret"));
        }
    }

    @Test
    void rightPasswordSyncs() throws Exception {
        try (Cluster c = Cluster.master().replicas(1)
                .configureMaster(b -> b.directive("requirepass", "s3cret"))
                .configureReplicas(b -> b.directive("masterauth", "s3cret"))
                .start()) {
            c.masterNode().set("secret", "data");
            c.awaitConverged();
            assertEquals("data", c.replica(0).get("secret"));
        }
    }
}
