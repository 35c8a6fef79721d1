/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.CommandResult;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.reply.Reply;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Replays one AOF file of commands into a keyspace, as Redis's {@code loadSingleAppendOnlyFile}:
 * RESP arrays of bulk strings, {@code #} annotation lines ({@code #TS:} of
 * {@code aof-timestamp-enabled}) skipped, {@code SELECT} switching the loading client's db,
 * {@code MULTI}/{@code EXEC} units applied whole. The result says where the last complete
 * command (or, inside an unfinished {@code MULTI}, the last byte before it) ends, so that a torn
 * tail can be truncated there.
 */
final class AofCommandLoad {

    /** Redis's bound on one argument (512 MB, {@code proto-max-bulk-len}'s default). */
    static final long MAX_BULK = 512L * 1024 * 1024;
    /** Redis reads the count into an int; more arguments than this cannot be a command. */
    static final long MAX_ARGC = 1L << 20;

    /** How the file ended. */
    enum Status { OK, TRUNCATED, FORMAT_ERROR }

    /** @param validUpTo bytes of the file that hold complete commands (and whole transactions) */
    record Result(Status status, long validUpTo, long commands) { }

    private final Keyspace keyspace;
    private final ClientState client = ClientState.master();

    AofCommandLoad(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Replays {@code file}; commands that fail are errors Redis also stops on. */
    Result load(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            return load(new Counting(new BufferedInputStream(raw, 64 * 1024)));
        }
    }

    private Result load(Counting in) throws IOException {
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
                    readLine(in);
                    valid = in.count;
                    continue;
                }
                if (first != '*') {
                    return new Result(Status.FORMAT_ERROR, valid, commands);
                }
                long argc = number(readLine(in));
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
                    long len = number(readLine(in));
                    if (len < 0 || len > MAX_BULK) {
                        return new Result(Status.FORMAT_ERROR, valid, commands);
                    }
                    argv[i] = in.readNBytes((int) len);
                    if (argv[i].length < len) {
                        throw new EOFException();
                    }
                    int cr = in.read();
                    int lf = in.read();
                    if (cr < 0 || lf < 0) {
                        throw new EOFException();
                    }
                    if (cr != '\r' || lf != '\n') {
                        return new Result(Status.FORMAT_ERROR, valid, commands);
                    }
                }
                String name = new String(argv[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
                if (name.equals("multi")) {
                    validBeforeMulti = valid;
                    queued = new ArrayList<>();
                } else if (name.equals("exec") && queued != null) {
                    // The transaction is applied whole at its EXEC, so that an unfinished one
                    // at a torn tail is never half applied.
                    for (byte[][] q : queued) {
                        apply(new String(q[0], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT), q);
                    }
                    queued = null;
                    validBeforeMulti = -1;
                } else if (queued != null) {
                    queued.add(argv);
                } else {
                    apply(name, argv);
                }
                commands++;
                valid = in.count;
            } catch (EOFException torn) {
                return new Result(Status.TRUNCATED, validBeforeMulti >= 0 ? validBeforeMulti : valid, commands);
            } catch (NumberFormatException bad) {
                return new Result(Status.FORMAT_ERROR, valid, commands);
            }
        }
        if (validBeforeMulti >= 0) {
            // Redis: "Revert incomplete MULTI/EXEC transaction in AOF file": a torn tail too.
            return new Result(Status.TRUNCATED, validBeforeMulti, commands);
        }
        return new Result(Status.OK, valid, commands);
    }

    private void apply(String name, byte[][] argv) throws IOException {
        switch (name) {
            // MULTI/EXEC are handled by the caller (a unit is queued, then applied whole).
            case "multi", "exec" -> { }
            case "select" -> {
                long db = argv.length == 2 ? number(new String(argv[1], StandardCharsets.ISO_8859_1)) : -1;
                if (db < 0 || db >= keyspace.databaseCount()) {
                    throw new IOException("Error executing command SELECT: ERR DB index is out of range");
                }
                client.select((int) db);
            }
            default -> {
                CommandResult result = keyspace.execute(client, argv);
                // Redis ignores a command's error reply while loading (the command ran as it ran
                // when it was written) but refuses a command it does not know.
                if (result.isError() && ((Reply.ErrorReply) result.reply()).text().startsWith("ERR unknown command")) {
                    throw new UnknownCommandException(new String(argv[0], StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Redis's "Unknown command '%s' reading the append only file %s": the start is refused. */
    static final class UnknownCommandException extends IOException {
        final String command;

        UnknownCommandException(String command) {
            super("Unknown command '" + command + "'");
            this.command = command;
        }
    }

    private static long number(String s) {
        return Long.parseLong(s);
    }

    /** A line up to CRLF (without it); EOF before the CRLF is a torn tail. */
    private static String readLine(Counting in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException();
            }
            if (c == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            if (sb.length() > 128) {
                throw new NumberFormatException("line too long");
            }
            sb.append((char) c);
        }
    }

    /** Counts the bytes read, for the offset of the last complete command. */
    private static final class Counting extends InputStream {
        private final InputStream in;
        long count;

        Counting(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                count++;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
