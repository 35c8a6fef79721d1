/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.RespClient;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a process: it starts from a file, serves, and stops cleanly with status 0. */
class TandemServerProcessTest {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private LoggedProcess startFromFile(String name, String config) throws Exception {
        Files.writeString(dir.resolve(name + ".conf"), config);
        return LoggedProcess.tandemServer(name, dir, name + ".conf");
    }

    @Test
    void sigtermShutsDownCleanlyWithStatusZero() throws Exception {
        int port = LoggedProcess.freePort();
        try (LoggedProcess server = startFromFile("master", "bind 127.0.0.1\nport " + port + "\n")) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            try (RespClient client = RespClient.connect("127.0.0.1", port)) {
                assertEquals("OK", client.call("SET", "k", "v"));
            }
            server.terminate(); // SIGTERM
            assertEquals(0, server.awaitExit(EXIT_TIMEOUT), () -> String.join("\n", server.lines()));
            assertTrue(server.logged("Received SIGTERM scheduling shutdown..."), server.lines()::toString);
            assertTrue(server.logged("User requested shutdown..."), server.lines()::toString);
            assertTrue(server.logged("Tandem is now ready to exit, bye bye..."), server.lines()::toString);
        }
    }

    @Test
    void sigtermSavesWithSavePointsAndARestartLoadsTheFile() throws Exception {
        int port = LoggedProcess.freePort();
        String config = "bind 127.0.0.1\nport " + port + "\nsave 3600 1\ndbfilename node.rdb\n";
        try (LoggedProcess server = startFromFile("saver", config)) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            try (RespClient client = RespClient.connect("127.0.0.1", port)) {
                assertEquals("OK", client.call("SET", "k", "kept"));
            }
            server.terminate(); // SIGTERM
            assertEquals(0, server.awaitExit(EXIT_TIMEOUT), () -> String.join("\n", server.lines()));
            assertTrue(server.logged("DB saved on disk"), server.lines()::toString);
        }
        assertTrue(Files.exists(dir.resolve("node.rdb")));
        try (LoggedProcess server = startFromFile("saver", config)) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            assertTrue(server.logged("DB loaded from disk"), server.lines()::toString);
            try (RespClient client = RespClient.connect("127.0.0.1", port)) {
                assertEquals("kept", client.callString("GET", "k"));
                client.send("SHUTDOWN".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            assertEquals(0, server.awaitExit(EXIT_TIMEOUT), () -> String.join("\n", server.lines()));
        }
    }

    @Test
    void shutdownOverRespStopsTheServerWithStatusZero() throws Exception {
        int port = LoggedProcess.freePort();
        try (LoggedProcess server = startFromFile("master", "bind 127.0.0.1\nport " + port + "\nrequirepass pw\n")) {
            server.awaitLine("Ready to accept connections", LoggedProcess.START_TIMEOUT);
            try (RespClient client = RespClient.connect("127.0.0.1", port)) {
                assertEquals(new RespClient.ErrorReply("NOAUTH Authentication required."), client.call("SHUTDOWN"));
                assertEquals("OK", client.call("AUTH", "pw"));
                client.send("SHUTDOWN".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThrows(EOFException.class, client::read, "SHUTDOWN closes the connection without a reply");
            }
            assertEquals(0, server.awaitExit(EXIT_TIMEOUT), () -> String.join("\n", server.lines()));
            assertTrue(server.logged("User requested shutdown..."), server.lines()::toString);
            assertTrue(server.logged("Tandem is now ready to exit, bye bye..."), server.lines()::toString);
        }
    }

    @Test
    void aPortInUseStopsTheLauncherWithStatusOneAndRedissWords() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            try (LoggedProcess server = startFromFile("master", "bind 127.0.0.1\nport " + port + "\n")) {
                assertEquals(1, server.awaitExit(EXIT_TIMEOUT), () -> String.join("\n", server.lines()));
                assertTrue(server.logged("Could not create server TCP listening socket 127.0.0.1:" + port + ": "),
                        server.lines()::toString);
                assertTrue(server.logged("Failed listening on port " + port + " (TCP), aborting."),
                        server.lines()::toString);
            }
        }
    }
}
