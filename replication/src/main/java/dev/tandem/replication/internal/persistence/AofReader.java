/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.persistence;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The RESP reader behind AOF replay: parses straight out of one large buffer filled from the
 * file's channel (no stream of single-byte virtual calls, no line {@code String}s), and knows
 * the file offset of every byte it hands out, so the loader can name where the last complete
 * command ends. An argument is the only allocation (its {@code byte[]} is what the command
 * stores); an argument larger than the buffer is read into its own array straight from the
 * channel.
 *
 * <p>End of file in the middle of anything is {@link EOFException} (a torn tail); bytes that
 * cannot be RESP are {@link Malformed} (Redis's "Bad file format").
 */
final class AofReader {

    /** One read's worth: large enough that the channel is asked rarely, small enough to stay cached. */
    static final int BUFFER_SIZE = 1 << 20;
    /** Redis reads a header line into a 128-byte buffer; a longer one cannot be a count. */
    private static final int MAX_LINE = 128;

    /** The bytes are not a valid AOF (Redis: "Bad file format reading the append only file"). */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    private final ReadableByteChannel channel;
    private final byte[] buf;
    private int pos;
    private int limit;
    /** File offset of {@code buf[0]}. */
    private long base;
    private boolean eof;

    AofReader(ReadableByteChannel channel) {
        this(channel, BUFFER_SIZE);
    }

    /** {@code bufferSize} only for tests (small buffers exercise the refill paths). */
    AofReader(ReadableByteChannel channel, int bufferSize) {
        this.channel = channel;
        this.buf = new byte[Math.max(bufferSize, MAX_LINE + 2)];
    }

    /** The file offset of the next byte to be read. */
    long position() {
        return base + pos;
    }

    /** The next byte, or -1 at the end of the file (not an error here: the caller decides). */
    int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    /** The next byte; the end of the file is a torn tail. */
    private int next() throws IOException {
        if (pos == limit && !fill()) {
            throw new EOFException();
        }
        return buf[pos++] & 0xff;
    }

    /** Skips a line up to and including its LF ({@code #} annotations). */
    void skipLine() throws IOException {
        for (int n = 0; ; n++) {
            if (next() == '\n') {
                return;
            }
            if (n > MAX_LINE) {
                throw new Malformed("annotation line too long");
            }
        }
    }

    /**
     * A count after its type byte: optional sign, decimal digits, CRLF (a bare LF is accepted, as
     * the previous line-based reader did). Anything else, or a line longer than Redis's buffer,
     * is malformed.
     */
    long number() throws IOException {
        int c = next();
        boolean negative = false;
        if (c == '-' || c == '+') {
            negative = c == '-';
            c = next();
        }
        long value = 0;
        int digits = 0;
        while (c >= '0' && c <= '9') {
            if (++digits > 18) {
                throw new Malformed("number too long");
            }
            value = value * 10 + (c - '0');
            c = next();
        }
        if (digits == 0) {
            throw new Malformed("not a number");
        }
        if (c == '\r') {
            c = next();
        }
        if (c != '\n') {
            throw new Malformed("number not followed by CRLF");
        }
        return negative ? -value : value;
    }

    /** {@code len} bytes followed by CRLF. */
    byte[] bulk(int len) throws IOException {
        byte[] out = new byte[len];
        int have = Math.min(limit - pos, len);
        System.arraycopy(buf, pos, out, 0, have);
        pos += have;
        if (have < len) {
            // Larger than what is buffered: the rest straight from the channel into the argument.
            ByteBuffer dst = ByteBuffer.wrap(out, have, len - have);
            while (dst.hasRemaining()) {
                if (channel.read(dst) < 0) {
                    throw new EOFException();
                }
            }
            base += len - have;
        }
        int cr = next();
        int lf = next();
        if (cr != '\r' || lf != '\n') {
            throw new Malformed("bulk string not followed by CRLF");
        }
        return out;
    }

    /** Moves the unread bytes to the front and reads more; false at the end of the file. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int rest = limit - pos;
        if (rest > 0) {
            System.arraycopy(buf, pos, buf, 0, rest);
        }
        base += pos;
        pos = 0;
        limit = rest;
        ByteBuffer dst = ByteBuffer.wrap(buf, limit, buf.length - limit);
        int n;
        do {
            n = channel.read(dst);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return limit > pos;
        }
        limit += n;
        return true;
    }
}
