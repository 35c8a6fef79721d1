/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.examples.server;

import dev.tandem.replication.internal.server.CommandRenames;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.config.ServerSettings;
import dev.tandem.replication.internal.config.Settings;
import dev.tandem.replication.internal.tls.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code tandem-server} was asked to run, read from a {@code redis.conf} and command-line
 * directives by {@link ConfigFileLoader}. Immutable. Defaults are Redis 7.0's, except that no
 * {@code save} points are configured by default, because Tandem does not persist data.
 */
public final class LauncherConfig {

    /** Redis's default {@code bind * -::*}. */
    public static final List<BindAddress> DEFAULT_BIND = List.of(BindAddress.parse("*"), BindAddress.parse("-::*"));

    private final Optional<Path> configFile;
    private final List<BindAddress> bind;
    private final int port;
    private final ReplicationConfig replication;
    private final Optional<ReplicaOf> replicaOf;
    private final List<String> sentinels;
    private final Optional<String> sentinelMasterName;
    private final boolean replDisableTcpNodelay;
    private final RedisLogLevel logLevel;
    private final Optional<Path> logFile;
    private final ServerSettings server;
    private final TlsSettings tls;
    private final int tcpKeepaliveSeconds;
    private final Path dir;
    private final String dbFilename;
    private final List<SavePoint> savePoints;
    private final java.util.Map<String, Boolean> rdbFlags;
    private final java.util.Map<String, String> aof;
    private final List<String> warnings;
    private final List<String> notices;
    private final List<String[]> renameCommands;
    private final List<List<String>> users;
    private final Optional<Path> aclFile;

    private LauncherConfig(Builder b, ReplicationConfig replication, ServerSettings server, TlsSettings tls) {
        this.tls = tls;
        configFile = Optional.ofNullable(b.configFile);
        bind = List.copyOf(b.bind);
        port = b.port;
        this.replication = replication;
        replicaOf = Optional.ofNullable(b.replicaOf);
        sentinels = List.copyOf(b.sentinels);
        sentinelMasterName = Optional.ofNullable(b.sentinelMasterName);
        replDisableTcpNodelay = b.replDisableTcpNodelay;
        logLevel = b.logLevel;
        logFile = Optional.ofNullable(b.logFile);
        this.server = server;
        tcpKeepaliveSeconds = b.tcpKeepaliveSeconds;
        dir = Objects.requireNonNull(b.dir, "dir");
        dbFilename = b.dbFilename;
        savePoints = List.copyOf(b.savePoints);
        rdbFlags = java.util.Map.copyOf(b.rdbFlags);
        aof = java.util.Map.copyOf(b.aof);
        warnings = List.copyOf(b.warnings);
        notices = List.copyOf(b.notices);
        renameCommands = b.renames.applied();
        users = List.copyOf(b.users);
        aclFile = Optional.ofNullable(b.aclFile);
    }

    /** {@code user <name> <rule> ...} lines of the configuration, in order, without the keyword. */
    public List<List<String>> users() {
        return users;
    }

    /** {@code aclfile}, resolved against {@code dir} when relative. */
    public Optional<Path> aclFile() {
        return aclFile;
    }

    /** {@code rename-command} directives in order ({@code [name, newName]}; an empty new name removes the command). */
    public List<String[]> renameCommands() {
        return renameCommands;
    }

    /** The configuration file given as the first argument (absolute), if any. */
    public Optional<Path> configFile() {
        return configFile;
    }

    /** {@code bind}: the addresses to listen on; empty ({@code bind ""}) means no TCP listener, as in Redis. */
    public List<BindAddress> bind() {
        return bind;
    }

    /** {@code port}: the TCP port; 0 means no TCP listener, as in Redis. */
    public int port() {
        return port;
    }

    /** Whether a TCP listener is configured at all: Redis listens on none for {@code port 0} or {@code bind ""}. */
    public boolean listensOnTcp() {
        return port != 0 && !bind.isEmpty();
    }

    /** The {@code tls-*} directives, as the node's registry read them. */
    public TlsSettings tls() {
        return tls;
    }

    /** Whether a TLS listener is configured: a {@code tls-port} and a bind address. */
    public boolean listensOnTls() {
        return tls.port() != 0 && !bind.isEmpty();
    }

    /** The replication directives ({@code requirepass}, {@code masterauth}, {@code repl-*}, {@code databases}, ...). */
    public ReplicationConfig replication() {
        return replication;
    }

    /** {@code replicaof} / {@code slaveof}; empty for a master (or {@code replicaof no one}). */
    public Optional<ReplicaOf> replicaOf() {
        return replicaOf;
    }

