/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.load;

import dev.tandem.core.snapshot.DatasetTarget;
import dev.tandem.core.Key;
import dev.tandem.core.value.RedisValue;
import dev.tandem.rdb.Printable;
import dev.tandem.rdb.RdbChecksum;
import dev.tandem.rdb.RdbErrorKind;
import dev.tandem.rdb.RdbFormatException;
import dev.tandem.rdb.RdbFunction;
import dev.tandem.rdb.RdbKey;
import dev.tandem.rdb.RdbWarning;

import dev.tandem.core.value.EncodingLimits;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads an RDB into a {@link DatasetTarget} (from {@code keyspace.newDatasetBuilder()}): feed
 * it to an {@link dev.tandem.rdb.RdbReader} as the visitor, then {@code commit()} or
 * {@code discard()} the builder — this class never does either, so a replica keeps serving
 * its old data until the new set is complete.
 *
 * <pre>{@code
 * DatasetBuilder builder = keyspace.newDatasetBuilder();
 * KeyspaceLoader loader = new KeyspaceLoader(builder);
 * RdbReader reader = new RdbReader(loader);
 * ... reader.feed(buf) as bytes arrive ..., reader.end();
 * builder.commit();
 * }</pre>
 *
 * <p>Keys are loaded as they are, expired ones included: a replica keeps them until its master
 * sends DEL. A database index the keyspace does not have and a key that appears twice in a
 * database are {@link RdbFormatException}s (Redis exits or panics on both). Values are built
 * as {@link CoreValueAssembler} describes. AUX fields are collected; the replication state a
 * Redis RDB carries ({@code repl-id}, {@code repl-offset}, {@code repl-stream-db}) is parsed.
 * Function libraries and LRU/LFU hints cannot be held by core and are counted.
 */
public final class KeyspaceLoader extends CoreValueAssembler {
    private final DatasetTarget builder;
    private final Map<String, byte[]> aux = new LinkedHashMap<>();
    private final Map<RdbWarning.Kind, Long> warnings = new EnumMap<>(RdbWarning.Kind.class);
    private int version;
    private long keysLoaded;
    private long keysWithExpiry;
    private long functionsSkipped;
    private RdbChecksum checksum;
    /** The database the last SELECTDB chose (RESIZEDB follows it). */
    private int currentDb;

    public KeyspaceLoader(DatasetTarget builder) {
        this.builder = builder;
    }

    @Override
    protected EncodingLimits encodingLimits() {
        return builder.encodingLimits();
    }

    // ---- results -------------------------------------------------------------------------

    /** The RDB version from the header, or 0 before it was read. */
    public int rdbVersion() {
        return version;
    }

    /** The AUX fields in file order (a later duplicate replaces an earlier value). */
    public Map<String, byte[]> auxFields() {
        return Collections.unmodifiableMap(aux);
    }

    /** The AUX field as UTF-8 text, if present. */
    public Optional<String> auxString(String name) {
        byte[] v = aux.get(name);
        return v == null ? Optional.empty() : Optional.of(new String(v, StandardCharsets.UTF_8));
    }

    /**
     * The replication ID ({@code repl-id}), when present and 40 characters long — Redis ignores
     * any other length.
     */
    public Optional<String> replId() {
        return auxString("repl-id").filter(id -> id.length() == 40);
    }

    /** The replication offset ({@code repl-offset}), or -1 when absent or not a number. */
    public long replOffset() {
        return auxString("repl-offset").map(KeyspaceLoader::parseLongOrMinusOne).orElse(-1L);
    }

    /** The database the replication stream had selected ({@code repl-stream-db}), or -1. */
    public int replStreamDb() {
        long db = auxString("repl-stream-db").map(KeyspaceLoader::parseLongOrMinusOne).orElse(-1L);
        return db >= 0 && db <= Integer.MAX_VALUE ? (int) db : -1;
    }

    /** Keys put into the builder. */
    public long keysLoaded() {
        return keysLoaded;
    }

    /** Loaded keys that carry an expiry (past ones included). */
    public long keysWithExpiry() {
        return keysWithExpiry;
    }

    /** Function libraries (FUNCTION2) in the file, which a core keyspace cannot hold. */
    public long functionsSkipped() {
        return functionsSkipped;
    }

    /** How many warnings of each kind the reader reported (skipped module data, empty keys...). */
    public Map<RdbWarning.Kind, Long> warningCounts() {
        return Collections.unmodifiableMap(warnings);
    }

    /** The checksum outcome once the whole file was read, else null. */
    public RdbChecksum checksum() {
        return checksum;
    }

    /** Whether the EOF and checksum were read. */
    public boolean isComplete() {
        return checksum != null;
    }

    // ---- visitor ------------------------------------------------------------------------

    @Override
    public void onHeader(int v) {
        version = v;
    }

    @Override
    public void onAux(byte[] key, byte[] value) {
        aux.put(new String(key, StandardCharsets.UTF_8), value);
    }

    @Override
    public void onSelectDb(int db) {
        if (db < 0 || db >= builder.databaseCount()) {
            throw new RdbFormatException(RdbErrorKind.BAD_LENGTH, "the RDB selects database " + db
                    + ", but this keyspace has " + builder.databaseCount() + " databases (0.."
                    + (builder.databaseCount() - 1) + ")", RdbFormatException.UNKNOWN_OFFSET);
        }
        currentDb = db;
    }

    /** Sizes the database's tables once (Redis's dictExpand on RESIZEDB) instead of doubling. */
    @Override
    public void onResizeDb(long dbSize, long expiresSize) {
        builder.sizeHint(currentDb, dbSize, expiresSize);
    }

    @Override
    public void onFunction(RdbFunction function) {
        functionsSkipped++;
    }

    @Override
    public void onWarning(RdbWarning warning) {
        warnings.merge(warning.kind(), 1L, Long::sum);
    }

    @Override
    protected void onValue(RdbKey key, RedisValue value) {
        long expireAt = key.hasExpiry() ? key.expireAtMs() : -1;
        if (key.hasExpiry() && expireAt < 0) {
            // A stored negative expiry other than -1 (pre-1970): already expired; keep it as
            // the earliest representable time so that it reads as expired, as in Redis.
            expireAt = 0;
        }
        if (!builder.put(key.db(), Key.of(key.key()), value, expireAt)) {
            throw new RdbFormatException(RdbErrorKind.DUPLICATE_KEY, "duplicate key " + Printable.of(key.key())
                    + " in db " + key.db(), key.offset());
        }
        keysLoaded++;
        if (expireAt >= 0) {
            keysWithExpiry++;
        }
    }

    @Override
    public void onEnd(RdbChecksum result) {
        checksum = result;
    }

    private static long parseLongOrMinusOne(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
