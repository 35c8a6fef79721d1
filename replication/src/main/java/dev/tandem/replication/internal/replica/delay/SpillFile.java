/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica.delay;

import dev.tandem.resp.RespCommand;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The part of a delayed replica's pending stream that did not fit in {@code
 * replica-delay-buffer-memory}: an append-only file of {@link HeldUnit}s, read back in order.
 *
 * <h2>Format (version 1; its record body is also {@link PendingFile}'s)</h2>
 * <pre>
 * header  : "TNDMDLY1" (8 ASCII bytes)
 * record* : int    bodyLength            (big-endian, as every number here)
 *           byte[] body
 *           int    crc32(body)
 * body    : long startOffset, long length, long receivedUnixMillis, long receivedMonoMillis,
 *           int db, byte execute (0/1), int commandCount,
 *           commandCount x { long wireLength, byte inline (0/1), int argc, argc x { int len, byte[len] } }
 * </pre>
 * A record is complete when its CRC matches; a torn last record (a crash mid-write) is the end
 * of the file. Offsets are those of the master's stream, so a reader that knows the data set's
 * applied offset (a snapshot's {@code repl-offset}) can check that the first record continues
 * it. {@code receivedMonoMillis} is meaningful only within one process; a reader in another
 * process computes due times from {@code receivedUnixMillis}.
 *
 * <p>Records are read back from a read position that only moves forward; once every record was
 * read the file is truncated to its header and reused. Not thread-safe: {@link PendingStream}
 * serializes access.
 */
final class SpillFile implements AutoCloseable {

    static final byte[] MAGIC = "TNDMDLY1".getBytes(StandardCharsets.US_ASCII);
    /** No unit body is larger: a length beyond it is corruption, never an allocation. */
    static final int MAX_BODY = 1 << 30;

    private final Path path;
    private final RandomAccessFile reader;
    private OutputStream out;
    private long writePosition;
    private long readPosition;
    /** Read-ahead: bytes of the file from {@link #windowStart}; valid until {@link #reset()}. */
    private static final int WINDOW = 1 << 20;
    private ByteBuffer window;
    private long windowStart;

    SpillFile(Path path) {
        this.path = path;
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.write(path, MAGIC); // per process: a restart resumes from PendingFile, never from this file
            this.reader = new RandomAccessFile(path.toFile(), "r");
            this.out = new BufferedOutputStream(Files.newOutputStream(path, java.nio.file.StandardOpenOption.APPEND),
                    64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the delayed replica's spill file " + path, e);
        }
        writePosition = MAGIC.length;
        readPosition = MAGIC.length;
    }

    Path path() {
        return path;
    }

    void append(HeldUnit unit) {
        byte[] body = encode(unit);
        CRC32 crc = new CRC32();
        crc.update(body);
        try {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(body.length);
            data.write(body);
            data.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delayed replica's spill file " + path, e);
        }
        writePosition += 8L + body.length;
    }

    /** The next record after the read position (the caller knows one exists); advances it. */
    HeldUnit readNext() {
        long[] next = new long[1];
        HeldUnit unit = readAt(readPosition, next);
        readPosition = next[0];
        return unit;
    }

    /**
     * Reads the records from the read position on, without moving it, while {@code visitor}
     * returns true (one record in memory at a time).
     */
    void scan(java.util.function.Predicate<HeldUnit> visitor) {
        long position = readPosition;
        long stop = writePosition;
        long[] next = new long[1];
        while (position < stop) {
            if (!visitor.test(readAt(position, next))) {
                return;
            }
            position = next[0];
        }
    }

    /** Pushes buffered records to the file (reads do it themselves). */
    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delayed replica's spill file " + path, e);
        }
    }

    /** Every record was read back: start over with an empty file. */
    void reset() {
        try {
            out.flush();
            out.close();
            try (RandomAccessFile truncate = new RandomAccessFile(path.toFile(), "rw")) {
                truncate.setLength(MAGIC.length);
            }
            out = new BufferedOutputStream(Files.newOutputStream(path, java.nio.file.StandardOpenOption.APPEND),
                    64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reset the delayed replica's spill file " + path, e);
        }
        writePosition = MAGIC.length;
        readPosition = MAGIC.length;
        window = null; // its bytes were of the old records
    }

    @Override
    public void close() {
        try {
            out.close();
            reader.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the delayed replica's spill file " + path, e);
        }
    }

    /**
     * Reads the record at {@code position} through a read-ahead window of {@link #WINDOW} bytes:
     * reading back is sequential, so one read serves thousands of small records (a read per
     * field would cost several system calls per unit and fall behind a busy master).
     */
    private HeldUnit readAt(long position, long[] next) {
        try {
            if (window == null || position < windowStart || position + 4 > windowStart + window.limit()) {
                load(position);
            }
            int at = (int) (position - windowStart);
            int length = window.getInt(at);
            if (length < 0 || length > MAX_BODY || position + 8L + length > writePosition) {
                throw new IOException("corrupt record at " + position + " (length " + length + ")");
            }
            if (at + 8L + length > window.limit()) {
                load(position);
                at = 0;
                if (8L + length > window.limit()) {
                    return readLarge(position, length, next); // larger than the window
                }
            }
            byte[] body = new byte[length];
            window.get(at + 4, body);
            int expected = window.getInt(at + 4 + length);
            return checked(position, body, expected, next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the delayed replica's spill file " + path, e);
        }
    }

    private void load(long position) throws IOException {
        out.flush();
        if (window == null) {
            window = ByteBuffer.allocate(WINDOW);
        }
        window.clear();
        window.limit((int) Math.min(WINDOW, writePosition - position));
        int read = 0;
        while (window.hasRemaining()) {
            int n = reader.getChannel().read(window, position + read);
            if (n < 0) {
                throw new IOException("the file ends at " + (position + read) + ", before " + writePosition);
            }
            read += n;
        }
        window.flip();
        windowStart = position;
    }

    private HeldUnit readLarge(long position, int length, long[] next) throws IOException {
        reader.seek(position + 4);
        byte[] body = new byte[length];
        reader.readFully(body);
        return checked(position, body, reader.readInt(), next);
    }

    private HeldUnit checked(long position, byte[] body, int expected, long[] next) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        if ((int) crc.getValue() != expected) {
            throw new IOException("record at " + position + " fails its CRC");
        }
        next[0] = position + 8L + body.length;
        return decode(body);
    }

    static byte[] encode(HeldUnit unit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream data = new DataOutputStream(bytes);
        try {
            data.writeLong(unit.startOffset());
            data.writeLong(unit.length());
            data.writeLong(unit.receivedUnixMillis());
            data.writeLong(unit.receivedMonoMillis());
            data.writeInt(unit.db());
            data.writeByte(unit.execute() ? 1 : 0);
            data.writeInt(unit.commands().size());
            for (RespCommand command : unit.commands()) {
                data.writeLong(command.wireLength());
                data.writeByte(command.isInline() ? 1 : 0);
                data.writeInt(command.argc());
                for (byte[] arg : command.argv()) {
                    data.writeInt(arg.length);
                    data.write(arg);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    static HeldUnit decode(byte[] body) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            long start = in.getLong();
            long length = in.getLong();
            long unix = in.getLong();
            long mono = in.getLong();
            int db = in.getInt();
            boolean execute = in.get() != 0;
            int count = in.getInt();
            if (count <= 0 || count > in.remaining()) {
                throw new IOException("corrupt record: " + count + " commands");
            }
            List<RespCommand> commands = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long wire = in.getLong();
                boolean inline = in.get() != 0;
                int argc = in.getInt();
                if (argc < 0 || argc > in.remaining() / 4) {
                    throw new IOException("corrupt record: " + argc + " arguments");
                }
                byte[][] argv = new byte[argc][];
                for (int a = 0; a < argc; a++) {
                    int len = in.getInt();
                    if (len < 0 || len > in.remaining()) {
                        throw new IOException("corrupt record: argument of " + len + " bytes");
                    }
                    argv[a] = new byte[len];
                    in.get(argv[a]);
                }
                commands.add(new RespCommand(argv, wire, inline));
            }
            return new HeldUnit(start, length, unix, mono, db, execute, commands);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("corrupt record: truncated body", e);
        }
    }


}
