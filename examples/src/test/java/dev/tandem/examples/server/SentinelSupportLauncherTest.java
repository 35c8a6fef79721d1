/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.internal.server.ShutdownHandler;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Sentinel and redis.conf users need from the launcher: {@code rename-command} (a command
 * renamed away is unknown; a renamed one works under its new name only) and
 * {@code CONFIG REWRITE} into the file the launcher read, keeping comments, order and unchanged
 * lines, and Redis's error without a file.
 */
class SentinelSupportLauncherTest {

    private static final ShutdownHandler NO_SHUTDOWN = client -> {
        throw new AssertionError("no SHUTDOWN expected");
    };

    @TempDir
    Path dir;

    private final RecordingLogger log = new RecordingLogger();

    private LauncherConfig config(String text, String... extra) throws IOException, ConfigFileException {
        Files.writeString(dir.resolve("redis.conf"), text);
        String[] args = new String[extra.length + 1];
        args[0] = "redis.conf";
        System.arraycopy(extra, 0, args, 1, extra.length);
        return new ConfigFileLoader(dir, InputStream.nullInputStream()).load(LauncherCommandLine.parse(args));
    }

    @Test
    void renameCommandDisablesAndRenamesCommands() throws Exception {
        int port = LoggedProcess.freePort();
        try (RunningNode node = NodeLauncher.start(config("bind 127.0.0.1\nport " + port + "\n"
                + "rename-command FLUSHDB \"\"\nrename-command config my-config\nrename-command set put\n"),
                NO_SHUTDOWN, log);
             RespClient c = RespClient.connect("127.0.0.1", port)) {
            assertEquals(new RespClient.ErrorReply("ERR unknown command 'FLUSHDB', with args beginning with: "),
                    c.call("FLUSHDB"));
            assertEquals(new RespClient.ErrorReply("ERR unknown command 'CONFIG', with args beginning with: 'GET' "
                    + "'port' "), c.call("CONFIG", "GET", "port"));
            assertEquals(List.of("replica-priority", "100"), ((List<?>) c.call("MY-CONFIG", "GET", "replica-priority"))
                    .stream().map(o -> new String((byte[]) o, java.nio.charset.StandardCharsets.UTF_8)).toList());
            assertEquals("OK", c.call("PUT", "k", "v"));
            assertEquals(new RespClient.ErrorReply("ERR unknown command 'set', with args beginning with: 'k' 'v' "),
                    c.call("set", "k", "v"));
            assertEquals("v", c.callString("GET", "k"));
            assertEquals(1L, c.call("DBSIZE"), "FLUSHDB did not run");
            // Inside MULTI a renamed-away command poisons the transaction like any unknown one.
            assertEquals("OK", c.call("MULTI"));
            assertEquals(new RespClient.ErrorReply("ERR unknown command 'flushdb', with args beginning with: "),
                    c.call("flushdb"));
            assertEquals(new RespClient.ErrorReply("EXECABORT Transaction discarded because of previous errors."),
                    c.call("EXEC"));
        }
    }

    @Test
    void configRewriteKeepsTheFileAndChangesOnlyWhatChanged() throws Exception {
        int port = LoggedProcess.freePort();
        int masterPort = LoggedProcess.freePort();
        String original = "# my settings\nbind 127.0.0.1\nport " + port + "\n\n"
                + "# replication\nreplica-priority 10\nslave-priority 20\nrepl-backlog-size 1mb\n"
                + "replicaof 127.0.0.1 " + masterPort + "\n# end\n";
        try (RunningNode node = NodeLauncher.start(config(original), NO_SHUTDOWN, log);
             RespClient c = RespClient.connect("127.0.0.1", port)) {
            assertEquals("OK", c.call("CONFIG", "REWRITE"));
            assertEquals(original, Files.readString(dir.resolve("redis.conf")), "nothing changed, nothing rewritten");

            assertEquals("OK", c.call("CONFIG", "SET", "replica-priority", "0"));
            assertEquals("OK", c.call("CONFIG", "SET", "min-replicas-to-write", "1"));
            assertEquals("OK", c.call("CONFIG", "SET", "replica-announce-ip", "10.0.0.1 x"));
            // Sentinel's promotion: SLAVEOF NO ONE and CONFIG REWRITE inside one transaction.
            assertEquals("OK", c.call("MULTI"));
            assertEquals("QUEUED", c.call("SLAVEOF", "NO", "ONE"));
            assertEquals("QUEUED", c.call("CONFIG", "REWRITE"));
            assertEquals(List.of("OK", "OK"), c.call("EXEC"));
            assertEquals("# my settings\nbind 127.0.0.1\nport " + port + "\n\n"
                    + "# replication\nreplica-priority 0\nrepl-backlog-size 1mb\n# end\n"
                    + ConfigFileRewriter.SIGNATURE + "\n"
                    + "replica-announce-ip \"10.0.0.1 x\"\nmin-replicas-to-write 1\n",
                    Files.readString(dir.resolve("redis.conf")));

            assertEquals("OK", c.call("SLAVEOF", "127.0.0.1", Integer.toString(masterPort)));
            assertEquals("OK", c.call("CONFIG", "SET", "min-replicas-to-write", "0"));
            assertEquals("OK", c.call("CONFIG", "REWRITE"));
            String again = Files.readString(dir.resolve("redis.conf"));
            assertTrue(again.endsWith(ConfigFileRewriter.SIGNATURE + "\nreplica-announce-ip \"10.0.0.1 x\"\n"
                    + "min-replicas-to-write 0\nreplicaof 127.0.0.1 " + masterPort + "\n"), again);
            assertEquals(1, again.split(ConfigFileRewriter.SIGNATURE, -1).length - 1, "one signature line");
            // The rewritten file is one the launcher reads.
            LauncherConfig reread = new ConfigFileLoader(dir, InputStream.nullInputStream())
                    .load(LauncherCommandLine.parse("redis.conf"));
            assertEquals(0, reread.replication().replicaPriority());
            assertEquals("127.0.0.1 " + masterPort, reread.replicaOf().orElseThrow().toString());
        }
    }

    @Test
    void withoutAConfigFileRewriteIsRedisError() throws Exception {
        int port = LoggedProcess.freePort();
        LauncherConfig noFile = new ConfigFileLoader(dir, InputStream.nullInputStream())
                .load(LauncherCommandLine.parse("--port", Integer.toString(port), "--bind", "127.0.0.1"));
        try (RunningNode node = NodeLauncher.start(noFile, NO_SHUTDOWN, log);
             RespClient c = RespClient.connect("127.0.0.1", port)) {
            assertEquals(new RespClient.ErrorReply("ERR The server is running without a config file"),
                    c.call("CONFIG", "REWRITE"));
        }
    }
}
