/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

import dev.tandem.replication.ReplicationId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Master-side framing of a full-sync payload (reference §4.1–4.2):
 * <ul>
 *   <li>{@linkplain #eofMarked() EOF form} (diskless, length unknown):
 *   {@code $EOF:<40 random hex chars>\r\n}, the payload, then the same 40 characters;</li>
 *   <li>{@linkplain #withLength(long) length form}: {@code $<len>\r\n} and exactly {@code len}
 *   bytes.</li>
 * </ul>
 * Neither form has a CR LF after the payload: a real replica would count it as stream bytes.
 * After an EOF-form payload the master must send nothing until the replica's first
 * {@code REPLCONF ACK} (a Redis replica discards or misreads bytes glued to the mark).
 *
 * <p>Use: {@link #header}, then {@link #frame} for each chunk (it passes the chunk through and
 * counts it), then {@link #trailer}. Not thread-safe.
 */
public final class RdbPayloadFramer {

    private static final byte[] CRLF = {'\r', '\n'};

    private enum State { NEW, BODY, FINISHED }

    private final byte[] mark; // null for the length form
    private final long length; // -1 for the EOF form
    private long written;
    private State state = State.NEW;

    private RdbPayloadFramer(byte[] mark, long length) {
        this.mark = mark;
        this.length = length;
    }

    /** The EOF form with a fresh random mark. */
    public static RdbPayloadFramer eofMarked() {
        return eofMarked(ReplicationId.randomHex(RdbPayloadParser.MARK_LENGTH).getBytes(StandardCharsets.US_ASCII));
    }

    /** The EOF form with a given 40-byte mark (tests; Redis uses 40 random hex characters). */
    public static RdbPayloadFramer eofMarked(byte[] mark) {
        if (mark.length != RdbPayloadParser.MARK_LENGTH) {
            throw new IllegalArgumentException("an EOF mark is " + RdbPayloadParser.MARK_LENGTH + " bytes, got " + mark.length);
        }
        for (byte b : mark) {
            if (b == '\r' || b == '\n') {
                throw new IllegalArgumentException("an EOF mark cannot contain CR or LF");
            }
        }
        return new RdbPayloadFramer(mark.clone(), -1);
    }

    /** The length form for a payload of exactly {@code length} bytes. */
    public static RdbPayloadFramer withLength(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("payload length must be >= 0: " + length);
        }
        return new RdbPayloadFramer(null, length);
    }

    /** A presync keepalive: one bare {@code \n}, outside the replication offset. */
    public static ByteBuf keepalive() {
        return Unpooled.wrappedBuffer(new byte[] {'\n'});
    }

    public boolean isEofMarked() {
        return mark != null;
    }

    /** The mark (EOF form), a copy. */
    public byte[] mark() {
        if (mark == null) {
            throw new IllegalStateException("the length form has no mark");
        }
        return mark.clone();
    }

    /** The announced length, or -1 for the EOF form. */
    public long length() {
        return length;
    }

    /** Payload bytes framed so far. */
    public long payloadBytes() {
        return written;
    }

    /** {@code $EOF:<mark>\r\n} or {@code $<len>\r\n}. */
    public ByteBuf header(ByteBufAllocator allocator) {
        if (state != State.NEW) {
            throw new IllegalStateException("header already written");
        }
        state = State.BODY;
        if (mark != null) {
            ByteBuf header = allocator.buffer(5 + mark.length + 2);
            header.writeCharSequence("$EOF:", StandardCharsets.US_ASCII);
            return header.writeBytes(mark).writeBytes(CRLF);
        }
        ByteBuf header = allocator.buffer(22);
        header.writeByte('$');
        header.writeCharSequence(Long.toString(length), StandardCharsets.US_ASCII);
        return header.writeBytes(CRLF);
    }

    /**
     * Accounts for a payload chunk and returns it unchanged (ownership passes through).
     *
     * @throws IllegalStateException before the header, after the trailer, or when the length
     *     form would exceed its announced length (the chunk is released then)
     */
    public ByteBuf frame(ByteBuf chunk) {
        if (state != State.BODY) {
            chunk.release();
            throw new IllegalStateException(state == State.NEW ? "write the header first" : "payload already finished");
        }
        int n = chunk.readableBytes();
        if (length >= 0 && written + n > length) {
            chunk.release();
            throw new IllegalStateException("payload exceeds its announced length " + length + " (" + (written + n) + " bytes)");
        }
        written += n;
        return chunk;
    }

    /**
     * The end of the payload: the mark for the EOF form, an empty buffer for the length form.
     *
     * @throws IllegalStateException when the length form received fewer bytes than announced
     */
    public ByteBuf trailer(ByteBufAllocator allocator) {
        if (state != State.BODY) {
            throw new IllegalStateException(state == State.NEW ? "write the header first" : "trailer already written");
        }
        if (length >= 0 && written != length) {
            throw new IllegalStateException("payload announced " + length + " bytes but " + written + " were framed");
        }
        state = State.FINISHED;
        if (mark == null) {
            return Unpooled.EMPTY_BUFFER;
        }
        return allocator.buffer(mark.length).writeBytes(mark);
    }

    @Override
    public String toString() {
        return mark != null
                ? "RdbPayloadFramer[$EOF:" + new String(mark, StandardCharsets.US_ASCII) + ", framed " + written + "]"
                : "RdbPayloadFramer[$" + length + ", framed " + written + "]";
    }
}