    /** {@code tandem-sentinels host:port ...}: the sentinels to ask for the master; empty when not set. */
    public List<String> sentinels() {
        return sentinels;
    }

    /** {@code tandem-sentinel-master-name}: the Sentinel group whose master the node follows. */
    public Optional<String> sentinelMasterName() {
        return sentinelMasterName;
    }

    /** {@code repl-disable-tcp-nodelay}: whether replication links leave Nagle's algorithm on. */
    public boolean replDisableTcpNodelay() {
        return replDisableTcpNodelay;
    }

    public RedisLogLevel logLevel() {
        return logLevel;
    }

    /** {@code logfile}, resolved against {@link #dir()}; empty means standard output. */
    public Optional<Path> logFile() {
        return logFile;
    }

    /** {@code protected-mode}: refuse non-loopback clients when no password is set and all interfaces are bound. */
    public boolean protectedMode() {
        return server.protectedMode();
    }

    /** {@code maxclients}: 1..4294967295. */
    public long maxClients() {
        return server.maxclients();
    }

    /** {@code timeout}: close client connections idle this long; 0 disables. */
    public Duration timeout() {
        return Duration.ofSeconds(server.timeoutSeconds());
    }

    public int timeoutSeconds() {
        return (int) server.timeoutSeconds();
    }

    /** The RESP server's directives ({@code maxclients}, {@code timeout}, {@code protected-mode}, output limits). */
    ServerSettings server() {
        return server;
    }

    /** {@code tcp-keepalive}: TCP keepalive interval; 0 disables. */
    public int tcpKeepaliveSeconds() {
        return tcpKeepaliveSeconds;
    }

    /** {@code dir}: the working directory (Redis changes into it; the JVM cannot, so paths are resolved against it). */
    public Path dir() {
        return dir;
    }

    /** {@code dbfilename}: the RDB file name inside {@link #dir()}. */
    public String dbFilename() {
        return dbFilename;
    }

    /** {@code save} points as configured (ignored, with a warning, until Tandem persists). */
    public List<SavePoint> savePoints() {
        return savePoints;
    }

    /** A yes/no RDB directive ({@code rdbcompression}, {@code rdbchecksum}, ...) as configured. */
    public boolean rdbFlag(String name) {
        Boolean v = rdbFlags.get(name);
        if (v == null) {
            throw new IllegalArgumentException("not an RDB flag: " + name);
        }
        return v;
    }

    /**
     * The node's persistence: {@code dir/dbfilename} is loaded at start and written by the save
     * points, {@code SAVE}, {@code BGSAVE} and {@code SHUTDOWN} (as Redis does).
     */
    public dev.tandem.replication.Persistence persistence() {
        return dev.tandem.replication.Persistence.in(dir).dbFilename(dbFilename)
                .saveRules(savePoints.stream().map(p -> new dev.tandem.replication.SaveRule(p.seconds(), p.changes()))
                        .toList())
                .rdbCompression(rdbFlag("rdbcompression"))
                .rdbChecksum(rdbFlag("rdbchecksum"))
                .stopWritesOnBgsaveError(rdbFlag("stop-writes-on-bgsave-error"))
                .enableProtectedConfigs(rdbFlag("enable-protected-configs"))
                .appendOnly(aof.get("appendonly").equals("yes"))
                .appendFsync(dev.tandem.replication.AppendFsync.fromWord(aof.get("appendfsync")))
                .appendFilename(aof.get("appendfilename"))
                .appendDirname(aof.get("appenddirname"))
                .aofLoadTruncated(aof.get("aof-load-truncated").equals("yes"))
                .aofUseRdbPreamble(aof.get("aof-use-rdb-preamble").equals("yes"));
    }

    /** An append-only-file directive as configured ({@code appendonly}, {@code appendfsync}, ...). */
    public String aofSetting(String name) {
        String v = aof.get(name);
        if (v == null) {
            throw new IllegalArgumentException("not an AOF directive: " + name);
        }
        return v;
    }

    /** Choices the launcher made for the user (the heap-derived maxmemory), logged at start as INFO. */
    public List<String> notices() {
        return notices;
    }

    /** One line per directive that was read but is ignored, to be logged at start. */
    public List<String> warnings() {
        return warnings;
    }

