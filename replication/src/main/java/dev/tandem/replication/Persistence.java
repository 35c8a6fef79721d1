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
 * default, for in-process nodes).
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
        return new Persistence(value, dbFilename, saveRules, rdbCompression, rdbChecksum,
                stopWritesOnBgsaveError, enableProtectedConfigs);
    }

    public Persistence dbFilename(String value) {
        return new Persistence(directory, value, saveRules, rdbCompression, rdbChecksum,
                stopWritesOnBgsaveError, enableProtectedConfigs);
    }

    /** The {@code save} rules; an empty list is {@code save ""} (no automatic saves). */
    public Persistence saveRules(List<SaveRule> value) {
        return new Persistence(directory, dbFilename, value, rdbCompression, rdbChecksum,
                stopWritesOnBgsaveError, enableProtectedConfigs);
    }

    public Persistence saveRules(SaveRule... value) {
        return saveRules(List.of(value));
    }

    public Persistence rdbCompression(boolean value) {
        return new Persistence(directory, dbFilename, saveRules, value, rdbChecksum,
                stopWritesOnBgsaveError, enableProtectedConfigs);
    }

    public Persistence rdbChecksum(boolean value) {
        return new Persistence(directory, dbFilename, saveRules, rdbCompression, value,
                stopWritesOnBgsaveError, enableProtectedConfigs);
    }

    public Persistence stopWritesOnBgsaveError(boolean value) {
        return new Persistence(directory, dbFilename, saveRules, rdbCompression, rdbChecksum, value, enableProtectedConfigs);
    }

    /**
     * {@code enable-protected-configs yes}: {@code CONFIG SET dir} and {@code dbfilename} are
     * allowed. Off by default, as in Redis 7.0, so a client cannot point the node's file
     * somewhere else.
     */
    public Persistence enableProtectedConfigs(boolean value) {
        return new Persistence(directory, dbFilename, saveRules, rdbCompression, rdbChecksum, stopWritesOnBgsaveError,
                value);
    }

    public boolean enableProtectedConfigs() {
        return enableProtectedConfigs;
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
                + ", enable-protected-configs=" + enableProtectedConfigs + "]";
    }
}
