/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica.delay;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * A delayed replica's pending stream kept on disk next to its RDB file, so that a restart with
 * persistence resumes it ({@code <dbfilename>.pending}). Write-through: every held unit is
 * appended on arrival; the file is flushed to the operating system on every cron tick and
 * fsynced when it is rewritten after a save and when the node closes.
 *
 * <h2>Format (version 1)</h2>
 * <pre>
 * header  : "TNDMPND1" (8 ASCII bytes), byte[40] replid (ASCII), long baseOffset,
 *           int crc32(replid, baseOffset)                (big-endian, as every number here)
 * record* : int bodyLength, byte[] body, int crc32(body)  (body: as {@link SpillFile}'s)
 * </pre>
 * The records are the units of the master's stream {@code replid} from {@code baseOffset + 1}
 * on, contiguous and in order. The file keeps every unit received since its base, applied or
 * not: an RDB file written at applied offset A (A &ge; base) is continued by the records from
 * A + 1 on, whatever was applied after the snapshot began. After each save the file is rewritten
 * from A (the records before it are dropped). A torn last record (a crash mid-write) ends the
 * file; a record with a wrong CRC, another replid or a gap at A makes the whole file unusable.
 *
 * <p>Not thread-safe: {@link DelayController} calls it under the pending stream's monitor.
 */
final class PendingFile implements AutoCloseable {

    static final byte[] MAGIC = "TNDMPND1".getBytes(StandardCharsets.US_ASCII);
    static final int REPLID_LENGTH = 40;
    static final int HEADER = MAGIC.length + REPLID_LENGTH + 8 + 4;

    private final Supplier<Path> path;
    /** The open file (appending), or null until the next unit creates one. */
    private Path openPath;
    private FileOutputStream file;
    private DataOutputStream out;

    /** @param path where the file is; asked each time one is created (it follows {@code dir}/{@code dbfilename}) */
    PendingFile(Supplier<Path> path) {
        this.path = path;
    }

    Path path() {
        return path.get();
    }

    /** Appends a unit; the first one after a clear creates the file with its header. */
    void append(HeldUnit unit, String replid) {
        try {
            if (out == null) {
                create(replid, unit.startOffset() - 1);
            }
            writeRecord(out, SpillFile.encode(unit));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the delayed replica's pending file " + openPath, e);
        }
    }

    /** Pushes buffered records to the operating system (a process crash then loses nothing). */
    void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the delayed replica's pending file " + openPath, e);
            }
        }
    }

    /** The pending stream was dropped (a full sync, a promotion, a new master): so is the file. */
    void clear() {
        closeQuietly();
        try {
            Files.deleteIfExists(path.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the delayed replica's pending file " + path.get(), e);
        }
    }

    /**
     * Rewrites the file after a save at applied offset {@code applied}: keeps the records from
     * {@code applied + 1} on, under {@code replid}, fsynced and renamed into place. Only the
     * records' offsets are decoded; the rest is copied as it is.
     */
    void rewrite(String replid, long applied) {
        Path target = path.get();
        if (out == null) {
            return; // no units held since the last clear
        }
        flush();
        Path source = openPath;
        closeQuietly();
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (InputStream raw = Files.newInputStream(source);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024));
                FileOutputStream fos = new FileOutputStream(temp.toFile());
                DataOutputStream copy = new DataOutputStream(new BufferedOutputStream(fos, 64 * 1024))) {
            long[] position = {0};
            long size = Files.size(source);
            readHeader(in, position);
            writeHeader(copy, replid, applied);
            long expected = applied + 1;
            while (true) {
                byte[] body = readRecord(in, position, size);
                if (body == null) {
                    break;
                }
                long start = ByteBuffer.wrap(body).getLong();
                if (start <= applied) {
                    continue;
                }
                if (start != expected) {
                    break; // not contiguous (a damaged file): keep the valid prefix
                }
                writeRecord(copy, body);
                expected = start + ByteBuffer.wrap(body).getLong(8);
            }
            copy.flush();
            fos.getFD().sync();
        } catch (IOException | RuntimeException e) {
            // Without a usable file the restart resumes from the RDB's offset (the master resends).
            deleteQuietly(temp);
            deleteQuietly(target);
            throw new UncheckedIOException("cannot rewrite the delayed replica's pending file " + target
                    + "; dropped it", e instanceof IOException io ? io : new IOException(e));
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (!target.equals(source)) {
                deleteQuietly(source); // dir or dbfilename changed since the file was created
            }
            open(target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot replace the delayed replica's pending file " + target, e);
        }
    }

    /** Fsyncs and closes the file, which stays for the next start (the node closes). */
    @Override
    public void close() {
        if (out != null) {
            try {
                out.flush();
                file.getFD().sync();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync the delayed replica's pending file " + openPath, e);
            } finally {
                closeQuietly();
            }
        }
    }

    // ------------------------------------------------------------------ reading at start

    /** Why a pending file cannot continue the loaded data set. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the file's units that continue the data set loaded at {@code applied} under
     * {@code replid}, oldest first, one record in memory at a time, and rewrites the file to
     * exactly them (a torn tail cut off), ready for appends.
     *
     * @return false when there is no file
     * @throws Unusable when the file names another history, does not reach {@code applied + 1},
     *     has a gap, or a record fails its CRC (the caller drops it)
     */
    boolean restore(String replid, long applied, Consumer<HeldUnit> units) throws Unusable, IOException {
        Path target = path.get();
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (InputStream raw = Files.newInputStream(target);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 * 1024));
                FileOutputStream fos = new FileOutputStream(temp.toFile());
                DataOutputStream copy = new DataOutputStream(new BufferedOutputStream(fos, 64 * 1024))) {
            long[] position = {0};
            long size = Files.size(target);
            Header header = readHeader(in, position);
            if (!header.replid().equalsIgnoreCase(replid)) {
                throw new Unusable("it continues replication id " + header.replid() + ", the RDB file " + replid);
            }
            if (header.base() > applied) {
                throw new Unusable("it starts after offset " + header.base() + ", the RDB file's data set ends at "
                        + applied + " (a gap)");
            }
            writeHeader(copy, replid, applied);
            long expected = header.base() + 1;
            while (true) {
                byte[] body = readRecord(in, position, size);
                if (body == null) {
                    break;
                }
                HeldUnit unit = SpillFile.decode(body);
                if (unit.startOffset() != expected) {
                    throw new Unusable("the unit at offset " + unit.startOffset() + " does not follow offset "
                            + (expected - 1) + " (a gap)");
                }
                expected = unit.endOffset() + 1;
                if (unit.startOffset() <= applied) {
                    if (unit.endOffset() > applied) {
                        throw new Unusable("the unit at offset " + unit.startOffset()
                                + " straddles the RDB file's offset " + applied);
                    }
                    continue; // applied before the save
                }
                writeRecord(copy, body);
                units.accept(unit);
            }
            if (expected - 1 < applied) {
                throw new Unusable("it ends at offset " + (expected - 1) + ", before the RDB file's offset " + applied);
            }
            copy.flush();
            fos.getFD().sync();
        } catch (NoSuchFileException e) {
            deleteQuietly(temp);
            return false;
        } catch (Unusable | IOException e) {
            deleteQuietly(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        open(target);
        return true;
    }

    // ------------------------------------------------------------------ the format

    record Header(String replid, long base) { }

    private void create(String replid, long base) throws IOException {
        Path target = path.get();
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (DataOutputStream header = new DataOutputStream(Files.newOutputStream(target))) {
            writeHeader(header, replid, base);
        }
        open(target);
    }

    private void open(Path target) throws IOException {
        file = new FileOutputStream(target.toFile(), true);
        out = new DataOutputStream(new BufferedOutputStream(file, 64 * 1024));
        openPath = target;
    }

    static void writeHeader(DataOutputStream out, String replid, long base) throws IOException {
        byte[] id = replid.getBytes(StandardCharsets.US_ASCII);
        if (id.length != REPLID_LENGTH) {
            throw new IOException("a replication id has " + REPLID_LENGTH + " characters: " + replid);
        }
        CRC32 crc = new CRC32();
        crc.update(id);
        crc.update(ByteBuffer.allocate(8).putLong(0, base));
        out.write(MAGIC);
        out.write(id);
        out.writeLong(base);
        out.writeInt((int) crc.getValue());
    }

    static Header readHeader(DataInputStream in, long[] position) throws IOException {
        position[0] += HEADER;
        byte[] magic = new byte[MAGIC.length];
        byte[] id = new byte[REPLID_LENGTH];
        try {
            in.readFully(magic);
            in.readFully(id);
            long base = in.readLong();
            int expected = in.readInt();
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a pending file (no " + new String(MAGIC, StandardCharsets.US_ASCII)
                        + " header)");
            }
            CRC32 crc = new CRC32();
            crc.update(id);
            crc.update(ByteBuffer.allocate(8).putLong(0, base));
            if ((int) crc.getValue() != expected || base < 0) {
                throw new IOException("the header fails its CRC");
            }
            return new Header(new String(id, StandardCharsets.US_ASCII), base);
        } catch (EOFException e) {
            throw new IOException("the header is truncated", e);
        }
    }

    static void writeRecord(DataOutputStream out, byte[] body) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        out.writeInt(body.length);
        out.write(body);
        out.writeInt((int) crc.getValue());
    }

    /**
     * The next record's body; null at the end of the file or at a torn last record (a crash
     * mid-append: fewer bytes left than it claims, so a damaged length never allocates more than
     * the file holds). A complete record whose CRC does not match is an error.
     */
    static byte[] readRecord(DataInputStream in, long[] position, long size) throws IOException {
        if (size - position[0] < 8) {
            return null;
        }
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("a record of " + length + " bytes (corrupt)");
        }
        if (position[0] + 8L + length > size) {
            return null;
        }
        byte[] body = new byte[length];
        in.readFully(body);
        int expected = in.readInt();
        position[0] += 8L + length;
        CRC32 crc = new CRC32();
        crc.update(body);
        if ((int) crc.getValue() != expected) {
            throw new IOException("a record fails its CRC");
        }
        return body;
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing after a failed write: the file is dropped or rewritten anyway
            }
        }
        out = null;
        file = null;
        openPath = null;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover temporary file is replaced by the next rewrite
        }
    }
}
