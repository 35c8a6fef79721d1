/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.rdb.internal.codec.Crc64;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Push-style streaming RDB reader for versions 1–12 (Redis ≤ 2.4 through 7.4).
 *
 * <p>Feed bytes as they arrive ({@link #feed(ByteBuf)}, {@link #feed(byte[], int, int)}) and
 * call {@link #end()} when the input is over; the reader emits {@link RdbVisitor} events as
 * soon as each item is complete. It keeps only the bytes of the item in progress, so a file
 * of any size streams through bounded memory (plus the largest single string or blob, which
 * must exist in memory anyway, capped by {@link RdbReaderConfig#maxStringLength()}). Large
 * collections are emitted in batches.
 *
 * <p><b>States.</b> {@code HEADER} (magic + version) → {@code TOP} (one opcode with its
 * arguments, or an object type and key) → {@code VALUE} (a {@link ValueDecoder} for the
 * key's type, one unit at a time) → back to {@code TOP} … → {@code CHECKSUM} (after the EOF
 * opcode, version ≥ 5) → {@code DONE}; any error → {@code FAILED}. Each unit is parsed from
 * a checkpoint and committed only once complete (see {@link RdbInput}); the CRC-64 covers
 * committed bytes, from {@code R} of {@code REDIS} to the EOF opcode.
 *
 * <p><b>Errors</b> are {@link RdbFormatException}s with a kind and the byte offset:
 * bad magic (naming what was found, e.g. {@code "VALKEY080"}), unsupported version, truncation
 * (at {@link #end()}), bad checksum, unknown type or encoding, impossible or over-limit
 * lengths, NaN scores and corrupt blobs. After an error the reader refuses further input.
 * Duplicate keys are detected by wrapping the visitor in a {@link DuplicateKeyDetector}.
 *
 * <p><b>Lenience, as Redis:</b> no cross-check of type ids against the declared version;
 * non-canonical lengths accepted; unknown AUX fields passed through; bytes after the
 * checksum not consumed (counted by {@link #trailingBytes()}); a zero checksum means "not
 * computed"; empty collections skipped with a warning; module type-7 values and MODULE_AUX
 * skipped with a counted warning unless {@link RdbReaderConfig.ModulePolicy#REJECT}.
 *
 * <p>Not thread-safe: feed from one thread (e.g. a Netty event loop).
 */
public final class RdbReader {
    private static final int MAGIC_LENGTH = 9;
    private static final int MIN_VERSION = 1;
    /** First version whose files end with a CRC-64. */
    private static final int FIRST_CHECKSUM_VERSION = 5;
    private static final int STREAM_CHUNK = 64 * 1024;

    private enum State { HEADER, TOP, VALUE, CHECKSUM, DONE, FAILED }

    private final RdbVisitor visitor;
    private final RdbReaderConfig config;
    private final RdbInput input;
    private final Crc64 crc = new Crc64();
    private final ReaderContext ctx;
    private final Map<RdbWarning.Kind, Long> warnings = new EnumMap<>(RdbWarning.Kind.class);

    private State state = State.HEADER;
    private int version;
    private int db;
    private long pendingExpireAt = RdbKey.NO_EXPIRY;
    private long pendingIdle = -1;
    private int pendingFreq = -1;
    private ValueDecoder value;
    /** The key whose value is being decoded, for messages. */
    private RdbKey currentKey;
    private RdbChecksum checksum;
    private long trailingBytes;
    private long keyCount;

    public RdbReader(RdbVisitor visitor) {
        this(visitor, RdbReaderConfig.defaults());
    }

    public RdbReader(RdbVisitor visitor, RdbReaderConfig config) {
        this.visitor = visitor;
        this.config = config;
        this.input = new RdbInput(config.maxStringLength());
        this.ctx = new ReaderContext(input, visitor, config, this::warn);
    }

    // ---- convenience -------------------------------------------------------------------

    /** Reads a whole stream in chunks, calling {@link #end()}; returns the finished reader. */
    public static RdbReader read(InputStream in, RdbVisitor visitor, RdbReaderConfig config) throws IOException {
        RdbReader reader = new RdbReader(visitor, config);
        byte[] chunk = new byte[STREAM_CHUNK];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            reader.feed(chunk, 0, n);
        }
        reader.end();
        return reader;
    }

    /** Reads a whole file in chunks; returns the finished reader. */
    public static RdbReader read(Path file, RdbVisitor visitor, RdbReaderConfig config) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, visitor, config);
        }
    }

    public static RdbReader read(Path file, RdbVisitor visitor) throws IOException {
        return read(file, visitor, RdbReaderConfig.defaults());
    }

    // ---- feeding -----------------------------------------------------------------------

    /**
     * Consumes the readable bytes of {@code buf} that belong to the RDB: all of them, unless
     * the RDB ends inside this buffer, in which case the reader index is left just after the
     * checksum, so that whatever follows (e.g. the replication stream on the same socket) stays
     * readable. Does not release {@code buf}.
     */
    public void feed(ByteBuf buf) {
        checkOpen();
        int offered = buf.readableBytes();
        if (state == State.DONE) {
            trailingBytes += offered;
            return;
        }
        input.append(buf);
        int leftover = parse();
        buf.readerIndex(buf.readerIndex() - leftover);
    }

    /** Feeds a whole array; see {@link #feed(byte[], int, int)}. */
    public int feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /**
     * Feeds {@code length} bytes.
     *
     * @return how many of them belong to the RDB: {@code length}, or fewer if the RDB ended
     *         inside this range (0 once it has ended); the rest is not consumed
     */
    public int feed(byte[] bytes, int offset, int length) {
        checkOpen();
        if (state == State.DONE) {
            trailingBytes += length;
            return 0;
        }
        input.append(bytes, offset, length);
        return length - parse();
    }

    /**
     * Signals the end of input.
     *
     * @throws RdbFormatException {@link RdbErrorKind#TRUNCATED} if the file was not complete
     *                            (or {@link RdbErrorKind#BAD_MAGIC} if it never looked like one)
     */
    public void end() {
        checkOpen();
        if (state == State.DONE) {
            return;
        }
        String where = describePosition();
        state = State.FAILED;
        if (version == 0) {
            byte[] head = input.pendingBytes(MAGIC_LENGTH);
            if (!looksLikeMagicPrefix(head)) {
                throw badMagic(head);
            }
        }
        throw new RdbFormatException(RdbErrorKind.TRUNCATED, "truncated RDB: input ended inside " + where
                + " that started at offset " + input.markOffset(), input.received());
    }

    /** Whether the EOF opcode and checksum have been read. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /** The header's version, or 0 before the header was read. */
    public int version() {
        return version;
    }

    /** The checksum outcome, or null before the end. */
    public RdbChecksum checksum() {
        return checksum;
    }

    /** Bytes consumed by completed items so far (the stream offset of the next item). */
    public long offset() {
        return input.markOffset();
    }

    /**
     * Bytes offered after the end of the RDB (after its checksum), which the reader did not
     * consume. Redis ignores such bytes in a file.
     */
    public long trailingBytes() {
        return trailingBytes;
    }

    /** Keys started so far, skipped module values included. */
    public long keyCount() {
        return keyCount;
    }

    public long warningCount(RdbWarning.Kind kind) {
        return warnings.getOrDefault(kind, 0L);
    }

    public long warningCount() {
        return warnings.values().stream().mapToLong(Long::longValue).sum();
    }

    // ---- the state machine -------------------------------------------------------------

    private void checkOpen() {
        if (state == State.FAILED) {
            throw new IllegalStateException("the RDB reader failed earlier and accepts no more input");
        }
    }

    /**
     * Parses as many complete units as the input holds.
     *
     * @return the number of bytes from the latest feed that lie after the end of the RDB (0
     *         unless this call reached the end); they are dropped from the input, not consumed
     */
    private int parse() {
        if (!input.retryUseful()) {
            return 0;
        }
        try {
            while (state != State.DONE) {
                try {
                    step();
                } catch (RdbInput.Underflow u) {
                    input.rewind();
                    return 0;
                }
                // The checksum unit itself is not covered by the checksum.
                input.commit(state == State.DONE ? null : crc);
            }
        } catch (RdbFormatException e) {
            state = State.FAILED;
            throw e.byteOffset() == RdbFormatException.UNKNOWN_OFFSET ? e.at(input.markOffset()) : e;
        } catch (RuntimeException | Error e) {
            state = State.FAILED;
            throw e;
        }
        // DONE. A unit is parsed as soon as its last byte arrives, so whatever else is buffered
        // came with the latest feed.
        int leftover = input.dropUncommitted();
        trailingBytes += leftover;
        return leftover;
    }

    private void step() {
        switch (state) {
            case HEADER -> readHeader();
            case TOP -> readTopLevel();
            case VALUE -> {
                if (value.step()) {
                    value = null;
                    currentKey = null;
                    state = State.TOP;
                }
            }
            case CHECKSUM -> readChecksum();
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void readHeader() {
        byte[] head = input.bytes(MAGIC_LENGTH);
        if (!looksLikeMagicPrefix(head)) {
            throw badMagic(head);
        }
        int v = 0;
        for (int i = 5; i < MAGIC_LENGTH; i++) {
            v = v * 10 + (head[i] - '0');
        }
        if (v < MIN_VERSION || v > RdbOpcodes.MAX_VERSION) {
            throw new RdbFormatException(RdbErrorKind.UNSUPPORTED_VERSION, "unsupported RDB version " + v
                    + " (this reader handles 1.." + RdbOpcodes.MAX_VERSION + ")", 5);
        }
        version = v;
        state = State.TOP;
        visitor.onHeader(v);
    }

    /** "REDIS" followed by digits, as far as the bytes go. */
    private static boolean looksLikeMagicPrefix(byte[] head) {
        byte[] magic = "REDIS".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < head.length; i++) {
            boolean ok = i < magic.length ? head[i] == magic[i] : head[i] >= '0' && head[i] <= '9';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static RdbFormatException badMagic(byte[] head) {
        return new RdbFormatException(RdbErrorKind.BAD_MAGIC, "not an RDB file: bad magic "
                + Printable.of(head) + " (expected \"REDIS\" and 4 version digits)", 0);
    }

    private void readTopLevel() {
        RdbInput in = input;
        long at = in.offset();
        int opcode = in.u8();
        switch (opcode) {
            case RdbOpcodes.EOF -> {
                if (version >= FIRST_CHECKSUM_VERSION) {
                    state = State.CHECKSUM;
                } else {
                    finish(new RdbChecksum(RdbChecksum.Status.ABSENT, 0, crc.value()));
                }
            }
            case RdbOpcodes.SELECTDB -> {
                long index = in.length();
                if (index < 0 || index > Integer.MAX_VALUE) {
                    throw new RdbFormatException(RdbErrorKind.BAD_LENGTH, "impossible database index "
                            + Long.toUnsignedString(index), at);
                }
                db = (int) index;
                visitor.onSelectDb(db);
            }
            case RdbOpcodes.RESIZEDB -> {
                long dbSize = in.length();
                long expiresSize = in.length();
                visitor.onResizeDb(dbSize, expiresSize);
            }
            case RdbOpcodes.AUX -> {
                byte[] k = in.string();
                byte[] v = in.string();
                visitor.onAux(k, v);
            }
            case RdbOpcodes.EXPIRETIME_MS -> pendingExpireAt = in.le(8);
            case RdbOpcodes.EXPIRETIME -> pendingExpireAt = in.le(4) * 1000L;
            case RdbOpcodes.FREQ -> pendingFreq = in.u8();
            case RdbOpcodes.IDLE -> pendingIdle = in.length();
            case RdbOpcodes.FUNCTION2 -> {
                byte[] code = in.string();
                visitor.onFunction(RdbFunction.of(code));
            }
            case RdbOpcodes.FUNCTION_PRE_GA -> {
                byte[] name = in.string();
                byte[] engine = in.string();
                long hasDescription = in.length();
                byte[] description = hasDescription != 0 ? in.string() : null;
                byte[] code = in.string();
                visitor.onFunction(new RdbFunction(code, name, engine, description, true));
            }
            case RdbOpcodes.SLOT_INFO -> {
                long slot = in.length();
                long slotSize = in.length();
                long expiresSlotSize = in.length();
                visitor.onSlotInfo(slot, slotSize, expiresSlotSize);
            }
            case RdbOpcodes.MODULE_AUX -> readModuleAuxHeader(in, at);
            default -> readKey(in, opcode, at);
        }
    }

    private void readModuleAuxHeader(RdbInput in, long at) {
        RdbModuleId module = new RdbModuleId(in.length());
        long whenOpcodeAt = in.offset();
        long whenOpcode = in.length();
        long when = in.length();
        if (whenOpcode != RdbOpcodes.MODULE_OPCODE_UINT) {
            throw new RdbFormatException(RdbErrorKind.UNKNOWN_ENCODING, "module aux 'when' opcode "
                    + Long.toUnsignedString(whenOpcode) + " (expected 2) for module " + module.typeName(), whenOpcodeAt);
        }
        if (config.modulePolicy() == RdbReaderConfig.ModulePolicy.REJECT) {
            throw new RdbFormatException(RdbErrorKind.MODULE_REJECTED, "aux data of module type "
                    + module.typeName() + " rejected (module data cannot be loaded without the module)", at);
        }
        value = ModuleSkipper.forAux(ctx, module, when, at);
        state = State.VALUE;
    }

    private void readKey(RdbInput in, int type, long at) {
        if (!RdbTypes.isObjectType(type)) {
            throw new RdbFormatException(RdbErrorKind.UNKNOWN_TYPE, "unknown RDB type " + type, at);
        }
        byte[] keyBytes = in.string();
        RdbKey key = new RdbKey(db, keyBytes, type, pendingExpireAt, pendingIdle, pendingFreq, at);
        if (type == RdbTypes.MODULE_PRE_GA) {
            throw new RdbFormatException(RdbErrorKind.MODULE_REJECTED, "key " + Printable.of(keyBytes)
                    + " has a pre-GA module value (RDB type 6), which has no framing and cannot be skipped", at);
        }
        pendingExpireAt = RdbKey.NO_EXPIRY;
        pendingIdle = -1;
        pendingFreq = -1;
        keyCount++;
        currentKey = key;
        value = ValueDecoder.forKey(ctx, key);
        state = State.VALUE;
    }

    private void readChecksum() {
        long at = input.offset();
        long stored = input.le(8);
        long computed = crc.value();
        RdbChecksum.Status status;
        if (stored == 0) {
            status = RdbChecksum.Status.DISABLED_IN_FILE;
        } else if (!config.verifyChecksum()) {
            status = RdbChecksum.Status.NOT_VERIFIED;
        } else if (stored == computed) {
            status = RdbChecksum.Status.VERIFIED;
        } else {
            throw new RdbFormatException(RdbErrorKind.BAD_CHECKSUM, "bad checksum: expected "
                    + RdbChecksum.hex(computed) + " (computed) got " + RdbChecksum.hex(stored) + " (stored)", at);
        }
        finish(new RdbChecksum(status, stored, computed));
    }

    private void finish(RdbChecksum result) {
        checksum = result;
        state = State.DONE;
        visitor.onEnd(result);
    }

    private String describePosition() {
        return switch (state) {
            case HEADER -> "the header";
            case TOP -> "an opcode or key";
            case VALUE -> currentKey == null ? "module aux data"
                    : "the value of key " + Printable.of(currentKey.key());
            case CHECKSUM -> "the checksum";
            default -> "the stream";
        };
    }

    private void warn(RdbWarning.Kind kind, String message, long offset) {
        warnings.merge(kind, 1L, Long::sum);
        visitor.onWarning(new RdbWarning(kind, message, offset));
    }
}
