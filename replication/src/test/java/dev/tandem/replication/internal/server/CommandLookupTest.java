/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.command.CommandSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's one-lookup command resolution: every server and keyspace command in any
 * case, server commands shadowing keyspace ones as before, and the canonical names that
 * statistics and CLIENT LIST show for requests spelled in mixed case.
 */
class CommandLookupTest {

    private final Keyspace keyspace = new Keyspace(16, KeyspaceClock.SYSTEM, ServerKeyspaceCommands.standardTable());
    private final RespServer server = RespServer.builder(keyspace).replication(new FakeReplication()).build();
    private final EmbeddedChannel channel = new EmbeddedChannel(server.channelInitializer());

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static byte[] upper(String name) {
        return name.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void resolvesEveryCommandInOneLookupWithServerCommandsFirst() {
        Map<String, ServerCommand> serverCommands = server.dispatcher().serverCommands();
        CommandLookup lookup = new CommandLookup(serverCommands, keyspace);
        for (Map.Entry<String, ServerCommand> e : serverCommands.entrySet()) {
            CommandLookup.Resolved r = lookup.resolve(upper(e.getKey()));
            assertSame(e.getValue(), r.server(), e.getKey());
            assertNull(r.spec());
            assertEquals(e.getKey(), r.name());
        }
        int keyspaceOnly = 0;
        for (CommandSpec spec : keyspace.commands().all()) {
            CommandLookup.Resolved r = lookup.resolve(upper(spec.name()));
            if (serverCommands.containsKey(spec.name())) {
                assertNull(r.spec(), spec.name()); // the server's version runs, as with the two maps
            } else {
                keyspaceOnly++;
                assertSame(spec, r.spec(), spec.name());
                assertEquals(spec.name(), r.name());
            }
        }
        assertTrue(keyspaceOnly > 100);
        assertNull(lookup.resolve("nosuch".getBytes(StandardCharsets.US_ASCII)));
        // The canonical name is one shared String, not built per request.
        assertSame(server.dispatcher().commandName(upper("get")), server.dispatcher().commandName("gEt".getBytes()));
        assertEquals("nosuch", server.dispatcher().commandName("NoSuch".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aCommandRegisteredInTheKeyspaceLaterIsStillFound() {
        CommandLookup lookup = new CommandLookup(server.dispatcher().serverCommands(), keyspace);
        keyspace.commands().register(CommandSpec.read("latecomer", 1, 0, 0, 0,
                (ctx, argv) -> dev.tandem.core.reply.Reply.OK));
        CommandLookup.Resolved r = lookup.resolve("LateComer".getBytes(StandardCharsets.US_ASCII));
        assertEquals("latecomer", r.name());
        assertNotEquals(null, r.spec());
    }

    @Test
    void mixedCaseRequestsRunAndCountUnderTheirCanonicalNames() {
        String out = exchange("*3\r\n$3\r\nsEt\r\n$1\r\nk\r\n$1\r\nv\r\n"
                + "*2\r\n$3\r\nGeT\r\n$1\r\nk\r\n"
                + "*1\r\n$4\r\npInG\r\n"
                + "*2\r\n$6\r\nCLIENT\r\n$4\r\nINFO\r\n");
        assertTrue(out.startsWith("+OK\r\n$1\r\nv\r\n+PONG\r\n$"), out);
        assertTrue(out.contains(" cmd=client|info "), out);
        String stats = exchange("*2\r\n$4\r\nINFO\r\n$12\r\ncommandstats\r\n");
        assertTrue(stats.contains("cmdstat_set:calls=1,"), stats);
        assertTrue(stats.contains("cmdstat_get:calls=1,"), stats);
        assertTrue(stats.contains("cmdstat_ping:calls=1,"), stats);
        assertTrue(stats.contains("cmdstat_client|info:calls=1,"), stats);
        assertEquals("-ERR unknown command 'NoSuch', with args beginning with: 'x' \r\n",
                exchange("*2\r\n$6\r\nNoSuch\r\n$1\r\nx\r\n"));
    }

    private String exchange(String wire) {
        channel.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        StringBuilder sb = new StringBuilder();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }
}
