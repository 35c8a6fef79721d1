/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Push parser for the full-sync payload that follows {@code +FULLRESYNC <replid> <offset>\r\n}
 * (replica side). Feed it the bytes from the master as they arrive; it hands payload bytes to
 * an {@link RdbPayloadSink} and consumes nothing beyond the payload, so the command stream that
 * follows stays in the buffer for the next reader.
 *
 * <p>Wire forms (reference §4.1–4.3):
 * <ul>
 *   <li>any number of bare {@code \n} keepalives (empty lines) first;</li>
 *   <li>{@code $<len>\r\n} and exactly {@code len} bytes, nothing after them (disk form);</li>
 *   <li>{@code $EOF:<40 chars>\r\n}, the payload, then the same 40 characters (diskless form).</li>
 * </ul>
 * In the EOF form the end is found as a real Redis replica finds it: at the end of each read,
 * the stream's last 40 bytes are compared with the mark (issue #13: searching every payload
 * byte cost a matcher step per byte of a gigabyte payload). The last 40 bytes are held back
 * (copied, at most 40 per read) until a later read shows they were payload. The mark must end
 * a read; Redis and Tandem masters send nothing after it before the replica's first ACK.
 *
 * <p>Header lines follow Redis's {@code readSyncBulkPayload}: {@code -...} is the master's error,
 * anything not starting with {@code $} is a protocol error; the length must be a plain
 * non-negative decimal (stricter than Redis's {@code strtol}). Not thread-safe.
 */
public final class RdbPayloadParser {

    /** Longest header line accepted (Redis reads it into a 1024-byte buffer). */
    public static final int MAX_HEADER_LINE = 1024;

    /** Length of the EOF mark (Redis's {@code RDB_EOF_MARK_SIZE}). */
    public static final int MARK_LENGTH = 40;

    private static final byte[] EOF_PREFIX = "$EOF:".getBytes(StandardCharsets.US_ASCII);

    private enum State { HEADER, LENGTH_PAYLOAD, EOF_PAYLOAD, DONE, FAILED }

    private final RdbPayloadSink sink;
    private State state = State.HEADER;

    private final byte[] line = new byte[MAX_HEADER_LINE];
    private int lineLength;

    private long remaining;
    private byte[] mark;
    /** The last bytes of an EOF-marked payload, held back until a read ends without the mark. */
    private final byte[] tail = new byte[MARK_LENGTH];
    private int tailLength;

    private boolean started;
    private long payloadBytes;
    private long bytesConsumed;

    public RdbPayloadParser(RdbPayloadSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Consumes what it can from {@code in} (advancing its reader index) and reports progress to
     * the sink. Never releases {@code in}.
     *
     * @return {@code true} once the payload is complete; the bytes after it are left readable in
     *     {@code in}
     * @throws RdbTransferException on a protocol error (the sink is told first); the parser is
     *     then unusable
     */
    public boolean feed(ByteBuf in) throws RdbTransferException {
        try {
            while (in.isReadable()) {
                switch (state) {
                    case HEADER -> readHeader(in);
                    case LENGTH_PAYLOAD -> readLengthPayload(in);
                    case EOF_PAYLOAD -> readEofPayload(in);
                    case DONE -> {
                        return true;
                    }
                    case FAILED -> throw new IllegalStateException("parser failed earlier");
                }
            }
            return state == State.DONE;
        } catch (RdbTransferException e) {
            fail(e);
            throw e;
        } catch (RuntimeException e) {
            // The sink threw: the transfer cannot go on.
            abort(e);
            throw e;
        }
    }

    /**
     * Reports a failure to the sink unless the transfer already ended (used when the connection
     * drops or the parser is abandoned). Idempotent.
     */
    public void abort(Throwable cause) {
        if (state != State.DONE && state != State.FAILED) {
            fail(cause);
        }
    }

    private void fail(Throwable cause) {
        state = State.FAILED;
        sink.onFailure(cause);
    }

    public boolean isComplete() {
        return state == State.DONE;
    }

    /** Whether the payload has ended, successfully or not. */
    public boolean isFinished() {
        return state == State.DONE || state == State.FAILED;
    }

    /** Whether the payload header has been read. */
    public boolean hasStarted() {
        return started;
    }

    /** Whether the payload uses the {@code $EOF:<mark>} form (meaningful once started). */
    public boolean isEofMarked() {
        return mark != null;
    }

    /** Payload bytes delivered to the sink so far. */
    public long payloadBytes() {
        return payloadBytes;
    }

    /** Every byte consumed so far: keepalives, header, payload and mark ({@code master_sync_read_bytes}). */
    public long bytesConsumed() {
        return bytesConsumed;
    }

    // ------------------------------------------------------------------ header

    private void readHeader(ByteBuf in) throws RdbTransferException {
        int start = in.readerIndex();
        int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
        int end = newline < 0 ? in.writerIndex() : newline;
        int take = end - start;
        if (lineLength + take > MAX_HEADER_LINE) {
            throw new RdbTransferException("Bad protocol from MASTER: payload header line longer than "
                    + MAX_HEADER_LINE + " bytes");
        }
        in.getBytes(start, line, lineLength, take);
        lineLength += take;
        if (newline < 0) {
            in.readerIndex(end);
            bytesConsumed += take;
            return;
        }
        in.readerIndex(newline + 1);
        bytesConsumed += take + 1;
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        lineLength = 0;
        onHeaderLine(length);
    }

    private void onHeaderLine(int length) throws RdbTransferException {
        if (length == 0) {
            sink.onKeepalive();
            return;
        }
        String text = new String(line, 0, length, StandardCharsets.ISO_8859_1);
        if (line[0] == '-') {
            throw new RdbTransferException("MASTER aborted replication with an error: " + text.substring(1));
        }
        if (line[0] != '$') {
            throw new RdbTransferException("Bad protocol from MASTER, the first byte is not '$' (we received '"
                    + text + "'), are you sure the host and port are right?");
        }
        if (startsWithEofPrefix(length) && length - EOF_PREFIX.length >= MARK_LENGTH) {
            // Like Redis, the mark is the first 40 characters after "$EOF:".
            mark = new byte[MARK_LENGTH];
            System.arraycopy(line, EOF_PREFIX.length, mark, 0, MARK_LENGTH);
            state = State.EOF_PAYLOAD;
            started = true;
            sink.onStart(true, -1);
            return;
        }
        long announced = parseLength(text);
        remaining = announced;
        state = State.LENGTH_PAYLOAD;
        started = true;
        sink.onStart(false, announced);
        if (announced == 0) {
            complete();
        }
    }

    private boolean startsWithEofPrefix(int length) {
        if (length < EOF_PREFIX.length) {
            return false;
        }
        for (int i = 0; i < EOF_PREFIX.length; i++) {
            if (line[i] != EOF_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static long parseLength(String header) throws RdbTransferException {
        String digits = header.substring(1);
        if (digits.isEmpty() || digits.length() > 18) {
            throw invalidLength(header);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw invalidLength(header);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static RdbTransferException invalidLength(String header) {
        return new RdbTransferException("Bad protocol from MASTER: invalid payload length in '" + header + "'");
    }

    // ------------------------------------------------------------------ $<len> payload

    private void readLengthPayload(ByteBuf in) {
        int n = (int) Math.min(remaining, in.readableBytes());
        deliver(in.readRetainedSlice(n));
        bytesConsumed += n;
        remaining -= n;
        if (remaining == 0) {
            complete();
        }
    }

    // ------------------------------------------------------------------ $EOF:<mark> payload

    /**
     * Redis's check (readSyncBulkPayload): the mark is looked for only at the end of each read,
     * by comparing the stream's last 40 bytes with it — O(40) per read instead of a matcher
     * stepping over every payload byte. The last 40 bytes received are always held back, since
     * they may turn out to be the mark when the read ends. The master sends nothing after the
     * mark until the replica's first {@code REPLCONF ACK}, so a mark in the middle of a read does
     * not happen with a Redis (or Tandem) master; bytes glued after it in the same read would be
     * taken as payload, as they would by Redis.
     */
    private void readEofPayload(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int held = tailLength;
        long total = held + (long) readable;
        in.readerIndex(start + readable);
        bytesConsumed += readable;
        if (total < MARK_LENGTH) {
            in.getBytes(start, tail, held, readable);
            tailLength += readable;
            return;
        }
        boolean marked = endsWithMark(in, start, readable);
        // Everything but the last 40 bytes is payload for sure.
        long release = total - MARK_LENGTH;
        int fromHeld = (int) Math.min(held, release);
        if (fromHeld > 0) {
            deliver(Unpooled.copiedBuffer(tail, 0, fromHeld));
        }
        int fromIn = (int) (release - fromHeld);
        if (fromIn > 0) {
            deliver(in.retainedSlice(start, fromIn));
        }
        if (marked) {
            tailLength = 0;
            complete();
            return;
        }
        // Hold the new last 40 bytes: the rest of the old tail, then this read's end.
        int keepOld = held - fromHeld;
        System.arraycopy(tail, fromHeld, tail, 0, keepOld);
        in.getBytes(start + fromIn, tail, keepOld, MARK_LENGTH - keepOld);
        tailLength = MARK_LENGTH;
    }

    /** Whether (held tail ++ this read) ends with the mark; the whole is at least 40 bytes. */
    private boolean endsWithMark(ByteBuf in, int start, int readable) {
        int fromIn = Math.min(readable, MARK_LENGTH);
        int fromTail = MARK_LENGTH - fromIn;
        for (int i = 0; i < fromTail; i++) {
            if (tail[tailLength - fromTail + i] != mark[i]) {
                return false;
            }
        }
        int inStart = start + readable - fromIn;
        for (int i = 0; i < fromIn; i++) {
            if (in.getByte(inStart + i) != mark[fromTail + i]) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ common

    private void deliver(ByteBuf chunk) {
        payloadBytes += chunk.readableBytes();
        sink.onChunk(chunk);
    }

    private void complete() {
        state = State.DONE;
        sink.onComplete();
    }
}
