/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.DisklessLoad;
import dev.tandem.replication.MaxMemory;
import dev.tandem.replication.ReplicationConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigFileLoaderTest {

    private static final String SERVER = "Tandem 1.2.3";

    @TempDir
    Path dir;

    private LauncherConfig load(String... args) throws ConfigFileException {
        return new ConfigFileLoader(dir, InputStream.nullInputStream()).load(LauncherCommandLine.parse(args));
    }

    /** Writes {@code text} to redis.conf and loads it with {@code extraArgs} after it. */
    private LauncherConfig loadText(String text, String... extraArgs) throws IOException, ConfigFileException {
        Files.writeString(dir.resolve("redis.conf"), text);
        List<String> args = new ArrayList<>(List.of("redis.conf"));
        args.addAll(List.of(extraArgs));
        return load(args.toArray(String[]::new));
    }

    private String errorReport(String text, String... extraArgs) throws IOException {
        Files.writeString(dir.resolve("redis.conf"), text);
        List<String> args = new ArrayList<>(List.of("redis.conf"));
        args.addAll(List.of(extraArgs));
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> load(args.toArray(String[]::new)));
        return e.report(SERVER);
    }

    private static String fatal(int line, String text, String reason) {
        return "\n*** FATAL CONFIG FILE ERROR (Tandem 1.2.3) ***\n"
                + "Reading the configuration file, at line " + line + "\n"
                + ">>> '" + text + "'\n"
                + reason + "\n";
    }

    private void copySeed(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    // ------------------------------------------------------------------ seed-style files

    @Test
    void masterSeedFile() throws Exception {
        copySeed("master.conf");
        LauncherConfig c = load("master.conf");
        assertEquals(Optional.of(dir.resolve("master.conf")), c.configFile());
        assertEquals(List.of(new BindAddress("127.0.0.1", false), new BindAddress("::1", true)), c.bind());
        assertTrue(c.protectedMode());
        assertEquals(7000, c.port());
        assertEquals(60, c.tcpKeepaliveSeconds());
        assertEquals(0, c.timeoutSeconds());
        assertEquals(RedisLogLevel.VERBOSE, c.logLevel());
        assertEquals(Optional.empty(), c.logFile());
        assertEquals("dump-7000.rdb", c.dbFilename());
        assertEquals(List.of(), c.savePoints());
        assertEquals(2000, c.maxClients());
        assertEquals(Optional.empty(), c.replicaOf());
        assertFalse(c.replDisableTcpNodelay());
        ReplicationConfig r = c.replication();
        assertEquals(Optional.of("s3cret pass"), r.requirepass());
        assertTrue(r.replDisklessSync());
        assertEquals(0, r.replDisklessSyncDelaySeconds());
        assertEquals(16L * 1024 * 1024, r.replBacklogSize());
        assertEquals(3600, r.replBacklogTtlSeconds());
        assertEquals(10, r.replPingReplicaPeriodSeconds());
        assertEquals(60, r.replTimeoutSeconds());
        assertEquals(1, r.minReplicasToWrite());
        assertEquals(10, r.minReplicasMaxLagSeconds());
        assertEquals(16, r.databases());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void replicaSeedFile() throws Exception {
        copySeed("replica.conf");
        LauncherConfig c = load("replica.conf");
        assertEquals(List.of(new BindAddress("127.0.0.1", false)), c.bind());
        assertEquals(7001, c.port());
        assertEquals(Optional.of(new ReplicaOf("127.0.0.1", 7000)), c.replicaOf());
        ReplicationConfig r = c.replication();
        assertEquals(Optional.of("replicator"), r.masteruser());
        assertEquals(Optional.of("s3cret pass"), r.masterauth());
        assertEquals(Optional.of("replica's own"), r.requirepass());
        assertTrue(r.replicaReadOnly());
        assertFalse(r.replicaServeStaleData());
        assertEquals(50, r.replicaPriority());
        assertEquals(Optional.of("10.0.0.7"), r.replicaAnnounceIp());
        assertEquals(17001, r.replicaAnnouncePort());
        assertEquals(5, r.replPingReplicaPeriodSeconds());
        assertEquals(30, r.replTimeoutSeconds());
        assertEquals(RedisLogLevel.NOTICE, c.logLevel());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void includeReadsTheOtherFileInPlaceAndLaterLinesWin() throws Exception {
        copySeed("with-include.conf");
        copySeed("common.conf");
        LauncherConfig c = load("with-include.conf");
        assertEquals(7002, c.port()); // after the include
        assertEquals(Optional.of(new ReplicaOf("127.0.0.1", 7000)), c.replicaOf());
        assertEquals(List.of(new BindAddress("127.0.0.1", false)), c.bind()); // from common.conf
        assertEquals(Optional.of("shared-secret"), c.replication().masterauth());
        assertEquals(1024L * 1024 * 1024, c.replication().replBacklogSize());
        assertEquals(RedisLogLevel.WARNING, c.logLevel());
    }

    @Test
    void commandLineDirectivesOverrideTheFile() throws Exception {
        copySeed("master.conf");
        LauncherConfig c = load("master.conf", "--port", "7100", "--replicaof", "127.0.0.1", "6379",
                "--requirepass", "from the command line", "--bind", "127.0.0.2", "::1");
        assertEquals(7100, c.port());
        assertEquals(Optional.of(new ReplicaOf("127.0.0.1", 6379)), c.replicaOf());
        assertEquals(Optional.of("from the command line"), c.replication().requirepass());
        assertEquals(List.of(BindAddress.parse("127.0.0.2"), BindAddress.parse("::1")), c.bind());
        assertEquals(16L * 1024 * 1024, c.replication().replBacklogSize()); // untouched
    }

    @Test
    void passwordsAreBytesNotText() throws Exception {
        // Issue #14: "\xff\xfe" is not UTF-8; it is the password (other values stay strict text).
        LauncherConfig c = loadText("requirepass \"\\xff\\xfe\\xfd\\xfc\"\nmasterauth \"p\\xe4ss\"\n");
        assertEquals(Optional.of(dev.tandem.replication.internal.config.ByteStrings.decode(
                new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc})), c.replication().requirepass());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {'p', (byte) 0xe4, 's', 's'},
                dev.tandem.replication.internal.config.ByteStrings.encode(c.replication().masterauth().orElseThrow()));
    }

    @Test
    void tandemSentinelDirectives() throws Exception {
        LauncherConfig c = loadText("tandem-sentinels 127.0.0.1:26379 10.0.0.2:26380\ntandem-sentinel-master-name mymaster\n");
        assertEquals(List.of("127.0.0.1:26379", "10.0.0.2:26380"), c.sentinels());
        assertEquals(Optional.of("mymaster"), c.sentinelMasterName());
        assertEquals(List.of(), loadText("port 1\n").sentinels());
        assertEquals(fatal(1, "tandem-sentinels 127.0.0.1", "sentinel address must be host:port: 127.0.0.1"),
                errorReport("tandem-sentinels 127.0.0.1\n"));
    }

    @Test
    void laterLinesOverrideEarlierOnesAndAliasesShareTheSetting() throws Exception {
        LauncherConfig c = loadText("port 1\nport 2\nslaveof h 1\nreplicaof h2 2\nslave-priority 7\nreplica-priority 8\n");
        assertEquals(2, c.port());
        assertEquals(Optional.of(new ReplicaOf("h2", 2)), c.replicaOf());
        assertEquals(8, c.replication().replicaPriority());
        assertEquals(Optional.empty(), loadText("replicaof h 1\nreplicaof NO ONE\n").replicaOf());
    }

    @Test
    void withoutArgumentsEverythingIsDefault() throws Exception {
        LauncherConfig c = load();
        assertEquals(Optional.empty(), c.configFile());
        assertEquals(LauncherConfig.DEFAULT_BIND, c.bind());
        assertEquals(6379, c.port());
        assertTrue(c.listensOnTcp());
        // Everything is Redis's default except maxmemory, which the launcher derives from the heap.
        long heap = Runtime.getRuntime().maxMemory();
        assertEquals(ReplicationConfig.defaults().toBuilder()
                .maxMemory(MaxMemory.DEFAULTS.withMaxmemory(DefaultMaxMemory.forHeap(heap))).build(), c.replication());
        assertEquals(List.of(DefaultMaxMemory.message(DefaultMaxMemory.forHeap(heap), heap)), c.notices());
        assertEquals(Optional.empty(), c.replicaOf());
        assertEquals(RedisLogLevel.NOTICE, c.logLevel());
        assertEquals(Optional.empty(), c.logFile());
        assertTrue(c.protectedMode());
        assertEquals(10000, c.maxClients());
        assertEquals(0, c.timeoutSeconds());
        assertEquals(300, c.tcpKeepaliveSeconds());
        assertEquals(dir, c.dir());
        assertEquals("dump.rdb", c.dbFilename());
        assertEquals(List.of(), c.savePoints());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void directivesCanComeFromStandardInput() throws Exception {
        Files.writeString(dir.resolve("redis.conf"), "port 1\n");
        InputStream stdin = new ByteArrayInputStream("port 2\nmasteruser u\n".getBytes(StandardCharsets.UTF_8));
        LauncherConfig c = new ConfigFileLoader(dir, stdin).load(LauncherCommandLine.parse("redis.conf", "-"));
        assertEquals(2, c.port());
        assertEquals(Optional.of("u"), c.replication().masteruser());
    }

    // ------------------------------------------------------------------ every directive

    static Stream<Arguments> directives() {
        return Stream.<Arguments>of(
                d("bind 10.0.0.1 -::1 *", c -> c.bind(),
                        List.of(BindAddress.parse("10.0.0.1"), BindAddress.parse("-::1"), BindAddress.parse("*"))),
                d("bind \"\"", c -> c.bind(), List.of()),
                d("port 0", LauncherConfig::port, 0),
                d("port 65535", LauncherConfig::port, 65535),
                d("requirepass pw", c -> c.replication().requirepass(), Optional.of("pw")),
                d("requirepass \"\"", c -> c.replication().requirepass(), Optional.empty()),
                d("masterauth pw", c -> c.replication().masterauth(), Optional.of("pw")),
                d("masteruser u", c -> c.replication().masteruser(), Optional.of("u")),
                d("replicaof 10.1.1.1 6380", LauncherConfig::replicaOf, Optional.of(new ReplicaOf("10.1.1.1", 6380))),
                d("slaveof ::1 6380", LauncherConfig::replicaOf, Optional.of(new ReplicaOf("::1", 6380))),
                d("replicaof \"h 6381\"", LauncherConfig::replicaOf, Optional.of(new ReplicaOf("h", 6381))),
                d("replicaof no one", LauncherConfig::replicaOf, Optional.empty()),
                d("replica-read-only no", c -> c.replication().replicaReadOnly(), false),
                d("slave-read-only NO", c -> c.replication().replicaReadOnly(), false),
                d("replica-serve-stale-data no", c -> c.replication().replicaServeStaleData(), false),
                d("slave-serve-stale-data no", c -> c.replication().replicaServeStaleData(), false),
                d("replica-priority 0", c -> c.replication().replicaPriority(), 0),
                d("slave-priority 12", c -> c.replication().replicaPriority(), 12),
                d("replica-announce-ip 1.2.3.4", c -> c.replication().replicaAnnounceIp(), Optional.of("1.2.3.4")),
                d("slave-announce-ip h.example", c -> c.replication().replicaAnnounceIp(), Optional.of("h.example")),
                d("replica-announce-port 1234", c -> c.replication().replicaAnnouncePort(), 1234),
                d("slave-announce-port 4321", c -> c.replication().replicaAnnouncePort(), 4321),
                d("repl-diskless-sync no", c -> c.replication().replDisklessSync(), false),
                d("repl-diskless-sync-delay 5", c -> c.replication().replDisklessSyncDelaySeconds(), 5),
                d("repl-diskless-sync-max-replicas 3", c -> c.replication().replDisklessSyncMaxReplicas(), 3),
                d("repl-diskless-load swapdb", c -> c.replication().replDisklessLoad(), DisklessLoad.SWAPDB),
                d("repl-ping-replica-period 3", c -> c.replication().replPingReplicaPeriodSeconds(), 3),
                d("repl-ping-slave-period 4", c -> c.replication().replPingReplicaPeriodSeconds(), 4),
                d("repl-timeout 120", c -> c.replication().replTimeoutSeconds(), 120),
                d("repl-backlog-size 100", c -> c.replication().replBacklogSize(), 100L),
                d("repl-backlog-size 1mb", c -> c.replication().replBacklogSize(), 1048576L),
                d("repl-backlog-size 1m", c -> c.replication().replBacklogSize(), 1000000L),
                d("repl-backlog-size 1MB", c -> c.replication().replBacklogSize(), 1048576L),
                d("repl-backlog-size 64kb", c -> c.replication().replBacklogSize(), 65536L),
                d("repl-backlog-size 64k", c -> c.replication().replBacklogSize(), 64000L),
                d("repl-backlog-size 16gb", c -> c.replication().replBacklogSize(), 17179869184L),
                d("repl-backlog-size 2g", c -> c.replication().replBacklogSize(), 2000000000L),
                d("repl-backlog-ttl 0", c -> c.replication().replBacklogTtlSeconds(), 0L),
                d("repl-disable-tcp-nodelay yes", LauncherConfig::replDisableTcpNodelay, true),
                d("min-replicas-to-write 2", c -> c.replication().minReplicasToWrite(), 2),
                d("min-slaves-to-write 3", c -> c.replication().minReplicasToWrite(), 3),
                d("min-replicas-max-lag 20", c -> c.replication().minReplicasMaxLagSeconds(), 20),
                d("min-slaves-max-lag 21", c -> c.replication().minReplicasMaxLagSeconds(), 21),
                d("client-output-buffer-limit replica 1mb 512kb 30",
                        c -> c.replication().replicaOutputBufferLimit().hardLimitBytes(), 1048576L),
                d("replica-announced no", c -> c.replication().replicaAnnounced(), false),
                d("databases 1", c -> c.replication().databases(), 1),
                d("loglevel debug", LauncherConfig::logLevel, RedisLogLevel.DEBUG),
                d("loglevel VERBOSE", LauncherConfig::logLevel, RedisLogLevel.VERBOSE),
                d("loglevel notice", LauncherConfig::logLevel, RedisLogLevel.NOTICE),
                d("loglevel warning", LauncherConfig::logLevel, RedisLogLevel.WARNING),
                d("logfile \"\"", LauncherConfig::logFile, Optional.empty()),
                d("protected-mode no", LauncherConfig::protectedMode, false),
                d("maxclients 4294967295", LauncherConfig::maxClients, 4294967295L),
                d("timeout 300", LauncherConfig::timeoutSeconds, 300),
                d("tcp-keepalive 0", LauncherConfig::tcpKeepaliveSeconds, 0),
                d("dbfilename other.rdb", LauncherConfig::dbFilename, "other.rdb"),
                d("dbfilename \"\"", LauncherConfig::dbFilename, ""),
                d("save 900 1 300 10", LauncherConfig::savePoints, List.of(new SavePoint(900, 1), new SavePoint(300, 10))),
                d("save \"\"", LauncherConfig::savePoints, List.of()),
                d("PoRt 6380", LauncherConfig::port, 6380));
    }

    private static Arguments d(String line, Function<LauncherConfig, Object> accessor, Object expected) {
        return Arguments.of(line, accessor, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directives")
    void everyImplementedDirectiveIsRead(String line, Function<LauncherConfig, Object> accessor, Object expected)
            throws Exception {
        assertEquals(expected, accessor.apply(loadText(line + "\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directives")
    void everyImplementedDirectiveIsReadFromTheCommandLine(String line, Function<LauncherConfig, Object> accessor,
            Object expected) throws Exception {
        List<byte[]> words = ConfigArgs.split(line.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        List<String> args = new ArrayList<>();
        args.add("--" + new String(words.get(0), StandardCharsets.UTF_8));
        for (byte[] word : words.subList(1, words.size())) {
            args.add(new String(word, StandardCharsets.UTF_8));
        }
        assertEquals(expected, accessor.apply(load(args.toArray(String[]::new))));
    }

    @Test
    void saveLinesAddUpAndAnEmptySaveClearsThem() throws Exception {
        assertEquals(List.of(new SavePoint(900, 1), new SavePoint(300, 10)),
                loadText("save 900 1\nsave 300 10\n").savePoints());
        assertEquals(List.of(new SavePoint(60, 5)), loadText("save 900 1\nsave \"\"\nsave 60 5\n").savePoints());
        assertEquals(List.of(new SavePoint(900, 1)), load("--save", "900 1").savePoints());
        assertEquals(List.of(), load("--save", "--port", "1").savePoints());
    }

    @Test
    void dirChangesWhereLaterRelativePathsStart() throws Exception {
        Files.createDirectories(dir.resolve("data/conf"));
        Files.writeString(dir.resolve("data/conf/extra.conf"), "port 4242\n");
        LauncherConfig c = loadText("dir data\ninclude conf/extra.conf\nlogfile tandem.log\n");
        assertEquals(dir.resolve("data"), c.dir());
        assertEquals(4242, c.port());
        assertEquals(Optional.of(dir.resolve("data/tandem.log")), c.logFile());
        assertTrue(Files.exists(dir.resolve("data/tandem.log")), "opened (created) as Redis does");
    }

    @Test
    void includeWithWildcardReadsEveryMatchInOrder() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/20-port.conf"), "port 2\n");
        Files.writeString(dir.resolve("conf.d/10-port.conf"), "port 1\nmasteruser ten\n");
        Files.writeString(dir.resolve("conf.d/.30-hidden.conf"), "port 3\n");
        Files.writeString(dir.resolve("conf.d/notes.txt"), "this is not configuration\n");
        LauncherConfig c = loadText("include conf.d/*.conf\n");
        assertEquals(2, c.port());
        assertEquals(Optional.of("ten"), c.replication().masteruser());
        assertEquals(6379, loadText("include empty.d/*.conf\n").port(), "no match is no error");
    }

    /**
     * Found by ConfigFileLoaderFuzzTest: "include [" reached Files.newDirectoryStream with a glob
     * Java cannot parse, whose PatternSyntaxException escaped the loader. glob(3) takes a bracket
     * it cannot close (and a brace, which it does not expand) as a literal character.
     */
    @Test
    void aWildcardJavaCannotParseMatchesLiterally() throws Exception {
        assertEquals(6379, loadText("include [\n").port(), "no file named '[': no match, no error");
        assertEquals(6379, loadText("include *{b\n").port());
        Files.writeString(dir.resolve("odd[.conf"), "port 7\n");
        assertEquals(7, loadText("include odd[.conf\n").port());
    }

    // ------------------------------------------------------------------ quoting

    @Test
    void quotedValuesFollowRedisRules() throws Exception {
        LauncherConfig c = loadText("requirepass \"a b\\x41\\\"\\\\\"\nmasterauth 'it\\'s'\nmasteruser ab\"c d\"\n");
        assertEquals(Optional.of("a bA\"\\"), c.replication().requirepass());
        assertEquals(Optional.of("it's"), c.replication().masterauth());
        assertEquals(Optional.of("abc d"), c.replication().masteruser());
    }

    @Test
    void utf8PasswordsSurviveFileAndCommandLine() throws Exception {
        assertEquals(Optional.of("pässwörd"), loadText("requirepass pässwörd\n").replication().requirepass());
        assertEquals(Optional.of("pässwörd"), loadText("requirepass \"p\\xc3\\xa4sswörd\"\n").replication().requirepass());
        assertEquals(Optional.of("pässwörd"), load("--requirepass", "pässwörd").replication().requirepass());
    }

    @Test
    void commentsBlankLinesAndCrLf() throws Exception {
        LauncherConfig c = loadText("# comment\r\n\r\n   # indented comment\r\n\tport 7\r\n  \r\n");
        assertEquals(7, c.port());
    }

    // ------------------------------------------------------------------ errors, worded as Redis words them

    @Test
    void unknownDirectiveIsFatalWithTheLineNumber() throws Exception {
        assertEquals(fatal(2, "foo bar", "Bad directive or wrong number of arguments"),
                errorReport("port 1\nfoo bar\n"));
    }

    @Test
    void misspeltDirectiveIsFatal() throws Exception {
        assertEquals(fatal(3, "replicaoff 127.0.0.1 6379", "Bad directive or wrong number of arguments"),
                errorReport("# a replica\n\nreplicaoff 127.0.0.1 6379\n"));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("protected-mode maybe", "argument must be 'yes' or 'no'"),
                Arguments.of("replica-read-only 1", "argument must be 'yes' or 'no'"),
                Arguments.of("slave-serve-stale-data true", "argument must be 'yes' or 'no'"),
                Arguments.of("repl-diskless-sync on", "argument must be 'yes' or 'no'"),
                Arguments.of("repl-disable-tcp-nodelay y", "argument must be 'yes' or 'no'"),
                Arguments.of("port 70000", "argument must be between 0 and 65535 inclusive"),
                Arguments.of("port -1", "argument must be between 0 and 65535 inclusive"),
                Arguments.of("port abc", "argument couldn't be parsed into an integer"),
                Arguments.of("port 01", "argument couldn't be parsed into an integer"),
                Arguments.of("port +1", "argument couldn't be parsed into an integer"),
                Arguments.of("maxclients 0", "argument must be between 1 and 4294967295 inclusive"),
                Arguments.of("maxclients -1", "argument must be between 1 and 4294967295 inclusive"),
                Arguments.of("timeout -1", "argument must be between 0 and 2147483647 inclusive"),
                Arguments.of("tcp-keepalive 1x", "argument couldn't be parsed into an integer"),
                Arguments.of("databases 0", "argument must be between 1 and 2147483647 inclusive"),
                Arguments.of("repl-timeout 0", "argument must be between 1 and 2147483647 inclusive"),
                Arguments.of("replica-announce-port 65536", "argument must be between 0 and 65535 inclusive"),
                Arguments.of("repl-backlog-size 1xb", "argument must be a memory value"),
                Arguments.of("repl-backlog-size -1", "argument must be a memory value"),
                Arguments.of("repl-backlog-size 0", "argument must be between 1 and 9223372036854775807 inclusive"),
                Arguments.of("loglevel loud", "argument(s) must be one of the following: debug, verbose, notice, warning"),
                Arguments.of("repl-diskless-load maybe",
                        "argument(s) must be one of the following: disabled, on-empty-db, swapdb"),
                Arguments.of("replicaof 127.0.0.1 abc", "Invalid master port"),
                Arguments.of("replicaof 127.0.0.1 65536", "Invalid master port"),
                Arguments.of("replicaof 127.0.0.1", "wrong number of arguments"),
                Arguments.of("replicaof a b c", "wrong number of arguments"),
                Arguments.of("port 1 2", "wrong number of arguments"),
                Arguments.of("requirepass", "wrong number of arguments"),
                Arguments.of("appendonly", "wrong number of arguments"),
                Arguments.of("save 1", "Invalid save parameters"),
                Arguments.of("save 0 1", "Invalid save parameters"),
                Arguments.of("save 10 -1", "Invalid save parameters"),
                Arguments.of("save x 1", "Invalid save parameters"),
                Arguments.of("dbfilename a/b.rdb", "dbfilename can't be a path, just a filename"),
                Arguments.of("dir /nonexistent/tandem", "No such file or directory"),
                Arguments.of("dir \"\"", "No such file or directory"),
                Arguments.of("client-output-buffer-limit master 1 1 1",
                        "Invalid client class specified in buffer limit configuration."),
                Arguments.of("client-output-buffer-limit replica 1 1",
                        "Wrong number of arguments in buffer limit configuration."),
                Arguments.of("include", "Bad directive or wrong number of arguments"),
                Arguments.of("include a b", "Bad directive or wrong number of arguments"),
                Arguments.of("rename-command GET", "Bad directive or wrong number of arguments"),
                // Redis 7.0.15's texts (checked with redis-server side by side).
                Arguments.of("rename-command nosuch x", "No such command in rename-command"),
                Arguments.of("rename-command get set", "Target command name already exists"),
                Arguments.of("my.module", "Module config specified without value"),
                Arguments.of("sentinel monitor m 127.0.0.1 6379 2", "sentinel directive while not in sentinel mode"),
                Arguments.of("requirepass \"abc", "Unbalanced quotes in configuration line"),
                Arguments.of("requirepass \"a\"b", "Unbalanced quotes in configuration line"),
                Arguments.of("bind " + "a ".repeat(17), "Too many bind addresses specified."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void badValuesAreFatalWithRedisWording(String line, String reason) throws Exception {
        assertEquals(fatal(2, line.strip(), reason), errorReport("port 1\n" + line + "\n"));
    }

    @Test
    void notAFileForDir() throws Exception {
        Files.writeString(dir.resolve("plain"), "");
        assertEquals(fatal(1, "dir plain", "Not a directory"), errorReport("dir plain\n"));
    }

    @Test
    void errorsInCommandLineDirectivesCountLinesAfterTheFile() throws Exception {
        // as redis-server: file lines, then one empty line, then one line per directive
        assertEquals(fatal(4, "port \"abc\"", "argument couldn't be parsed into an integer"),
                errorReport("port 0\nloglevel notice\n", "--port", "abc"));
        assertEquals(fatal(3, "bogus \"x\"", "Bad directive or wrong number of arguments"),
                errorReport("port 0\nloglevel notice", "--bogus", "x"));
        assertEquals(fatal(5, "replicaof \"127.0.0.1\" \"6x\"", "Invalid master port"),
                errorReport("port 0\n", "--port", "1", "--maxclients", "5", "--replicaof", "127.0.0.1", "6x"));
        ConfigFileException noFile = assertThrows(ConfigFileException.class, () -> load("--port", "0", "--bogus", "a\"b"));
        assertEquals(fatal(3, "bogus \"a\\\"b\"", "Bad directive or wrong number of arguments"), noFile.report(SERVER));
        assertEquals(Optional.of(3), noFile.lineNumber());
        assertEquals("Bad directive or wrong number of arguments", noFile.reason());
    }

    @Test
    void errorsInAnIncludedFileCountItsOwnLines() throws Exception {
        Files.writeString(dir.resolve("inc.conf"), "# c\n\nport 1 2\n");
        assertEquals(fatal(3, "port 1 2", "wrong number of arguments"), errorReport("port 0\ninclude inc.conf\n"));
    }

    @Test
    void missingFilesAreFatal() throws Exception {
        ConfigFileException missing = assertThrows(ConfigFileException.class, () -> load("nope.conf"));
        assertEquals("Fatal error, can't open config file 'nope.conf': No such file or directory\n",
                missing.report(SERVER));
        assertEquals("Fatal error, can't open config file 'missing.conf': No such file or directory\n",
                errorReport("include missing.conf\n"));
    }

    @Test
    void includeCyclesStopAtTheDepthLimit() throws Exception {
        Files.writeString(dir.resolve("a.conf"), "include b.conf\n");
        Files.writeString(dir.resolve("b.conf"), "port 1\ninclude a.conf\n");
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> load("a.conf"));
        assertEquals("include nesting deeper than 32 files (an include cycle?)", e.reason());
    }

    @Test
    void unwritableLogFileIsFatalAfterReading() throws Exception {
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Tandem 1.2.3) ***\n"
                        + "Can't open the log file: No such file or directory\n",
                errorReport("logfile /nonexistent/dir/x.log\n"));
    }

    /**
     * Found by ConfigFileLoaderFuzzTest: a quoted "\x00" in a path-valued argument reached
     * Path.resolve, whose InvalidPathException escaped the loader (the launcher died with a stack
     * trace instead of a FATAL CONFIG FILE ERROR). A path cannot hold a NUL byte; the C library
     * would cut the name there, so the error is its EINVAL word.
     */
    @Test
    void aNulByteInAPathIsAConfigurationError() throws Exception {
        assertEquals(fatal(1, "dir \"a\\x00b\"", "Invalid argument"), errorReport("dir \"a\\x00b\"\n"));
        assertEquals(fatal(1, "dbfilename \"a\\x00b\"", "Invalid argument"), errorReport("dbfilename \"a\\x00b\"\n"));
        assertEquals("Fatal error, can't open config file 'a\u0000b': Invalid argument\n",
                errorReport("include \"a\\x00b\"\n"));
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Tandem 1.2.3) ***\n"
                        + "Can't open the log file: Invalid argument\n",
                errorReport("logfile \"a\\x00b\"\n"));
        ConfigFileException file = assertThrows(ConfigFileException.class, () -> load("a\u0000b.conf"));
        assertEquals("Fatal error, can't open config file 'a\u0000b.conf': Invalid argument\n", file.report(SERVER));
    }

    @Test
    void invalidUtf8InATextArgumentIsRefused() throws Exception {
        // (Passwords are bytes, see passwordsAreBytesNotText; an address is text.)
        assertEquals(fatal(1, "replica-announce-ip \"\\xff\"", "argument must be valid UTF-8 (Tandem keeps it as text)"),
                errorReport("replica-announce-ip \"\\xff\"\n"));
    }

    // ------------------------------------------------------------------ Redis directives Tandem ignores

    @Test
    void unimplementedRedisDirectivesWarnOnceEach() throws Exception {
        LauncherConfig c = loadText("port 1\ncluster-enabled yes\ntls-cluster yes\ncluster-enabled yes\nlatency-tracking no\n"
                + "rename-command FLUSHALL \"\"\nuser alice on >pw ~* +@all\nloadmodule /x.so\nmy.option 1\n"
                + "SLAVE-LAZY-FLUSH yes\n", "--io-threads", "4");
        assertEquals(List.of(
                "Ignoring 'cluster-enabled' (line 2 of " + dir.resolve("redis.conf")
                        + "): Tandem does not implement this Redis directive",
                "Ignoring 'tls-cluster' (line 3 of " + dir.resolve("redis.conf")
                        + "): Tandem does not implement this Redis directive",
                "Ignoring 'latency-tracking' (line 5 of " + dir.resolve("redis.conf")
                        + "): Tandem does not implement this Redis directive",
                "Ignoring 'loadmodule' (line 8 of " + dir.resolve("redis.conf")
                        + "): Tandem does not implement this Redis directive",
                "Ignoring 'my.option' (line 9 of " + dir.resolve("redis.conf")
                        + "): Tandem does not implement this Redis directive",
                "Ignoring 'slave-lazy-flush' (line 10 of " + dir.resolve("redis.conf")
                        + "): Tandem does not implement this Redis directive",
                "Ignoring 'io-threads' (line 12, from the command line): Tandem does not implement this Redis directive"),
                c.warnings());
        // user lines are ACL users now (not a warning): kept in order for the node.
        assertEquals(List.of(List.of("alice", "on", ">pw", "~*", "+@all")), c.users());
    }

    @Test
    void unimplementedDirectivesAtRedisDefaultsAreSilent() throws Exception {
        LauncherConfig c = loadText("appendonly no\ntls-cluster no\ndaemonize NO\nhz 10\nmaxmemory 0\n"
                + "oom-score-adj-values \"0 200 800\"\nlist-max-ziplist-entries 512\nshutdown-on-sigterm default\n");
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void savePointsBecomeTheNodesSaveRules() throws Exception {
        LauncherConfig c = loadText("dbfilename x.rdb\nsave 3600 1\nsave 300 100\nrdbcompression no\n"
                + "rdbchecksum no\nstop-writes-on-bgsave-error no\nrdb-del-sync-files yes\nrdb-save-incremental-fsync no\n");
        assertEquals(List.of(), c.warnings());
        dev.tandem.replication.Persistence p = c.persistence();
        assertEquals(dir.resolve("x.rdb"), p.rdbFile());
        assertEquals(List.of(new dev.tandem.replication.SaveRule(3600, 1), new dev.tandem.replication.SaveRule(300, 100)),
                p.saveRules());
        assertFalse(p.rdbCompression());
        assertFalse(p.rdbChecksum());
        assertFalse(p.stopWritesOnBgsaveError());
    }

    @Test
    void passwordsDoNotAppearInToString() throws Exception {
        String text = loadText("requirepass hunter2\nmasterauth swordfish\n").toString();
        assertFalse(text.contains("hunter2"), text);
        assertFalse(text.contains("swordfish"), text);
    }

    @Test
    void appendOnlyFileDirectivesBecomeTheNodesPersistence() throws Exception {
        LauncherConfig c = loadText("appendonly yes\nappendfsync always\nappendfilename \"mine.aof\"\n"
                + "appenddirname aofdir\naof-load-truncated no\naof-use-rdb-preamble yes\naof-timestamp-enabled yes\n"
                + "no-appendfsync-on-rewrite no\nauto-aof-rewrite-percentage 100\nauto-aof-rewrite-min-size 64mb\n");
        dev.tandem.replication.Persistence p = c.persistence();
        assertEquals(true, p.appendOnly());
        assertEquals(dev.tandem.replication.AppendFsync.ALWAYS, p.appendFsync());
        assertEquals("mine.aof", p.appendFilename());
        assertEquals("aofdir", p.appendDirname());
        assertEquals(false, p.aofLoadTruncated());
        assertEquals(false, loadText("port 1\n").persistence().appendOnly(), "appendonly no by default, as Redis");
        assertEquals(fatal(1, "appendfsync sometimes", "argument(s) must be one of the following: always, everysec, no"),
                errorReport("appendfsync sometimes\n"));
        assertEquals(fatal(1, "appenddirname a/b", "appenddirname can't be a path, just a dirname"),
                errorReport("appenddirname a/b\n"));
    }

    // ------------------------------------------------------------------ maxmemory

    @Test
    void anExplicitMaxmemoryWinsOverTheHeapDerivedDefault() throws Exception {
        LauncherConfig zero = loadText("maxmemory 0\n");
        assertEquals(0, zero.replication().maxMemory().maxmemory());
        assertEquals(List.of(), zero.notices());
        LauncherConfig given = load("--maxmemory", "100mb", "--maxmemory-policy", "allkeys-lfu");
        assertEquals(100L << 20, given.replication().maxMemory().maxmemory());
        assertEquals(dev.tandem.core.EvictionPolicy.ALLKEYS_LFU, given.replication().maxMemory().policy());
        assertEquals(List.of(), given.notices());
    }

    @Test
    void theDefaultIsFortyPercentOfTheHeapInWholeMegabytes() {
        assertEquals(0, DefaultMaxMemory.forHeap(Long.MAX_VALUE));
        assertEquals(51L << 20, DefaultMaxMemory.forHeap(128L << 20)); // 51.2 MB rounded down
        assertEquals(409L << 20, DefaultMaxMemory.forHeap(1L << 30));
    }
}
