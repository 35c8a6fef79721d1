/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.core.Key;
import dev.tandem.core.snapshot.SnapshotInfo;
import dev.tandem.core.snapshot.SnapshotSink;
import dev.tandem.core.value.RedisValue;
import dev.tandem.rdb.RdbOpcodes;
import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Turns a forkless snapshot ({@link dev.tandem.core.internal.Keyspace#startSnapshot}) into an RDB byte
 * stream, handed out in chunks of {@link RdbWriterOptions#chunkSize()} bytes (the last one,
 * and one cut short by a field of up to 9 bytes that did not fit, are smaller); a large value
 * spans several chunks.
 *
 * <p><b>Layout.</b> {@code begin} writes {@code REDIS000<version>} and the AUX fields
 * {@code redis-ver}, {@code redis-bits}, {@code ctime}, {@code used-mem}, then the extra ones
 * from the options (replication state). Each {@code entry} writes SELECTDB when its database
 * differs from the previous entry's (entries arrive in any db order, since side-saves
 * interleave with the walk, so a database may be selected more than once), RESIZEDB with the
 * snapshot's counts at the first selection of each database, the expiry (EXPIRETIME_MS) if
 * any, the type, the key and the value. {@code end} writes EOF and the CRC-64 of everything
 * before it, little-endian, and hands over the last chunk.
 *
 * <p><b>Threading.</b> Calls come under the keyspace's lock, one at a time, possibly from
 * different threads (the lock orders them). The writer only fills buffers and passes
 * completed ones to the output consumer, which takes ownership (it must release them) and
 * must not block or do I/O either: queue the chunk and let the snapshot's driver apply
 * back-pressure between {@link dev.tandem.core.snapshot.Snapshot#step steps}. Values are read
 * only during {@code entry}, as the sink contract requires. If the snapshot is aborted,
 * call {@link #discard()}: it drops the bytes not yet handed over and refuses further calls.
 *
 * <p>Empty collections (which a well-formed keyspace never holds) are skipped and counted in
 * {@link #skippedEmptyValues()}, because Redis would reject or drop them.
 */
public final class RdbSnapshotWriter implements SnapshotSink {
    private enum State { NEW, WRITING, DONE, DISCARDED, FAILED }

    private final RdbWriterOptions options;
    private final ChunkedOutput out;
    private final RdbEncoder enc;
    private final ValueSerializer values;
    private final LongSupplier clockMillis;
    private final LongSupplier usedMemory;

    private State state = State.NEW;
    private SnapshotInfo info;
    private int currentDb = -1;
    private boolean[] resized = new boolean[0];
    private volatile long keysWritten;
    private volatile long bytesWritten;
    private long skippedEmptyValues;

    public RdbSnapshotWriter(RdbWriterOptions options, Consumer<ByteBuf> output) {
        this(options, output, System::currentTimeMillis, RdbSnapshotWriter::heapInUse);
    }

    /**
     * A writer whose {@code ctime} and {@code used-mem} AUX fields come from {@code clockMillis}
     * and {@code usedMemory}: a deterministic simulation gives its virtual clock and a constant,
     * so that the same data set gives the same bytes.
     */
    public RdbSnapshotWriter(RdbWriterOptions options, Consumer<ByteBuf> output, LongSupplier clockMillis,
            LongSupplier usedMemory) {
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
        this.usedMemory = Objects.requireNonNull(usedMemory, "usedMemory");
        this.options = options;
        this.out = new ChunkedOutput(options.allocator(), options.chunkSize(), output);
        this.enc = new RdbEncoder(out, options.compressStrings());
        this.values = new ValueSerializer(enc, options.version());
    }

    private static long heapInUse() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Override
    public void begin(SnapshotInfo snapshotInfo) {
        requireState(State.NEW, "begin");
        state = State.WRITING;
        this.info = snapshotInfo;
        this.resized = new boolean[Math.max(0, snapshotInfo.databases())];
        enc.raw(String.format(Locale.ROOT, "REDIS%04d", options.version()).getBytes(StandardCharsets.US_ASCII));
        aux("redis-ver", options.redisVersion().getBytes(StandardCharsets.UTF_8));
        aux("redis-bits", ascii("64"));
        aux("ctime", ascii(Long.toString(clockMillis.getAsLong() / 1000)));
        aux("used-mem", ascii(Long.toString(usedMemory.getAsLong())));
        for (Map.Entry<String, byte[]> e : options.auxFields().entrySet()) {
            aux(e.getKey(), e.getValue());
        }
        updateCounters();
    }

    @Override
    public void entry(int db, Key key, RedisValue value, long expireAtMillis) {
        requireState(State.WRITING, "entry");
        int type = values.typeOf(value);
        if (type < 0) {
            skippedEmptyValues++;
            return;
        }
        try {
            writeEntry(db, key, value, expireAtMillis, type);
        } catch (RuntimeException | Error e) {
            // Half an entry is in the buffer: the stream is unusable from here on.
            state = State.FAILED;
            out.discard();
            throw e;
        }
    }

    private void writeEntry(int db, Key key, RedisValue value, long expireAtMillis, int type) {
        if (db != currentDb) {
            enc.u8(RdbOpcodes.SELECTDB);
            enc.length(db);
            currentDb = db;
            if (options.emitResizeDb() && db >= 0 && db < resized.length && !resized[db]) {
                resized[db] = true;
                enc.u8(RdbOpcodes.RESIZEDB);
                enc.length(count(info.keysPerDb(), db));
                enc.length(count(info.expiresPerDb(), db));
            }
        }
        if (expireAtMillis >= 0) {
            enc.u8(RdbOpcodes.EXPIRETIME_MS);
            enc.millis(expireAtMillis);
        }
        enc.u8(type);
        enc.string(key.bytes());
        values.write(value, type);
        keysWritten++;
        updateCounters();
    }

    @Override
    public void end() {
        requireState(State.WRITING, "end");
        state = State.DONE;
        out.finish(RdbOpcodes.EOF, true);
        bytesWritten = out.bytesWritten();
    }

    /**
     * Drops the bytes not yet handed over; for a snapshot that was aborted. No more calls may
     * follow. Idempotent, and a no-op after {@link #end()}.
     */
    public void discard() {
        if (state == State.DONE || state == State.DISCARDED || state == State.FAILED) {
            return;
        }
        state = State.DISCARDED;
        out.discard();
    }

    /** Keys serialized so far. Safe to read from any thread. */
    public long keysWritten() {
        return keysWritten;
    }

    /**
     * Bytes produced so far, including the chunk still being filled (updated after each
     * entry). Safe to read from any thread.
     */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** Whether {@link #end()} has written the EOF and checksum. */
    public boolean isComplete() {
        return state == State.DONE;
    }

    /** Empty collections that were left out. */
    public long skippedEmptyValues() {
        return skippedEmptyValues;
    }

    /** Strings (values, members, blobs) that were written LZF-compressed. */
    public long compressedStrings() {
        return enc.compressedStrings();
    }

    private void aux(String key, byte[] value) {
        enc.u8(RdbOpcodes.AUX);
        enc.string(key.getBytes(StandardCharsets.UTF_8));
        enc.string(value);
    }

    private void updateCounters() {
        bytesWritten = out.bytesWritten();
    }

    private static long count(long[] counts, int db) {
        return counts != null && db < counts.length ? Math.max(0, counts[db]) : 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void requireState(State expected, String call) {
        if (state != expected) {
            throw new IllegalStateException(call + "() called in state " + state + " (expected " + expected + ")");
        }
    }
}
