/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ReplicationConfig;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RedisDirectiveCatalogTest {

    private final RedisDirectiveCatalog catalog = RedisDirectiveCatalog.redis70();

    @Test
    void holdsRedis70sWholeTableAliasesAndHiddenDirectivesIncluded() {
        assertEquals(197, catalog.names().size()); // CONFIG GET * (192) + 5 hidden
        assertTrue(catalog.lookup("slave-read-only").isPresent());
        assertTrue(catalog.lookup("watchdog-period").isPresent());
        assertEquals(Optional.of(new RedisDirectiveCatalog.Entry("appendonly", false, "no")), catalog.lookup("appendonly"));
        assertEquals(Optional.of(new RedisDirectiveCatalog.Entry("save", true, "3600 1 300 100 60 10000")),
                catalog.lookup("save"));
        assertFalse(catalog.lookup("include").isPresent(), "handled in code, as in Redis");
        assertFalse(catalog.lookup("replicaoff").isPresent());
    }

    @Test
    void everyDirectiveTandemImplementsIsARedisDirective() {
        Set<String> implemented = new TreeSet<>(LauncherDirectives.ownNames());
        implemented.addAll(ReplicationConfig.directiveNames());
        for (String name : implemented) {
            // Tandem's own directives (tandem-*) are deliberately not Redis's, and named so.
            assertEquals(!name.startsWith("tandem-"), catalog.lookup(name).isPresent(), name);
            assertTrue(LauncherDirectives.lookup(name).isPresent(), name);
        }
    }

    @Test
    void theIssuesListIsImplemented() {
        for (String name : new String[] {"bind", "port", "requirepass", "masterauth", "masteruser", "replicaof",
                "slaveof", "replica-read-only", "slave-read-only", "replica-serve-stale-data", "slave-serve-stale-data",
                "replica-priority", "slave-priority", "replica-announce-ip", "slave-announce-ip", "replica-announce-port",
                "slave-announce-port", "repl-diskless-sync", "repl-diskless-sync-delay", "repl-ping-replica-period",
                "repl-ping-slave-period", "repl-timeout", "repl-backlog-size", "repl-backlog-ttl",
                "repl-disable-tcp-nodelay", "min-replicas-to-write", "min-slaves-to-write", "min-replicas-max-lag",
                "min-slaves-max-lag", "databases", "dir", "dbfilename", "loglevel", "logfile", "protected-mode",
                "maxclients", "timeout", "tcp-keepalive"}) {
            assertTrue(LauncherDirectives.lookup(name).isPresent(), name);
        }
    }
}
