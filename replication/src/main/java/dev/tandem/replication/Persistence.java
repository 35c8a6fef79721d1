/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where and when a node keeps its data set on disk, as Redis's RDB persistence does: the
 * directory ({@code dir}), the file name ({@code dbfilename}), the save rules ({@code save}),
 * {@code rdbcompression}, {@code rdbchecksum} and {@code stop-writes-on-bgsave-error}. A node
 * built with persistence loads {@code dir/dbfilename} in {@link ReplicatedKeyspace#start()} before
 * it serves (restoring its replication id and offset, so that a restart continues by partial
 * resync), saves when a rule fires, and saves on a {@code SHUTDOWN} while it has save rules.
 * Without {@link ReplicatedKeyspace.Builder#persistence} a node keeps nothing on disk (the
 * default, for in-process nodes). With {@link #appendOnly(boolean) appendOnly(true)} it keeps
 * Redis 7.0's multi-part append-only file too, and loads that instead of the RDB file at start.
 *
 * <pre>{@code
 * Persistence.in(Path.of("/var/lib/tandem")).saveRules(Persistence.REDIS_DEFAULT_RULES)
 * }</pre>
 */
public final class Persistence {

    /** Redis 7.0's default rules: {@code save 3600 1 300 100 60 10000}. */
    public static final List<SaveRule> REDIS_DEFAULT_RULES =
            List.of(new SaveRule(3600, 1), new SaveRule(300, 100), new SaveRule(60, 10000));

    private final Path directory;
    private final String dbFilename;
    private final List<SaveRule> saveRules;
    private final boolean rdbCompression;
    private final boolean rdbChecksum;
    private final boolean stopWritesOnBgsaveError;
    private final boolean enableProtectedConfigs;
    // The append-only file (Redis 7.0's multi-part AOF); set through copy() so that the
    // RDB-only constructor keeps its shape.
    private boolean appendOnly;
    private AppendFsync appendFsync = AppendFsync.EVERYSEC;
    private String appendDirname = "appendonlydir";
    private String appendFilename = "appendonly.aof";
    private boolean aofLoadTruncated = true;
    private boolean aofUseRdbPreamble = true;

    private Persistence(Path directory, String dbFilename, List<SaveRule> saveRules, boolean rdbCompression,
            boolean rdbChecksum, boolean stopWritesOnBgsaveError, boolean enableProtectedConfigs) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.dbFilename = requireFileName(dbFilename);
        this.saveRules = List.copyOf(saveRules);
        this.rdbCompression = rdbCompression;
        this.rdbChecksum = rdbChecksum;
        this.stopWritesOnBgsaveError = stopWritesOnBgsaveError;
        this.enableProtectedConfigs = enableProtectedConfigs;
    }

    /** A copy with every field, the AOF ones included, for the withers below. */
    private Persistence copy(Path directory, String dbFilename, List<SaveRule> saveRules, boolean rdbCompression,
            boolean rdbChecksum, boolean stopWritesOnBgsaveError, boolean enableProtectedConfigs) {
        Persistence p = new Persistence(directory, dbFilename, saveRules, rdbCompression, rdbChecksum,
                stopWritesOnBgsaveError, enableProtectedConfigs);
        p.appendOnly = appendOnly;
        p.appendFsync = appendFsync;
        p.appendDirname = appendDirname;
        p.appendFilename = appendFilename;
        p.aofLoadTruncated = aofLoadTruncated;
        p.aofUseRdbPreamble = aofUseRdbPreamble;
        return p;
    }

    private Persistence copy() {
        return copy(directory, dbFilename, saveRules, rdbCompression, rdbChecksum, stopWritesOnBgsaveError,
                enableProtectedConfigs);
    }

    /**
     * Persistence in {@code directory} with Redis's defaults: {@code dump.rdb}, no save rules
     * (saves happen on {@code SAVE}, {@code BGSAVE} and the API), compression and checksum on,
     * {@code stop-writes-on-bgsave-error yes}.
     */
    public static Persistence in(Path directory) {
        return new Persistence(directory, "dump.rdb", List.of(), true, true, true, false);
    }

    /** Redis's check: {@code dbfilename} names a file in {@code dir}, never a path. */
    static String requireFileName(String name) {
        Objects.requireNonNull(name, "dbFilename");
        // Redis's pathIsBaseName: no '/'. A NUL byte cannot be in a file name at all.
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("dbfilename can't be a path, just a filename");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Invalid argument");
        }
        return name;
    }

    public Persistence directory(Path value) {
        return copy(value, dbFilename, saveRules, rdbCompression, rdbChecksum,
                stopWritesOnBgsaveError, enableProtectedConfigs);
    }

    public Persistence dbFilename(String value) {
        return copy(directory, value, saveRules, rdbCompression, rdbChecksum,
                stopWritesOnBgsaveError, enableProtectedConfigs);
    }

    /** The {@code save} rules; an empty list is {@code save ""} (no automatic saves). */
    public Persistence saveRules(List<SaveRule> value) {
        return copy(directory, dbFilename, value, rdbCompression, rdbChecksum,
                stopWritesOnBgsaveError, enableProtectedConfigs);
    }

    public Persistence saveRules(SaveRule... value) {
        return saveRules(List.of(value));
    }

    public Persistence rdbCompression(boolean value) {
        return copy(directory, dbFilename, saveRules, value, rdbChecksum,
                stopWritesOnBgsaveError, enableProtectedConfigs);
    }

    public Persistence rdbChecksum(boolean value) {
        return copy(directory, dbFilename, saveRules, rdbCompression, value,
                stopWritesOnBgsaveError, enableProtectedConfigs);
    }

    public Persistence stopWritesOnBgsaveError(boolean value) {
        return copy(directory, dbFilename, saveRules, rdbCompression, rdbChecksum, value, enableProtectedConfigs);
    }

    /**
     * {@code enable-protected-configs yes}: {@code CONFIG SET dir} and {@code dbfilename} are
     * allowed. Off by default, as in Redis 7.0, so a client cannot point the node's file
     * somewhere else.
     */
    public Persistence enableProtectedConfigs(boolean value) {
        return copy(directory, dbFilename, saveRules, rdbCompression, rdbChecksum, stopWritesOnBgsaveError,
                value);
    }

    public boolean enableProtectedConfigs() {
        return enableProtectedConfigs;
    }

    /**
     * {@code appendonly yes}: the node keeps Redis 7.0's multi-part append-only file in
     * {@code dir/appenddirname} (a base, incremental files, a manifest) and loads it at start
     * instead of {@code dir/dbfilename}.
     */
    public Persistence appendOnly(boolean value) {
        Persistence p = copy();
        p.appendOnly = value;
        return p;
    }

    public boolean appendOnly() {
        return appendOnly;
    }

    /** {@code appendfsync}: when the incremental file is flushed to disk ({@code everysec} by default). */
    public Persistence appendFsync(AppendFsync value) {
        Persistence p = copy();
        p.appendFsync = Objects.requireNonNull(value, "appendFsync");
        return p;
    }

    public AppendFsync appendFsync() {
        return appendFsync;
    }

    /** {@code appenddirname}: the AOF directory inside {@code dir} ({@code appendonlydir}); a name, not a path. */
    public Persistence appendDirname(String value) {
        Objects.requireNonNull(value, "appendDirname");
        if (value.isEmpty() || value.indexOf('/') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("appenddirname can't be a path, just a dirname");
        }
        Persistence p = copy();
        p.appendDirname = value;
        return p;
    }

    public String appendDirname() {
        return appendDirname;
    }

    /** {@code appendfilename}: the prefix of the AOF files and the manifest ({@code appendonly.aof}). */
    public Persistence appendFilename(String value) {
        Objects.requireNonNull(value, "appendFilename");
        if (value.isEmpty() || value.indexOf('/') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("appendfilename can't be a path, just a filename");
        }
        Persistence p = copy();
        p.appendFilename = value;
        return p;
    }

    public String appendFilename() {
        return appendFilename;
    }

    /** {@code aof-load-truncated}: a torn tail of the last file is cut off at load (yes, the default) or refused. */
    public Persistence aofLoadTruncated(boolean value) {
        Persistence p = copy();
        p.aofLoadTruncated = value;
        return p;
    }

    public boolean aofLoadTruncated() {
        return aofLoadTruncated;
    }

    /** {@code aof-use-rdb-preamble}: the base file is an RDB file (yes, the default) or commands. */
    public Persistence aofUseRdbPreamble(boolean value) {
        Persistence p = copy();
        p.aofUseRdbPreamble = value;
        return p;
    }

    public boolean aofUseRdbPreamble() {
        return aofUseRdbPreamble;
    }

    /** {@code dir/appenddirname}. */
    public Path aofDirectory() {
        return directory.resolve(appendDirname);
    }

    public Path directory() {
        return directory;
    }

    public String dbFilename() {
        return dbFilename;
    }

    /** {@code dir/dbfilename}. */
    public Path rdbFile() {
        return directory.resolve(dbFilename);
    }

    public List<SaveRule> saveRules() {
        return saveRules;
    }

    public boolean rdbCompression() {
        return rdbCompression;
    }

    public boolean rdbChecksum() {
        return rdbChecksum;
    }

    public boolean stopWritesOnBgsaveError() {
        return stopWritesOnBgsaveError;
    }

    @Override
    public String toString() {
        return "Persistence[dir=" + directory + ", dbfilename=" + dbFilename + ", save=" + saveRules
                + ", rdbcompression=" + rdbCompression + ", rdbchecksum=" + rdbChecksum
                + ", stop-writes-on-bgsave-error=" + stopWritesOnBgsaveError
                + ", enable-protected-configs=" + enableProtectedConfigs + ", appendonly=" + appendOnly
                + ", appendfsync=" + appendFsync + ", appenddirname=" + appendDirname + ", appendfilename="
                + appendFilename + "]";
    }
}
