/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
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
 * In the EOF form the end is found by searching the whole stream for the mark with a
 * Knuth–Morris–Pratt automaton whose state survives any split of the input. The bytes that
 * could be the beginning of the mark (at most 39) are held back until later bytes show whether
 * they are; since a held-back suffix always equals a prefix of the mark, nothing is copied to
 * hold it. Unlike a real Redis replica, which only compares the last 40 bytes of each read, this
 * also finds the mark when stream bytes follow it in the same read.
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
    private int[] failure;
    private MarkMatcher matcher;

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
            failure = failureFunction(mark);
            matcher = new MarkMatcher();
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

    private void readEofPayload(ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int held = matcher.matched; // bytes before this buffer that equal mark[0..held)
        int stop = in.forEachByte(start, readable, matcher);
        if (stop >= 0) {
            // The mark ends at index 'stop'; the payload ends where the mark began.
            long throughMark = held + (long) (stop - start + 1);
            long payloadLength = throughMark - MARK_LENGTH;
            emitHeldAndFresh(in, start, held, payloadLength);
            in.readerIndex(stop + 1);
            bytesConsumed += stop - start + 1;
            complete();
            return;
        }
        long releasable = held + (long) readable - matcher.matched;
        emitHeldAndFresh(in, start, held, releasable);
        in.readerIndex(start + readable);
        bytesConsumed += readable;
    }

    /** Emits the first {@code count} bytes of (held mark prefix ++ in[start..]). */
    private void emitHeldAndFresh(ByteBuf in, int start, int held, long count) {
        int fromHeld = (int) Math.min(held, count);
        if (fromHeld > 0) {
            deliver(Unpooled.copiedBuffer(mark, 0, fromHeld));
        }
        int fromIn = (int) (count - fromHeld);
        if (fromIn > 0) {
            deliver(in.retainedSlice(start, fromIn));
        }
    }

    /** KMP automaton over the mark; {@code matched} is the longest mark prefix ending the input so far. */
    private final class MarkMatcher implements ByteProcessor {
        int matched;

        @Override
        public boolean process(byte value) {
            int j = matched;
            while (j > 0 && mark[j] != value) {
                j = failure[j - 1];
            }
            if (mark[j] == value) {
                j++;
            }
            if (j == MARK_LENGTH) {
                matched = 0;
                return false; // stop: mark complete at this byte
            }
            matched = j;
            return true;
        }
    }

    /** failure[i] = length of the longest proper prefix of pattern[0..i] that is also its suffix. */
    private static int[] failureFunction(byte[] pattern) {
        int[] failure = new int[pattern.length];
        int k = 0;
        for (int i = 1; i < pattern.length; i++) {
            while (k > 0 && pattern[k] != pattern[i]) {
                k = failure[k - 1];
            }
            if (pattern[k] == pattern[i]) {
                k++;
            }
            failure[i] = k;
        }
        return failure;
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