    /** The settings; passwords are masked. */
    @Override
    public String toString() {
        return "LauncherConfig[configFile=" + configFile.map(Path::toString).orElse("none") + ", bind=" + bind
                + ", port=" + port + ", replicaof=" + replicaOf.map(ReplicaOf::toString).orElse("no one")
                + ", repl-disable-tcp-nodelay=" + replDisableTcpNodelay + ", loglevel=" + logLevel.configName()
                + ", logfile=" + logFile.map(Path::toString).orElse("") + ", protected-mode=" + protectedMode()
                + ", maxclients=" + maxClients() + ", timeout=" + timeoutSeconds() + ", tcp-keepalive=" + tcpKeepaliveSeconds
                + ", dir=" + dir + ", dbfilename=" + dbFilename + ", save=" + savePoints + ", " + replication + "]";
    }

    /** Mutable; filled by the directive handlers, Redis's defaults to start with. */
    static final class Builder {
        private Path configFile;
        private List<BindAddress> bind = DEFAULT_BIND;
        private int port = 6379;
        private ReplicaOf replicaOf;
        private List<String> sentinels = List.of();
        private String sentinelMasterName;
        private boolean replDisableTcpNodelay;
        private RedisLogLevel logLevel = RedisLogLevel.NOTICE;
        private Path logFile;
        private int tcpKeepaliveSeconds = 300;
        private Path dir;
        private String dbFilename = "dump.rdb";
        private final List<SavePoint> savePoints = new ArrayList<>();
        /** rdbcompression, rdbchecksum, stop-writes-on-bgsave-error, rdb-del-sync-files, rdb-save-incremental-fsync. */
        private final java.util.Map<String, Boolean> rdbFlags = new java.util.HashMap<>(java.util.Map.of(
                "rdbcompression", true, "rdbchecksum", true, "stop-writes-on-bgsave-error", true,
                "rdb-del-sync-files", false, "rdb-save-incremental-fsync", true,
                "enable-protected-configs", false));
        /** The AOF directives the node's Persistence takes, with Redis 7.0's defaults. */
        private final java.util.Map<String, String> aof = new java.util.HashMap<>(java.util.Map.of(
                "appendonly", "no", "appendfsync", "everysec", "appendfilename", "appendonly.aof",
                "appenddirname", "appendonlydir", "aof-load-truncated", "yes", "aof-use-rdb-preamble", "yes"));
        private final List<String> warnings = new ArrayList<>();
        private final List<String> notices = new ArrayList<>();
        /** Checked as the lines are read, for Redis's errors at the offending line. */
        private final CommandRenames renames = CommandRenames.ofRedisCommands();
        /** {@code user} lines: the name then the rules. */
        final List<List<String>> users = new ArrayList<>();
        Path aclFile;

        Builder(Path workingDirectory) {
            dir = workingDirectory;
        }

        Builder configFile(Path v) {
            configFile = v;
            return this;
        }

        Builder bind(List<BindAddress> v) {
            bind = List.copyOf(v);
            return this;
        }

        Builder port(int v) {
            port = v;
            return this;
        }

        Builder replicaOf(ReplicaOf v) {
            replicaOf = v;
            return this;
        }

        Builder sentinels(List<String> v) {
            sentinels = List.copyOf(v);
            return this;
        }

        Builder sentinelMasterName(String v) {
            sentinelMasterName = v;
            return this;
        }

        Builder replDisableTcpNodelay(boolean v) {
            replDisableTcpNodelay = v;
            return this;
        }

        Builder logLevel(RedisLogLevel v) {
            logLevel = Objects.requireNonNull(v);
            return this;
        }

        Builder logFile(Path v) {
            logFile = v;
            return this;
        }

        Builder tcpKeepaliveSeconds(int v) {
            tcpKeepaliveSeconds = v;
            return this;
        }

        Path dir() {
            return dir;
        }

        Builder dir(Path v) {
            dir = Objects.requireNonNull(v);
            return this;
        }

        String dbFilename() {
            return dbFilename;
        }

        Builder dbFilename(String v) {
            dbFilename = Objects.requireNonNull(v);
            return this;
        }

        /** {@code save ""}; other {@code save} lines add points (Tandem's default has none to replace). */
        Builder aof(String name, String value) {
            aof.put(name, value);
            return this;
        }

        Builder rdbFlag(String name, boolean value) {
            rdbFlags.put(name, value);
            return this;
        }

        Builder clearSavePoints() {
            savePoints.clear();
            return this;
        }

        Builder addSavePoint(SavePoint v) {
            savePoints.add(v);
            return this;
        }

        List<SavePoint> savePoints() {
            return savePoints;
        }

        CommandRenames renames() {
            return renames;
        }

        Builder notice(String v) {
            notices.add(v);
            return this;
        }

        Builder warning(String v) {
            warnings.add(v);
            return this;
        }

        LauncherConfig build(Settings node) {
            return new LauncherConfig(this, node.replication().orElseThrow(), node.server(), node.tls());
        }
    }
}
