/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.stream;

import dev.tandem.core.internal.Propagated;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes propagated commands into the exact bytes of a Redis replication stream: each command
 * a RESP2 array of bulk strings, with {@code SELECT <db>} injected whenever the database differs
 * from the stream's current one (protocol reference §6.1–§6.2).
 *
 * <p>The current database belongs to the whole history, shared by the backlog and every replica,
 * so one encoder serves a node. Used under the keyspace write lock: it encodes into a reused
 * scratch array so the hot path allocates nothing in the steady state.
 */
public final class StreamEncoder {
    /** "No database selected yet": the next keyed command gets a SELECT. */
    public static final int UNKNOWN_DB = -1;

    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] DB_NUMBERS = new byte[256][];

    static {
        for (int i = 0; i < DB_NUMBERS.length; i++) {
            DB_NUMBERS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private int selectedDb = UNKNOWN_DB;
    private byte[] scratch = new byte[4096];
    private int length;

    /**
     * Forces a SELECT before the next keyed command: at the start of a full sync (the snapshot
     * says nothing about the stream's db) and on promotion (protocol reference §6.2).
     */
    public void resetSelectedDb() {
        selectedDb = UNKNOWN_DB;
    }

    public int selectedDb() {
        return selectedDb;
    }

    /**
     * Encodes one execution unit; the result is valid until the next call
     * ({@link #bytes()}, {@link #length()}).
     */
    public void encode(List<Propagated> unit) {
        length = 0;
        for (Propagated p : unit) {
            if (p.db() != Propagated.NO_DB && p.db() != selectedDb) {
                writeCommand(SELECT, dbNumber(p.db()));
                selectedDb = p.db();
            }
            writeCommand(p.argv());
        }
    }

    /** Encodes a command that never causes a SELECT (the heartbeat {@code ping}, GETACK). */
    public void encodeWithoutSelect(byte[]... argv) {
        length = 0;
        writeCommand(argv);
    }

    public byte[] bytes() {
        return scratch;
    }

    public int length() {
        return length;
    }

    /** A copy of the last encoding, for tests and one-off uses. */
    public byte[] copy() {
        return Arrays.copyOf(scratch, length);
    }

    private static byte[] dbNumber(int db) {
        return db < DB_NUMBERS.length ? DB_NUMBERS[db]
                : Integer.toString(db).getBytes(StandardCharsets.US_ASCII);
    }

    private void writeCommand(byte[]... argv) {
        writeHeader('*', argv.length);
        for (byte[] arg : argv) {
            writeHeader('$', arg.length);
            ensure(arg.length + 2);
            System.arraycopy(arg, 0, scratch, length, arg.length);
            length += arg.length;
            scratch[length++] = '\r';
            scratch[length++] = '\n';
        }
    }

    private void writeHeader(char type, int n) {
        ensure(24);
        scratch[length++] = (byte) type;
        if (n == 0) {
            scratch[length++] = '0';
        } else {
            int start = length;
            while (n > 0) {
                scratch[length++] = (byte) ('0' + n % 10);
                n /= 10;
            }
            for (int i = start, j = length - 1; i < j; i++, j--) {
                byte t = scratch[i];
                scratch[i] = scratch[j];
                scratch[j] = t;
            }
        }
        scratch[length++] = '\r';
        scratch[length++] = '\n';
    }

    private void ensure(int extra) {
        if (length + extra > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, length + extra));
        }
    }
}
