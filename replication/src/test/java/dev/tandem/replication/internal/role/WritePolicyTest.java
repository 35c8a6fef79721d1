/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ClientState;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.replica.ReplicaLink;
import dev.tandem.replication.internal.replica.ReplicaPropagationSink;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.testing.TestContexts;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one write policy: each refusal, its text, and Redis's order among them. */
class WritePolicyTest {

    private TestContexts t;
    private MasterReplication master;
    private final AtomicReference<ReplicationConfig> config = new AtomicReference<>(ReplicationConfig.defaults());
    private final AtomicBoolean tooFewGood = new AtomicBoolean();
    private WritePolicy policy;

    @BeforeEach
    void setUp() {
        t = TestContexts.create(ReplicationConfig.defaults());
        master = new MasterReplication(t.context);
        policy = new WritePolicy(t.context.roles(), config::get, tooFewGood::get);
    }

    @AfterEach
    void tearDown() {
        master.close();
        t.close();
    }

    private void becomeReplica() {
        t.becomeReplica(new ReplicaLink(t.context, master, NodeAddress.tcp("127.0.0.1", 1), false,
                new ReconnectBackoff(Duration.ofHours(1), Duration.ofHours(1))));
    }

    private void configure(String directive, String value) {
        config.set(config.get().toBuilder().directive(directive, value).build());
    }

    @Test
    void aMasterRefusesWritesOnlyWhileTooFewReplicasAreGood() {
        assertNull(policy.refusal(true, false));
        tooFewGood.set(true);
        assertEquals(WritePolicy.NOREPLICAS, policy.refusal(true, false));
        assertEquals(WritePolicy.NOREPLICAS, policy.refusal(ClientState.client()), "under the lock too");
        assertNull(policy.refusal(false, false), "reads are served");
        assertFalse(policy.refusesStaleData());
    }

    @Test
    void aReadOnlyReplicaRefusesWritesBeforeStaleData() {
        becomeReplica();
        tooFewGood.set(true); // a master's concern only
        assertEquals(WritePolicy.READONLY, policy.refusal(true, true));
        assertEquals(WritePolicy.READONLY, policy.refusal(ClientState.client()));
        assertNull(policy.refusal(false, false), "stale data is served by default");
        configure("replica-serve-stale-data", "no");
        assertEquals(WritePolicy.READONLY, policy.refusal(true, false), "Redis checks READONLY before MASTERDOWN");
        assertEquals(WritePolicy.MASTERDOWN, policy.refusal(false, false));
        assertNull(policy.refusal(false, true), "commands allowed on stale data (INFO, PING, ...)");
        assertTrue(policy.refusesStaleData());
    }

    @Test
    void aWritableReplicaTakesLocalWrites() {
        becomeReplica();
        configure("replica-read-only", "no");
        assertNull(policy.refusal(true, true));
        assertNull(policy.refusal(ClientState.client()));
    }
}
