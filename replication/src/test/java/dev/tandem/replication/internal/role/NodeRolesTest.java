/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.internal.ExpiryMode;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.Role;
import dev.tandem.replication.internal.master.MasterPropagationSink;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.replica.ReplicaLink;
import dev.tandem.replication.internal.replica.ReplicaPropagationSink;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.testing.TestContexts;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The role state machine: its legal transitions, what each installs, and what it refuses. */
class NodeRolesTest {

    private TestContexts t;
    private MasterReplication master;
    private MasterRole masterRole;
    private ReplicaPropagationSink replicaSink;

    @BeforeEach
    void setUp() {
        t = TestContexts.create(ReplicationConfig.defaults());
        master = new MasterReplication(t.context);
        masterRole = (MasterRole) t.context.roles().current();
        replicaSink = new ReplicaPropagationSink(t.backlog);
    }

    @AfterEach
    void tearDown() {
        master.close();
        t.close();
    }

    private ReplicaLink link(int port) {
        return new ReplicaLink(t.context, master, NodeAddress.tcp("127.0.0.1", port), false,
                new ReconnectBackoff(Duration.ofHours(1), Duration.ofHours(1)));
    }

    private NodeRole underLock(Supplier<NodeRole> transition) {
        Keyspace keyspace = t.keyspace;
        keyspace.lock().writeLock().lock();
        try {
            return transition.get();
        } finally {
            keyspace.lock().writeLock().unlock();
        }
    }

    @Test
    void aNodeStartsAsAMasterThatExpiresAndPropagates() {
        NodeRoles roles = t.context.roles();
        assertEquals(Role.MASTER, roles.current().kind());
        assertSame(masterRole.sink(), t.keyspace.propagationSink());
        assertEquals(ExpiryMode.MASTER, t.keyspace.expiryMode());
        assertTrue(roles.current().servesSubReplicas());
    }

    @Test
    void masterToReplicaInstallsTheReplicasSinkAndExpiryMode() {
        ReplicaLink link = link(1);
        NodeRole before = underLock(() -> t.context.roles().transition(new ReplicaRole(link, replicaSink)));
        assertSame(masterRole, before);
        assertEquals(Role.REPLICA, t.context.role());
        assertSame(replicaSink, t.keyspace.propagationSink());
        assertEquals(ExpiryMode.REPLICA, t.keyspace.expiryMode());
        assertFalse(t.context.roles().current().servesSubReplicas(), "a replica whose link is down serves nobody");
    }

    @Test
    void aReplicaMayFollowAnotherLinkOrBecomeMasterAgain() {
        ReplicaLink first = link(1);
        ReplicaLink second = link(2);
        underLock(() -> t.context.roles().transition(new ReplicaRole(first, replicaSink)));
        underLock(() -> t.context.roles().transition(new ReplicaRole(second, replicaSink)));
        assertSame(second, ((ReplicaRole) t.context.roles().current()).link());
        MasterRole again = new MasterRole(new MasterPropagationSink(t.context));
        underLock(() -> t.context.roles().transition(again));
        assertSame(again.sink(), t.keyspace.propagationSink());
        assertEquals(ExpiryMode.MASTER, t.keyspace.expiryMode());
    }

    @Test
    void illegalTransitionsThrowAndChangeNothing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> underLock(() -> t.context.roles().transition(new MasterRole(masterRole.sink()))));
        assertEquals("illegal role transition master -> master", e.getMessage());
        ReplicaLink link = link(1);
        underLock(() -> t.context.roles().transition(new ReplicaRole(link, replicaSink)));
        NodeRole current = t.context.roles().current();
        assertThrows(IllegalStateException.class,
                () -> underLock(() -> t.context.roles().transition(new ReplicaRole(link, replicaSink))),
                "re-installing the same link");
        assertSame(current, t.context.roles().current());
        assertSame(replicaSink, t.keyspace.propagationSink());
    }

    @Test
    void aTransitionOutsideTheWriteLockIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> t.context.roles().transition(new ReplicaRole(link(1), replicaSink)));
        assertEquals("role transitions run under the keyspace write lock", e.getMessage());
        assertEquals(Role.MASTER, t.context.role());
    }
}
