/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.OutputBufferLimit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicationConfigTest {

    @Test
    void defaultsAreRedisDefaultsExceptTheDisklessDelay() {
        ReplicationConfig c = ReplicationConfig.defaults();
        assertEquals(Optional.empty(), c.requirepass());
        assertEquals(Optional.empty(), c.masterauth());
        assertEquals(Optional.empty(), c.masteruser());
        assertTrue(c.replicaReadOnly());
        assertTrue(c.replicaServeStaleData());
        assertTrue(c.replDisklessSync());
        assertEquals(0, c.replDisklessSyncDelaySeconds(), "Tandem's deliberate default (Redis: 5)");
        assertEquals(0, c.replDisklessSyncMaxReplicas());
        assertEquals(DisklessLoad.DISABLED, c.replDisklessLoad());
        assertEquals(1048576, c.replBacklogSize());
        assertEquals(3600, c.replBacklogTtlSeconds());
        assertEquals(Duration.ofHours(1), c.replBacklogTtl());
        assertEquals(10, c.replPingReplicaPeriodSeconds());
        assertEquals(60, c.replTimeoutSeconds());
        assertEquals(Duration.ofSeconds(60), c.replTimeout());
        assertEquals(new OutputBufferLimit(256L << 20, 64L << 20, 60), c.replicaOutputBufferLimit());
        assertEquals(Optional.empty(), c.replicaAnnounceIp());
        assertEquals(0, c.replicaAnnouncePort());
        assertEquals(100, c.replicaPriority());
        assertTrue(c.replicaAnnounced());
        assertEquals(16, c.databases());
        assertEquals(0, c.minReplicasToWrite());
        assertEquals(10, c.minReplicasMaxLagSeconds());
        assertFalse(c.minReplicasEnabled());
        assertEquals(c, ReplicationConfig.fromDirectives(Map.of()));
    }

    /** directive, value, accessor, expected rendering of the accessor's result. */
    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "requirepass | s3cret | requirepass | Optional[s3cret]",
        "requirepass | '' | requirepass | Optional.empty",
        "masterauth | s3cret | masterauth | Optional[s3cret]",
        "masteruser | repluser | masteruser | Optional[repluser]",
        "replica-read-only | no | replicaReadOnly | false",
        "slave-read-only | NO | replicaReadOnly | false",
        "replica-read-only | YES | replicaReadOnly | true",
        "replica-serve-stale-data | no | replicaServeStaleData | false",
        "slave-serve-stale-data | no | replicaServeStaleData | false",
        "repl-diskless-sync | no | replDisklessSync | false",
        "repl-diskless-sync-delay | 5 | replDisklessSyncDelaySeconds | 5",
        "repl-diskless-sync-max-replicas | 3 | replDisklessSyncMaxReplicas | 3",
        "repl-diskless-load | swapdb | replDisklessLoad | SWAPDB",
        "repl-diskless-load | On-Empty-DB | replDisklessLoad | ON_EMPTY_DB",
        "repl-diskless-load | disabled | replDisklessLoad | DISABLED",
        "repl-backlog-size | 1mb | replBacklogSize | 1048576",
        "repl-backlog-size | 1m | replBacklogSize | 1000000",
        "repl-backlog-size | 1MB | replBacklogSize | 1048576",
        "repl-backlog-size | 1gb | replBacklogSize | 1073741824",
        "repl-backlog-size | 16gb | replBacklogSize | 17179869184",
        "repl-backlog-size | 1g | replBacklogSize | 1000000000",
        "repl-backlog-size | 64kb | replBacklogSize | 65536",
        "repl-backlog-size | 64k | replBacklogSize | 64000",
        "repl-backlog-size | 1000 | replBacklogSize | 1000",
        "repl-backlog-size | 1000b | replBacklogSize | 1000",
        "repl-backlog-size | 007 | replBacklogSize | 7",
        "repl-backlog-size | 9223372036854775807 | replBacklogSize | 9223372036854775807",
        "repl-backlog-ttl | 0 | replBacklogTtlSeconds | 0",
        "repl-backlog-ttl | 86400 | replBacklogTtlSeconds | 86400",
        "repl-ping-replica-period | 1 | replPingReplicaPeriodSeconds | 1",
        "repl-ping-slave-period | 3 | replPingReplicaPeriodSeconds | 3",
        "repl-timeout | 2147483647 | replTimeoutSeconds | 2147483647",
        "client-output-buffer-limit | replica 2mb 1mb 3 | replicaOutputBufferLimit | OutputBufferLimit[hardLimitBytes=2097152, softLimitBytes=1048576, softLimitSeconds=3]",
        "client-output-buffer-limit | slave 0 0 0 | replicaOutputBufferLimit | OutputBufferLimit[hardLimitBytes=0, softLimitBytes=0, softLimitSeconds=0]",
        "client-output-buffer-limit | normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60 | replicaOutputBufferLimit | OutputBufferLimit[hardLimitBytes=268435456, softLimitBytes=67108864, softLimitSeconds=60]",
        "client-output-buffer-limit | pubsub 1 1 1 | replicaOutputBufferLimit | OutputBufferLimit[hardLimitBytes=268435456, softLimitBytes=67108864, softLimitSeconds=60]",
        "replica-announce-ip | 10.9.8.7 | replicaAnnounceIp | Optional[10.9.8.7]",
        "slave-announce-ip | 10.9.8.7 | replicaAnnounceIp | Optional[10.9.8.7]",
        "replica-announce-port | 7777 | replicaAnnouncePort | 7777",
        "slave-announce-port | 65535 | replicaAnnouncePort | 65535",
        "replica-priority | 0 | replicaPriority | 0",
        "slave-priority | 42 | replicaPriority | 42",
        "replica-announced | no | replicaAnnounced | false",
        "databases | 1 | databases | 1",
        "min-replicas-to-write | 2 | minReplicasToWrite | 2",
        "min-slaves-to-write | 2 | minReplicasToWrite | 2",
        "min-replicas-max-lag | 0 | minReplicasMaxLagSeconds | 0",
        "min-slaves-max-lag | 3 | minReplicasMaxLagSeconds | 3",
        "REPL-TIMEOUT | 7 | replTimeoutSeconds | 7",
    })
    void directivesParseLikeRedis(String directive, String value, String accessor, String expected) {
        ReplicationConfig c = ReplicationConfig.fromDirectives(Map.of(directive, value));
        assertEquals(expected, String.valueOf(ACCESSORS.get(accessor).apply(c)));
        assertEquals(c, ReplicationConfig.builder().directive(directive, value).build());
        assertEquals(c, c.toBuilder().build());
    }

    private static final Map<String, Function<ReplicationConfig, Object>> ACCESSORS = Map.ofEntries(
            Map.entry("requirepass", ReplicationConfig::requirepass),
            Map.entry("masterauth", ReplicationConfig::masterauth),
            Map.entry("masteruser", ReplicationConfig::masteruser),
            Map.entry("replicaReadOnly", ReplicationConfig::replicaReadOnly),
            Map.entry("replicaServeStaleData", ReplicationConfig::replicaServeStaleData),
            Map.entry("replDisklessSync", ReplicationConfig::replDisklessSync),
            Map.entry("replDisklessSyncDelaySeconds", ReplicationConfig::replDisklessSyncDelaySeconds),
            Map.entry("replDisklessSyncMaxReplicas", ReplicationConfig::replDisklessSyncMaxReplicas),
            Map.entry("replDisklessLoad", ReplicationConfig::replDisklessLoad),
            Map.entry("replBacklogSize", ReplicationConfig::replBacklogSize),
            Map.entry("replBacklogTtlSeconds", ReplicationConfig::replBacklogTtlSeconds),
            Map.entry("replPingReplicaPeriodSeconds", ReplicationConfig::replPingReplicaPeriodSeconds),
            Map.entry("replTimeoutSeconds", ReplicationConfig::replTimeoutSeconds),
            Map.entry("replicaOutputBufferLimit", ReplicationConfig::replicaOutputBufferLimit),
            Map.entry("replicaAnnounceIp", ReplicationConfig::replicaAnnounceIp),
            Map.entry("replicaAnnouncePort", ReplicationConfig::replicaAnnouncePort),
            Map.entry("replicaPriority", ReplicationConfig::replicaPriority),
            Map.entry("replicaAnnounced", ReplicationConfig::replicaAnnounced),
            Map.entry("databases", ReplicationConfig::databases),
            Map.entry("minReplicasToWrite", ReplicationConfig::minReplicasToWrite),
            Map.entry("minReplicasMaxLagSeconds", ReplicationConfig::minReplicasMaxLagSeconds));

    /** The reasons are the ones a real redis-server 7.0.15 gives for CONFIG SET with the same value. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "repl-backlog-size | abc | argument must be a memory value",
        "repl-backlog-size | -1 | argument must be a memory value",
        "repl-backlog-size | 1.5mb | argument must be a memory value",
        "repl-backlog-size | 1tb | argument must be a memory value",
        "repl-backlog-size | 0 | argument must be between 1 and 9223372036854775807 inclusive",
        "repl-backlog-size | '' | argument must be between 1 and 9223372036854775807 inclusive",
        "repl-backlog-size | mb | argument must be between 1 and 9223372036854775807 inclusive",
        "repl-backlog-size | 9223372036854775808 | argument must be between 1 and 9223372036854775807 inclusive",
        "repl-backlog-size | 18446744073709551615 | argument must be between 1 and 9223372036854775807 inclusive",
        "repl-backlog-size | 99999999999gb | argument must be between 1 and 9223372036854775807 inclusive",
        "repl-timeout | 0 | argument must be between 1 and 2147483647 inclusive",
        "repl-timeout | 2147483648 | argument must be between 1 and 2147483647 inclusive",
        "repl-timeout | abc | argument couldn't be parsed into an integer",
        "repl-timeout | 1k | argument couldn't be parsed into an integer",
        "repl-timeout | ' 5' | argument couldn't be parsed into an integer",
        "repl-timeout | 05 | argument couldn't be parsed into an integer",
        "repl-timeout | +5 | argument couldn't be parsed into an integer",
        "repl-timeout | -0 | argument couldn't be parsed into an integer",
        "repl-timeout | 99999999999999999999 | argument couldn't be parsed into an integer",
        "repl-backlog-ttl | -1 | argument must be between 0 and 9223372036854775807 inclusive",
        "repl-backlog-ttl | 1k | argument couldn't be parsed into an integer",
        "replica-read-only | maybe | argument must be 'yes' or 'no'",
        "repl-diskless-sync | 1 | argument must be 'yes' or 'no'",
        "repl-diskless-load | foo | argument(s) must be one of the following: disabled, on-empty-db, swapdb",
        "client-output-buffer-limit | replica 1mb 2mb | Wrong number of arguments in buffer limit configuration.",
        "client-output-buffer-limit | '' | Wrong number of arguments in buffer limit configuration.",
        "client-output-buffer-limit | foo 1 1 1 | Invalid client class specified in buffer limit configuration.",
        "client-output-buffer-limit | master 1 1 1 | Invalid client class specified in buffer limit configuration.",
        "client-output-buffer-limit | replica 1mb 1mb -1 | Error in hard, soft or soft_seconds setting in buffer limit configuration.",
        "client-output-buffer-limit | replica -1 1mb 1 | Error in hard, soft or soft_seconds setting in buffer limit configuration.",
        "client-output-buffer-limit | replica abc 1mb 1 | Error in hard, soft or soft_seconds setting in buffer limit configuration.",
        "client-output-buffer-limit | replica 1mb 1mb abc | Error in hard, soft or soft_seconds setting in buffer limit configuration.",
        "client-output-buffer-limit | replica 1 1 1 normal x 1 1 | Error in hard, soft or soft_seconds setting in buffer limit configuration.",
        "replica-priority | -1 | argument must be between 0 and 2147483647 inclusive",
        "repl-ping-replica-period | 0 | argument must be between 1 and 2147483647 inclusive",
        "min-replicas-max-lag | -1 | argument must be between 0 and 2147483647 inclusive",
        "replica-announce-port | 70000 | argument must be between 0 and 65535 inclusive",
        "repl-diskless-sync-delay | -1 | argument must be between 0 and 2147483647 inclusive",
        "repl-diskless-sync-max-replicas | -1 | argument must be between 0 and 2147483647 inclusive",
        "databases | 0 | argument must be between 1 and 2147483647 inclusive",
        "foo | bar | Bad directive or wrong number of arguments",
        "replicaof | 127.0.0.1 6379 | Bad directive or wrong number of arguments",
    })
    void badValuesAreRejectedWithRedisWording(String directive, String value, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> ReplicationConfig.fromDirectives(Map.of(directive, value)));
        assertEquals(reason, e.reason());
        assertEquals(directive, e.directive());
        assertTrue(e.getMessage().contains(directive), e.getMessage());
    }

    @Test
    void invalidBufferLimitsLeaveNothingHalfApplied() {
        ReplicationConfig.Builder builder = ReplicationConfig.builder();
        ConfigException e = assertThrows(ConfigException.class,
                () -> builder.directive("client-output-buffer-limit", "replica 1 1 1 pubsub 1 1 x"));
        assertTrue(e.getMessage().contains("soft_seconds"));
        assertEquals(OutputBufferLimit.REPLICA_DEFAULT, builder.build().replicaOutputBufferLimit(),
                "the valid replica class before the bad one was not applied");
    }

    @Test
    void aliasAndNameTogetherAreADuplicate() {
        Map<String, String> both = new LinkedHashMap<>();
        both.put("replica-read-only", "yes");
        both.put("slave-read-only", "no");
        ConfigException e = assertThrows(ConfigException.class, () -> ReplicationConfig.fromDirectives(both));
        assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
    }

    @Test
    void builderValidatesRangesToo() {
        ConfigException e = assertThrows(ConfigException.class, () -> ReplicationConfig.builder().replTimeoutSeconds(0).build());
        assertEquals("repl-timeout", e.directive());
        assertEquals("argument must be between 1 and 2147483647 inclusive", e.reason());
        assertThrows(ConfigException.class, () -> ReplicationConfig.builder().replicaAnnouncePort(65536).build());
        assertThrows(ConfigException.class, () -> ReplicationConfig.builder().replBacklogSize(0).build());
        assertThrows(NullPointerException.class, () -> ReplicationConfig.builder().replDisklessLoad(null).build());
    }

    @Test
    void emptyStringsMeanUnsetAndSecretsAreMasked() {
        ReplicationConfig c = ReplicationConfig.builder().masterauth("").replicaAnnounceIp("").requirepass("hunter2").build();
        assertEquals(Optional.empty(), c.masterauth());
        assertEquals(Optional.empty(), c.replicaAnnounceIp());
        assertFalse(c.toString().contains("hunter2"));
        assertTrue(c.toString().contains("requirepass=******"));
    }

    @Test
    void minReplicasNeedsBothOptions() {
        assertTrue(ReplicationConfig.builder().minReplicasToWrite(1).build().minReplicasEnabled());
        assertFalse(ReplicationConfig.builder().minReplicasToWrite(1).minReplicasMaxLagSeconds(0).build().minReplicasEnabled());
    }

    @Test
    void knownDirectivesIncludeAliases() {
        assertTrue(ReplicationConfig.isKnownDirective("slave-priority"));
        assertTrue(ReplicationConfig.isKnownDirective("Repl-Backlog-Size"));
        assertFalse(ReplicationConfig.isKnownDirective("port"));
        assertTrue(ReplicationConfig.directiveNames().contains("min-replicas-max-lag"));
        assertFalse(ReplicationConfig.directiveNames().contains("slave-priority"));
    }

    @Test
    void equalityCoversEveryField() {
        assertNotEquals(ReplicationConfig.defaults(), ReplicationConfig.builder().masterauth("x").build());
        assertNotEquals(ReplicationConfig.defaults(), ReplicationConfig.builder().replicaAnnounced(false).build());
        assertEquals(ReplicationConfig.defaults().hashCode(), ReplicationConfig.defaults().hashCode());
    }
}
