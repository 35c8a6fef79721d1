package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ServerDirectivesTest {

    private final ServerConfig config = new ServerConfig();
    private final ServerDirectives directives = new ServerDirectives(config, 16, ConfigDirectives.NONE);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0,0", "10,10", "1k,1000", "1kb,1024", "2mb,2097152", "3m,3000000", "1gb,1073741824",
            "1G,1000000000", "5b,5"})
    void memoryUnitsAsRedisMemtoull(String text, long bytes) {
        assertEquals(bytes, ServerDirectives.memToBytes(text, "bad"));
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @CsvSource({"-1", "abc", "1x", "mb", "''", "99999999999gb"})
    void invalidMemoryValues(String text) {
        assertEquals("bad", assertThrows(ConfigRejectedException.class,
                () -> ServerDirectives.memToBytes(text, "bad")).getMessage());
    }

    static Stream<Arguments> invalidSets() {
        return Stream.of(
                Arguments.of("maxclients", "0", "argument must be between 1 and 2147483647 inclusive"),
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
        assertEquals(reason, assertThrows(ConfigRejectedException.class, () -> directives.set(name, value))
                .getMessage());
    }

    @Test
    void validValuesTakeEffect() {
        directives.set("requirepass", "pw");
        directives.set("maxclients", "7");
        directives.set("timeout", "30");
        directives.set("protected-mode", "no");
        directives.set("client-output-buffer-limit", "normal 1mb 512kb 10 pubsub 0 0 0");
        assertEquals("pw", config.requirepass().orElseThrow());
        assertEquals(7, config.maxclients());
        assertEquals(30, config.timeoutSeconds());
        assertEquals(false, config.protectedMode());
        assertEquals(new ClientOutputBufferLimit(1048576, 524288, 10), config.normalOutputLimit());
        assertEquals("normal 1048576 524288 10 pubsub 0 0 0",
                directives.get("client-output-buffer-limit").orElseThrow());
        directives.set("requirepass", "");
        assertEquals("", directives.get("requirepass").orElseThrow());
    }
}
