/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.OutputBufferLimit;
import dev.tandem.replication.ReplicationConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one directive table: every directive's parse, render, aliases and mutability, and the
 * error texts the old tables ({@code ReplicationConfig}'s, {@code ServerDirectives}', the
 * launcher's) gave, which are redis-server 7.0.15's.
 */
class DirectiveRegistryTest {

    private static Settings defaults() {
        return Settings.ofNode(ReplicationConfig.defaults(), ServerSettings.DEFAULTS);
    }

    /** Every directive with its default rendering (Redis's CONFIG GET of a fresh server, Tandem's delay). */
    static Stream<Arguments> everyDirective() {
        return Stream.of(
                Arguments.of("requirepass", ""),
                Arguments.of("masterauth", ""),
                Arguments.of("masteruser", ""),
                Arguments.of("replica-read-only", "yes"),
                Arguments.of("replica-serve-stale-data", "yes"),
                Arguments.of("repl-diskless-sync", "yes"),
                Arguments.of("repl-diskless-sync-delay", "0"),
                Arguments.of("repl-diskless-sync-max-replicas", "0"),
                Arguments.of("repl-diskless-load", "disabled"),
                Arguments.of("repl-backlog-size", "1048576"),
                Arguments.of("repl-backlog-ttl", "3600"),
                Arguments.of("repl-ping-replica-period", "10"),
                Arguments.of("repl-timeout", "60"),
                Arguments.of("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"),
                Arguments.of("replica-announce-ip", ""),
                Arguments.of("replica-announce-port", "0"),
                Arguments.of("replica-priority", "100"),
                Arguments.of("replica-announced", "yes"),
                Arguments.of("databases", "16"),
                Arguments.of("min-replicas-to-write", "0"),
                Arguments.of("min-replicas-max-lag", "10"),
                Arguments.of(ReplicationConfig.ALLOW_EMPTY_UNRELATED_MASTER, "no"),
                Arguments.of("propagation-error-behavior", "resync"),
                Arguments.of("hll-sparse-max-bytes", "3000"),
                Arguments.of("stream-node-max-bytes", "4096"),
                Arguments.of("stream-node-max-entries", "100"),
                Arguments.of("notify-keyspace-events", ""),
                Arguments.of("hash-max-listpack-entries", "512"),
                Arguments.of("hash-max-listpack-value", "64"),
                Arguments.of("list-max-listpack-size", "-2"),
                Arguments.of("list-compress-depth", "0"),
                Arguments.of("set-max-intset-entries", "512"),
                Arguments.of("zset-max-listpack-entries", "128"),
                Arguments.of("zset-max-listpack-value", "64"),
                Arguments.of("rdb-version", "10"),
                Arguments.of("maxmemory", "0"),
                Arguments.of("maxmemory-policy", "noeviction"),
                Arguments.of("maxmemory-samples", "5"),
                Arguments.of("maxmemory-eviction-tenacity", "10"),
                Arguments.of("replica-ignore-maxmemory", "yes"),
                Arguments.of("lfu-log-factor", "10"),
                Arguments.of("lfu-decay-time", "1"),
                Arguments.of("lazyfree-lazy-eviction", "no"),
                // Redis 7.0.15's CONFIG GET of its TLS directives, defaults as redis-server shows them.
                Arguments.of("tls-port", "0"),
                Arguments.of("tls-cert-file", ""),
                Arguments.of("tls-key-file", ""),
                Arguments.of("tls-key-file-pass", ""),
                Arguments.of("tls-client-cert-file", ""),
                Arguments.of("tls-client-key-file", ""),
                Arguments.of("tls-client-key-file-pass", ""),
                Arguments.of("tls-dh-params-file", ""),
                Arguments.of("tls-ca-cert-file", ""),
                Arguments.of("tls-ca-cert-dir", ""),
                Arguments.of("tls-auth-clients", "yes"),
                Arguments.of("tls-replication", "no"),
                Arguments.of("tls-protocols", ""),
                Arguments.of("tls-ciphers", ""),
                Arguments.of("tls-ciphersuites", ""),
                Arguments.of("tls-prefer-server-ciphers", "no"),
                Arguments.of("tls-session-caching", "yes"),
                Arguments.of("tls-session-cache-size", "20480"),
                Arguments.of("tls-session-cache-timeout", "300"),
                Arguments.of("replica-delay", "0"),
                Arguments.of("replica-delay-buffer-memory", "67108864"),
                Arguments.of("maxclients", "10000"),
                Arguments.of("timeout", "0"),
                Arguments.of("protected-mode", "yes"),
                Arguments.of("save", ""),
                Arguments.of("appendonly", "no"),
                Arguments.of("busy-reply-threshold", "5000"));
    }

    @Test
    void theTableHoldsEveryDirectiveOnceInRedisConfOrder() {
        List<String> expected = everyDirective().map(a -> (String) a.get()[0]).toList();
        assertEquals(expected, DirectiveRegistry.all().stream().map(Directive::name).toList());
    }

    @ParameterizedTest(name = "{0} = ''{1}''")
    @MethodSource("everyDirective")
    void defaultsRenderAsRedisShowsThem(String name, String rendered) {
        assertEquals(rendered, DirectiveRegistry.lookup(name).orElseThrow().render(defaults()));
    }

    /** directive, a value, how CONFIG GET then shows it. */
    static Stream<Arguments> roundTrips() {
        return Stream.of(
                Arguments.of("requirepass", "pw", "pw"),
                Arguments.of("masterauth", "s3cret", "s3cret"),
                Arguments.of("masteruser", "u", "u"),
                Arguments.of("replica-read-only", "NO", "no"),
                Arguments.of("replica-serve-stale-data", "no", "no"),
                Arguments.of("repl-diskless-sync", "no", "no"),
                Arguments.of("repl-diskless-sync-delay", "5", "5"),
                Arguments.of("repl-diskless-sync-max-replicas", "3", "3"),
                Arguments.of("repl-diskless-load", "SWAPDB", "swapdb"),
                Arguments.of("repl-backlog-size", "2mb", "2097152"),
                Arguments.of("repl-backlog-ttl", "0", "0"),
                Arguments.of("repl-ping-replica-period", "1", "1"),
                Arguments.of("repl-timeout", "30", "30"),
                Arguments.of("client-output-buffer-limit", "replica 1mb 512kb +10 normal 1k 0 0",
                        "normal 1000 0 0 slave 1048576 524288 10 pubsub 33554432 8388608 60"),
                Arguments.of("replica-announce-ip", "10.0.0.1", "10.0.0.1"),
                Arguments.of("replica-announce-port", "65535", "65535"),
                Arguments.of("replica-priority", "0", "0"),
                Arguments.of("replica-announced", "no", "no"),
                Arguments.of("databases", "4", "4"),
                Arguments.of("min-replicas-to-write", "2", "2"),
                Arguments.of("min-replicas-max-lag", "0", "0"),
                Arguments.of(ReplicationConfig.ALLOW_EMPTY_UNRELATED_MASTER, "yes", "yes"),
                Arguments.of("propagation-error-behavior", "PANIC-on-Replicas", "panic-on-replicas"),
                Arguments.of("replica-delay", "3600000", "3600000"),
                Arguments.of("replica-delay-buffer-memory", "1mb", "1048576"),
                Arguments.of("maxclients", "4294967295", "4294967295"),
                Arguments.of("timeout", "2147483647", "2147483647"),
                Arguments.of("protected-mode", "no", "no"),
                Arguments.of("save", "", ""),
                Arguments.of("appendonly", "no", "no"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("roundTrips")
    void parseThenRender(String name, String value, String rendered) {
        SettingsDraft draft = defaults().toDraft();
        DirectiveRegistry.applyAtStart(draft, name, value);
        assertEquals(rendered, DirectiveRegistry.lookup(name).orElseThrow().render(draft.build()));
    }

    /** directive, invalid value, reason: the texts of the tables this one replaced (= redis-server 7.0.15's). */
    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("replica-read-only", "maybe", "argument must be 'yes' or 'no'"),
                Arguments.of("notify-keyspace-events", "KEA?", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
                Arguments.of("repl-diskless-load", "foo",
                        "argument(s) must be one of the following: disabled, on-empty-db, swapdb"),
                Arguments.of("repl-backlog-size", "-1", "argument must be a memory value"),
                Arguments.of("maxmemory", "1gbx", "argument must be a memory value"),
                Arguments.of("maxmemory", "-1", "argument must be a memory value"),
                Arguments.of("maxmemory-policy", "bogus", "argument(s) must be one of the following: volatile-lru, "
                        + "volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction"),
                Arguments.of("maxmemory-samples", "0", "argument must be between 1 and 2147483647 inclusive"),
                Arguments.of("maxmemory-eviction-tenacity", "101", "argument must be between 0 and 100 inclusive"),
                Arguments.of("lfu-log-factor", "-1", "argument must be between 0 and 2147483647 inclusive"),
                Arguments.of("repl-backlog-size", "0", "argument must be between 1 and 9223372036854775807 inclusive"),
                Arguments.of("repl-backlog-ttl", "-5", "argument must be between 0 and 9223372036854775807 inclusive"),
                Arguments.of("repl-timeout", "0", "argument must be between 1 and 2147483647 inclusive"),
                Arguments.of("repl-timeout", "+5", "argument couldn't be parsed into an integer"),
                Arguments.of("repl-timeout", "05", "argument couldn't be parsed into an integer"),
                Arguments.of("replica-announce-port", "65536", "argument must be between 0 and 65535 inclusive"),
                Arguments.of("replica-priority", "-1", "argument must be between 0 and 2147483647 inclusive"),
                Arguments.of("databases", "0", "argument must be between 1 and 2147483647 inclusive"),
                Arguments.of("min-replicas-to-write", "x", "argument couldn't be parsed into an integer"),
                Arguments.of("client-output-buffer-limit", "slave 1 2",
                        "Wrong number of arguments in buffer limit configuration."),
                Arguments.of("client-output-buffer-limit", "", "Wrong number of arguments in buffer limit configuration."),
                Arguments.of("client-output-buffer-limit", "other 1 2 3",
                        "Invalid client class specified in buffer limit configuration."),
                Arguments.of("client-output-buffer-limit", "normal x 2 3",
                        "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
                Arguments.of("client-output-buffer-limit", "normal 1 2 -3",
                        "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
                Arguments.of("maxclients", "0", "argument must be between 1 and 4294967295 inclusive"),
                Arguments.of("maxclients", "x", "argument couldn't be parsed into an integer"),
                Arguments.of("timeout", "-1", "argument must be between 0 and 2147483647 inclusive"),
                Arguments.of("protected-mode", "maybe", "argument must be 'yes' or 'no'"),
                Arguments.of("save", "900 1", DirectiveRegistry.NO_PERSISTENCE_SAVE),
                Arguments.of("appendonly", "yes", DirectiveRegistry.NO_PERSISTENCE_AOF),
                Arguments.of("appendonly", "maybe", "argument must be 'yes' or 'no'"));
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @MethodSource("refusals")
    void invalidValuesAreRefusedWithRedisWording(String name, String value, String reason) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DirectiveRegistry.applyAtStart(defaults().toDraft(), name, value));
        assertEquals(reason, e.reason());
    }

    @Test
    void aliasesAreRedisSlaveAndZiplistNames() {
        Map<String, String> aliases = new LinkedHashMap<>();
        DirectiveRegistry.all().forEach(d -> d.aliases().forEach(a -> aliases.put(a, d.name())));
        assertEquals(Map.ofEntries(Map.entry("slave-ignore-maxmemory", "replica-ignore-maxmemory"),
                Map.entry("hash-max-ziplist-entries", "hash-max-listpack-entries"),
                Map.entry("hash-max-ziplist-value", "hash-max-listpack-value"),
                Map.entry("zset-max-ziplist-entries", "zset-max-listpack-entries"),
                Map.entry("zset-max-ziplist-value", "zset-max-listpack-value"),
                Map.entry("list-max-ziplist-size", "list-max-listpack-size"),
                Map.entry("slave-read-only", "replica-read-only"), Map.entry("slave-serve-stale-data", "replica-serve-stale-data"),
                Map.entry("repl-ping-slave-period", "repl-ping-replica-period"),
                Map.entry("slave-announce-ip", "replica-announce-ip"),
                Map.entry("slave-announce-port", "replica-announce-port"), Map.entry("slave-priority", "replica-priority"),
                Map.entry("min-slaves-to-write", "min-replicas-to-write"),
                Map.entry("min-slaves-max-lag", "min-replicas-max-lag"),
                Map.entry("lua-time-limit", "busy-reply-threshold")), aliases);
        aliases.forEach((alias, name) -> {
            assertEquals(name, DirectiveRegistry.lookup(alias.toUpperCase()).orElseThrow().name());
            SettingsDraft byAlias = defaults().toDraft();
            SettingsDraft byName = defaults().toDraft();
            String value = name.equals("replica-announce-ip") ? "1.2.3.4" : name.startsWith("replica-r")
                    || name.startsWith("replica-s") || name.startsWith("replica-i") ? "no" : "7";
            DirectiveRegistry.applyAtStart(byAlias, alias, value);
            DirectiveRegistry.applyAtStart(byName, name, value);
            assertEquals(byName.build(), byAlias.build(), alias);
        });
    }

    @Test
    void onlyDatabasesIsImmutable() {
        assertEquals(Set.of("databases"), DirectiveRegistry.all().stream().filter(d -> !d.isMutable())
                .map(Directive::name).collect(Collectors.toSet()));
    }

    @Test
    void effectsAndSecrets() {
        assertEquals(Directive.Effect.RESIZE_BACKLOG, DirectiveRegistry.lookup("repl-backlog-size").orElseThrow().effect());
        assertEquals(Directive.Effect.REFRESH_MIN_REPLICAS, DirectiveRegistry.lookup("min-slaves-max-lag").orElseThrow().effect());
        assertEquals(Directive.Effect.RETRY_PARKED_LINK,
                DirectiveRegistry.lookup(ReplicationConfig.ALLOW_EMPTY_UNRELATED_MASTER).orElseThrow().effect());
        assertEquals(Directive.Effect.RELOAD_TLS, DirectiveRegistry.lookup("tls-cert-file").orElseThrow().effect());
        assertEquals(Directive.Effect.REBIND_TLS_PORT, DirectiveRegistry.lookup("tls-port").orElseThrow().effect());
        assertEquals(Set.of("requirepass", "masterauth", "tls-key-file-pass", "tls-client-key-file-pass"),
                DirectiveRegistry.all().stream().filter(Directive::secret)
                .map(Directive::name).collect(Collectors.toSet()));
        assertEquals(Set.of("client-output-buffer-limit", "save"), DirectiveRegistry.all().stream()
                .filter(Directive::multiArgument).map(Directive::name).collect(Collectors.toSet()));
        assertEquals(Set.of("save", "appendonly"), DirectiveRegistry.all().stream().filter(d -> !d.implemented())
                .map(Directive::name).collect(Collectors.toSet()));
    }

    @Test
    void aServerWithoutANodeHasNoReplicationDirectivesAndKeepsItsOwnPassword() {
        assertTrue(DirectiveRegistry.lookup("repl-timeout", false).isEmpty());
        assertTrue(DirectiveRegistry.lookup("requirepass", false).isPresent());
        assertFalse(DirectiveRegistry.names(false).contains("slave-read-only"));
        SettingsDraft draft = SettingsDraft.ofServer(ServerSettings.DEFAULTS);
        DirectiveRegistry.applyAtRunTime(draft, Map.of("requirepass", "pw"));
        assertEquals("pw", draft.build().server().password().orElseThrow());
        ConfigException e = assertThrows(ConfigException.class, () -> DirectiveRegistry.applyAtRunTime(
                SettingsDraft.ofServer(ServerSettings.DEFAULTS), Map.of("client-output-buffer-limit", "replica 1 1 1")));
        assertEquals("the replica class needs a replication layer", e.reason());
    }

    @Test
    void aNodeKeepsThePasswordInItsReplicationConfig() {
        SettingsDraft draft = defaults().toDraft();
        DirectiveRegistry.applyAtRunTime(draft, Map.of("requirepass", "pw"));
        Settings next = draft.build();
        assertEquals("pw", next.replication().orElseThrow().requirepass().orElseThrow());
        assertTrue(next.server().password().isEmpty(), "one owner");
    }

    @Test
    void outputLimitsLiveWhereTheirClassIsServed() {
        SettingsDraft draft = defaults().toDraft();
        DirectiveRegistry.applyAtStart(draft, "client-output-buffer-limit", "normal 1 2 3 slave 4 5 6 pubsub 7 8 9");
        Settings s = draft.build();
        assertEquals(new OutputBufferLimit(1, 2, 3), s.server().normalOutputLimit());
        assertEquals(new OutputBufferLimit(4, 5, 6), s.replication().orElseThrow().replicaOutputBufferLimit());
        assertEquals(new OutputBufferLimit(7, 8, 9), s.server().pubsubOutputLimit());
    }

    // ------------------------------------------------------------------ CONFIG SET of several

    private static Map<String, String> changes(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    private static String refusal(Map<String, String> changes) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> DirectiveRegistry.applyAtRunTime(defaults().toDraft(), changes));
        return e.directive() + ": " + e.reason();
    }

    @Test
    void namesAreCheckedBeforeValuesInRedisOrder() {
        // An unknown name fails at once, even after an invalid value.
        assertEquals("nope: Unknown option or number of arguments for CONFIG SET - 'nope'",
                refusal(changes("timeout", "x", "nope", "1")));
        // An immutable name fails before any value is looked at (redis-server 7.0.15 says the same).
        assertEquals("databases: can't set immutable config", refusal(changes("timeout", "x", "databases", "4")));
        assertEquals("TIMEOUT: duplicate parameter", refusal(changes("timeout", "1", "TIMEOUT", "2")));
        // Values in order: the first invalid one is reported.
        assertEquals("timeout: argument couldn't be parsed into an integer",
                refusal(changes("timeout", "x", "maxclients", "0")));
        assertEquals("maxclients: argument must be between 1 and 4294967295 inclusive",
                refusal(changes("maxclients", "0", "timeout", "x")));
        // The alias is reported as given.
        assertEquals("slave-priority: argument must be between 0 and 2147483647 inclusive",
                refusal(changes("slave-priority", "-1")));
    }

    @Test
    void aNameAndItsAliasInOneCallApplyInOrderAsInRedis() {
        SettingsDraft draft = defaults().toDraft();
        DirectiveRegistry.applyAtRunTime(draft, changes("replica-read-only", "yes", "slave-read-only", "no"));
        assertFalse(draft.build().replication().orElseThrow().replicaReadOnly());
    }

    @Test
    void replicationConfigReadsTheSameTable() {
        for (Directive<?> d : DirectiveRegistry.all()) {
            boolean stored = d.scope() != Directive.Scope.SERVER;
            assertEquals(stored, ReplicationConfig.isKnownDirective(d.name()), d.name());
            for (String alias : d.aliases()) {
                assertEquals(stored, ReplicationConfig.isKnownDirective(alias), alias);
            }
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> ReplicationConfig.builder().directive("maxclients", "5"));
        assertEquals("Bad directive or wrong number of arguments", e.reason());
    }
}
