/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.OutputBufferLimit;
import dev.tandem.replication.internal.config.ConfigValues;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ServerDirectivesTest {

    private final ServerConfig config = new ServerConfig();
    private final ServerDirectives directives = new ServerDirectives(config, 16);

    // The server's directives parse memory values with the registry's memtoull (ConfigValues),
    // which follows Redis: "mb" and "" read as 0 there, so they are not among the invalid ones.
    @ParameterizedTest(name = "{0}")
    @CsvSource({"0,0", "10,10", "1k,1000", "1kb,1024", "2mb,2097152", "3m,3000000", "1gb,1073741824",
            "1G,1000000000", "5b,5"})
    void memoryUnitsAsRedisMemtoull(String text, long bytes) {
        assertEquals(bytes, ConfigValues.memtoull("d", text, "bad"));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource({"-1", "abc", "1x"})
    void invalidMemoryValues(String text) {
        assertEquals("bad", assertThrows(ConfigException.class,
                () -> ConfigValues.memtoull("d", text, "bad")).reason());
    }

    @Test
    void tooLargeMemoryValuesAreOutOfRange() {
        assertEquals(-1, ConfigValues.memtoull("d", "99999999999gb", "bad"));
        assertEquals("Error in hard, soft or soft_seconds setting in buffer limit configuration.",
                assertThrows(ConfigRejectedException.class, () -> set("client-output-buffer-limit",
                        "normal 99999999999gb 0 0")).getMessage());
    }

    private void set(String name, String value) {
        directives.prepare(Map.of(name, value)).run();
    }

    static Stream<Arguments> invalidSets() {
        return Stream.of(
                // Redis 7.0.15's range (the old server table said 2147483647; the launcher already said this)
                Arguments.of("maxclients", "0", "argument must be between 1 and 4294967295 inclusive"),
                Arguments.of("maxclients", "x", "argument couldn't be parsed into an integer"),
                Arguments.of("timeout", "-1", "argument must be between 0 and 2147483647 inclusive"),
                Arguments.of("protected-mode", "maybe", "argument must be 'yes' or 'no'"),
                Arguments.of("databases", "4", "can't set immutable config"),
                Arguments.of("client-output-buffer-limit", "normal 1 2",
                        "Wrong number of arguments in buffer limit configuration."),
                Arguments.of("client-output-buffer-limit", "other 1 2 3",
                        "Invalid client class specified in buffer limit configuration."),
                Arguments.of("client-output-buffer-limit", "normal x 2 3",
                        "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
                Arguments.of("client-output-buffer-limit", "replica 1mb 1mb 3",
                        "the replica class needs a replication layer"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidSets")
    void invalidValuesAreRejectedWithRedisReasons(String name, String value, String reason) {
        assertEquals(reason, assertThrows(ConfigRejectedException.class, () -> set(name, value))
                .getMessage());
    }

    @Test
    void validValuesTakeEffect() {
        set("requirepass", "pw");
        set("maxclients", "7");
        set("timeout", "30");
        set("protected-mode", "no");
        set("client-output-buffer-limit", "normal 1mb 512kb 10 pubsub 0 0 0");
        assertEquals("pw", config.requirepass().orElseThrow());
        assertEquals(7, config.maxclients());
        assertEquals(30, config.timeoutSeconds());
        assertEquals(false, config.protectedMode());
        assertEquals(new OutputBufferLimit(1048576, 524288, 10), config.normalOutputLimit());
        assertEquals("normal 1048576 524288 10 pubsub 0 0 0",
                directives.get("client-output-buffer-limit").orElseThrow());
        set("requirepass", "");
        assertEquals("", directives.get("requirepass").orElseThrow());
    }
}
