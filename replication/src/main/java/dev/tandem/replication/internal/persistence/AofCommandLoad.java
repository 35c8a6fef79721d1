/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.CommandResult;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.reply.Reply;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays one AOF file of commands into a keyspace, as Redis's {@code loadSingleAppendOnlyFile}:
 * RESP arrays of bulk strings, {@code #} annotation lines ({@code #TS:} of
 * {@code aof-timestamp-enabled}) skipped, {@code SELECT} switching the loading client's db,
 * {@code MULTI}/{@code EXEC} units applied whole. The result says where the last complete
 * command (or, inside an unfinished {@code MULTI}, the last byte before it) ends, so that a torn
 * tail can be truncated there.
 *
 * <p>Speed: the file is parsed by {@link AofReader} out of a 1 MiB buffer, the command names the
 * loader itself acts on are recognised by their bytes (no {@code String} per command), and the
 * keyspace write lock is taken once per {@value #BATCH} commands rather than per command (the
 * keyspace's own acquire is then a re-entry). Nothing else can write while a node loads from
 * disk (clients get {@code -LOADING}, the replica link and the cron wait for the load), so a
 * longer hold blocks nobody; it is still released between batches so that {@code INFO}'s
 * reads of the loading progress and change listeners are not held up for the whole file.
 */
final class AofCommandLoad {

    /** Redis's bound on one argument (512 MB, {@code proto-max-bulk-len}'s default). */
    static final long MAX_BULK = 512L * 1024 * 1024;
    /** Redis reads the count into an int; more arguments than this cannot be a command. */
    static final long MAX_ARGC = 1L << 20;
    /** Commands applied per hold of the keyspace write lock. */
    static final int BATCH = 1024;

    private static final byte[] MULTI = {'m', 'u', 'l', 't', 'i'};
    private static final byte[] EXEC = {'e', 'x', 'e', 'c'};
    private static final byte[] SELECT = {'s', 'e', 'l', 'e', 'c', 't'};

    /** How the file ended. */
    enum Status { OK, TRUNCATED, FORMAT_ERROR }

    /** @param validUpTo bytes of the file that hold complete commands (and whole transactions) */
    record Result(Status status, long validUpTo, long commands) { }

    private final Keyspace keyspace;
    private final ClientState client = ClientState.master();
    private final int bufferSize;
    /** Commands applied under the current hold of the write lock. */
    private int inBatch;

    AofCommandLoad(Keyspace keyspace) {
        this(keyspace, AofReader.BUFFER_SIZE);
    }

    /** {@code bufferSize} only for tests (small buffers exercise the reader's refills). */
    AofCommandLoad(Keyspace keyspace, int bufferSize) {
        this.keyspace = keyspace;
        this.bufferSize = bufferSize;
    }

    /** Replays {@code file}; commands that fail are errors Redis also stops on. */
    Result load(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return load(new AofReader(channel, bufferSize));
        }
    }

    private Result load(AofReader in) throws IOException {
        var lock = keyspace.lock().writeLock();
        lock.lock();
        try {
            return replay(in);
        } finally {
            lock.unlock();
            keyspace.dispatchChangeEvents();
        }
    }

    /** Under the write lock (released and re-taken every {@value #BATCH} commands). */
    private Result replay(AofReader in) throws IOException {
        long valid = 0;
        long validBeforeMulti = -1;
        long commands = 0;
        List<byte[][]> queued = null;
        while (true) {
            int first = in.read();
            if (first < 0) {
                break;
            }
            try {
                if (first == '#') {
                    // An annotation: a complete line is skipped, a torn one is a torn tail.
                    in.skipLine();
                    valid = in.position();
                    continue;
                }
                if (first != '*') {
                    return new Result(Status.FORMAT_ERROR, valid, commands);
                }
                long argc = in.number();
                if (argc < 1 || argc > MAX_ARGC) {
                    return new Result(Status.FORMAT_ERROR, valid, commands);
                }
                byte[][] argv = new byte[(int) argc][];
                for (int i = 0; i < argc; i++) {
                    int dollar = in.read();
                    if (dollar < 0) {
                        throw new EOFException();
                    }
                    if (dollar != '$') {
                        return new Result(Status.FORMAT_ERROR, valid, commands);
                    }
                    long len = in.number();
                    if (len < 0 || len > MAX_BULK) {
                        return new Result(Status.FORMAT_ERROR, valid, commands);
                    }
                    argv[i] = in.bulk((int) len);
                }
                if (is(argv[0], MULTI)) {
                    validBeforeMulti = valid;
                    queued = new ArrayList<>();
                } else if (queued != null && is(argv[0], EXEC)) {
                    // The transaction is applied whole at its EXEC, so that an unfinished one
                    // at a torn tail is never half applied.
                    for (byte[][] q : queued) {
                        apply(q);
                    }
                    queued = null;
                    validBeforeMulti = -1;
                } else if (queued != null) {
                    queued.add(argv);
                } else if (!is(argv[0], EXEC)) {
                    apply(argv);
                }
                commands++;
                valid = in.position();
            } catch (EOFException torn) {
                return new Result(Status.TRUNCATED, validBeforeMulti >= 0 ? validBeforeMulti : valid, commands);
            } catch (AofReader.Malformed bad) {
                return new Result(Status.FORMAT_ERROR, valid, commands);
            }
        }
        if (validBeforeMulti >= 0) {
            // Redis: "Revert incomplete MULTI/EXEC transaction in AOF file": a torn tail too.
            return new Result(Status.TRUNCATED, validBeforeMulti, commands);
        }
        return new Result(Status.OK, valid, commands);
    }

    private void apply(byte[][] argv) throws IOException {
        if (is(argv[0], SELECT)) {
            long db = argv.length == 2 ? parseDb(argv[1]) : -1;
            if (db < 0 || db >= keyspace.databaseCount()) {
                throw new IOException("Error executing command SELECT: ERR DB index is out of range");
            }
            client.select((int) db);
            return;
        }
        CommandResult result = keyspace.execute(client, argv);
        // Redis ignores a command's error reply while loading (the command ran as it ran
        // when it was written) but refuses a command it does not know.
        if (result.isError() && ((Reply.ErrorReply) result.reply()).text().startsWith("ERR unknown command")) {
            throw new UnknownCommandException(new String(argv[0], StandardCharsets.UTF_8));
        }
        if (++inBatch == BATCH) {
            // Let INFO (loading progress) and the listeners in between batches.
            inBatch = 0;
            var lock = keyspace.lock().writeLock();
            lock.unlock();
            keyspace.dispatchChangeEvents();
            lock.lock();
        }
    }

    /** ASCII case-insensitive comparison with a lower-case name. */
    private static boolean is(byte[] name, byte[] lower) {
        if (name.length != lower.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            int c = name[i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** A db index in decimal; -1 when it is not one. */
    private static long parseDb(byte[] arg) {
        if (arg.length == 0 || arg.length > 9) {
            return -1;
        }
        long v = 0;
        for (byte b : arg) {
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    /** Redis's "Unknown command '%s' reading the append only file %s": the start is refused. */
    static final class UnknownCommandException extends IOException {
        final String command;

        UnknownCommandException(String command) {
            super("Unknown command '" + command + "'");
            this.command = command;
        }
    }
}
