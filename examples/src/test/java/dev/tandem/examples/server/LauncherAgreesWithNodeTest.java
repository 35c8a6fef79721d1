/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import dev.tandem.replication.internal.node.NodeInternals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.replication.ConfigException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.internal.config.Directive;
import dev.tandem.replication.internal.config.DirectiveRegistry;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launcher, the node's builder and {@code CONFIG SET} read one directive table: the same
 * directives give the same node, and the same bad values the same reasons.
 */
class LauncherAgreesWithNodeTest {

    @TempDir
    Path dir;

    private LauncherConfig load(String text) throws IOException, ConfigFileException {
        Files.writeString(dir.resolve("redis.conf"), text);
        return new ConfigFileLoader(dir, InputStream.nullInputStream()).load(LauncherCommandLine.parse("redis.conf"));
    }

    @Test
    void aConfigFileAndTheBuilderMakeTheSameNode() throws Exception {
        Map<String, String> directives = new LinkedHashMap<>();
        directives.put("requirepass", "pw");
        directives.put("maxclients", "77");
        directives.put("timeout", "12");
        directives.put("protected-mode", "no");
        directives.put("slave-priority", "3");
        directives.put("repl-backlog-size", "2mb");
        directives.put("client-output-buffer-limit", "normal 1mb 512kb 3 replica 300mb 100mb 30");
        directives.put("min-slaves-max-lag", "4");
        directives.put("databases", "5");
        directives.put("maxmemory", "64mb"); // given: the launcher's heap-derived default does not apply
        directives.put("maxmemory-policy", "allkeys-lru");
        StringBuilder file = new StringBuilder();
        directives.forEach((name, value) -> file.append(name).append(" \"").append(value).append("\"\n"));
        LauncherConfig launched = load(file.toString());

        try (ReplicatedKeyspace fromFile = NodeInternals.serverConfig(ReplicatedKeyspace.builder()
                     .config(launched.replication()), NodeLauncher.serverConfig(launched)).start();
             ReplicatedKeyspace fromBuilder = ReplicatedKeyspace.builder().directives(directives).start()) {
            assertEquals(fromBuilder.config(), fromFile.config());
            Map<String, String> expected = configGet(fromBuilder);
            assertEquals(expected, configGet(fromFile));
            assertEquals("77", expected.get("maxclients"));
            assertEquals("normal 1048576 524288 3 slave 314572800 104857600 30 pubsub 33554432 8388608 60",
                    expected.get("client-output-buffer-limit"));
        }
    }

    /** A bad value for every directive the node implements. */
    static Stream<Arguments> badValues() {
        return DirectiveRegistry.all().stream().filter(Directive::implemented)
                .filter(d -> !List.of("requirepass", "masterauth", "masteruser", "replica-announce-ip").contains(d.name()))
                // Paths, passwords and OpenSSL lists are any text until TLS is configured from them (as in Redis).
                .filter(d -> !(d.name().startsWith("tls-") && d.render(dev.tandem.replication.internal.config.Settings
                        .ofServer(dev.tandem.replication.internal.config.ServerSettings.DEFAULTS)).isEmpty()))
                .map(d -> Arguments.of(d.name(), switch (d.name()) {
                    case "client-output-buffer-limit" -> "normal 1 2";
                    case "repl-diskless-load" -> "sometimes";
                    default -> "-1x";
                }));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badValues")
    void theLauncherRefusesWithTheNodesReason(String name, String value) throws Exception {
        ConfigException builder = assertThrows(ConfigException.class,
                () -> ReplicatedKeyspace.builder().directive(name, value));
        ConfigFileException launcher = assertThrows(ConfigFileException.class,
                () -> load(name + " \"" + value + "\"\n"));
        assertEquals(builder.reason(), launcher.reason());
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().build()) {
            if (DirectiveRegistry.lookup(name).orElseThrow().isMutable()) {
                assertEquals(builder.reason(), assertThrows(ConfigException.class,
                        () -> node.reconfigure(name, value)).reason());
            }
        }
    }

    private static Map<String, String> configGet(ReplicatedKeyspace node) throws IOException {
        try (RespClient client = RespClient.connect("127.0.0.1", node.port())) {
            if (node.config().requirepass().isPresent()) {
                client.callString("AUTH", node.config().requirepass().get());
            }
            Object reply = client.call("CONFIG", "GET", "*");
            List<?> kv = reply instanceof RespClient.MapReply m ? m.keysAndValues() : (List<?>) reply;
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i + 1 < kv.size(); i += 2) {
                out.put(utf8(kv.get(i)), utf8(kv.get(i + 1)));
            }
            return out;
        }
    }

    private static String utf8(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
