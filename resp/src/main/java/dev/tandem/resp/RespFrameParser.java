/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Parses RESP2 and RESP3 into {@link RespFrame}s, as a client reads replies (and as a peer reads
 * any RESP stream). An explicit state machine: input may be split at any byte, and aggregates
 * nest through an explicit stack (bounded by {@link RespDecoderLimits#maxNestingDepth()}), never
 * through recursion.
 *
 * <p><b>Large bulk strings.</b> A top-level {@code $} bulk string longer than the chunk threshold
 * is not held whole: the parser returns a {@link RespBulkStringHeader}, then
 * {@link RespBulkStringChunk}s as the bytes arrive (retained slices of the input, to be released
 * by the receiver), the last one flagged and never empty. Bulk strings inside aggregates, and
 * verbatim strings, are always assembled whole (bounded by {@code maxBulkLength}); their bytes are
 * collected as they arrive, so a claimed length is never allocated up front.
 *
 * <p>Not supported: RESP3 streamed strings and aggregates ({@code $?}, {@code *?}, {@code ;},
 * {@code .}), which Redis never sends; they are protocol errors.
 *
 * <p>Usable without Netty's pipeline through {@link #parse(ByteBuf)}. Not thread-safe, except
 * {@link #limits(RespDecoderLimits)}.
 */
public final class RespFrameParser {

    /** Default chunk threshold: top-level bulk strings above 1 MB are streamed. */
    public static final int DEFAULT_CHUNK_THRESHOLD = 1024 * 1024;

    /** Payloads below this size wait in the input buffer until whole; larger ones are moved out as they arrive. */
    private static final int COLLECT_INCREMENTALLY_FROM = 32 * 1024;
    private static final int AGGREGATE_PRESIZE_CAP = 1024;

    private enum State { TYPE, LINE, PAYLOAD, CHUNKS, FAILED }

    private final int chunkThreshold;
    private volatile RespDecoderLimits limits;

    private State state = State.TYPE;
    private byte type;
    private int lineScanned;
    private int payloadLength;
    private long chunkBytesRemaining;
    private BulkAccumulator bigPayload;
    /** A frame finished by the current line, handed from {@link #acceptLine} to the loop. */
    private RespFrame pendingFrame;
    private volatile boolean skipBlankLines;
    private final ArrayDeque<Aggregate> stack = new ArrayDeque<>();
    private final long[] number = new long[1];

    /** A parser with {@link RespDecoderLimits#defaults()} and {@link #DEFAULT_CHUNK_THRESHOLD}. */
    public RespFrameParser() {
        this(RespDecoderLimits.defaults(), DEFAULT_CHUNK_THRESHOLD);
    }

    /**
     * @param limits         input limits (replaceable later)
     * @param chunkThreshold top-level bulk strings longer than this many bytes are streamed as
     *                       header + chunks; {@code Integer.MAX_VALUE} never streams bulks that fit a byte[]
     */
    public RespFrameParser(RespDecoderLimits limits, int chunkThreshold) {
        if (chunkThreshold < 0) {
            throw new IllegalArgumentException("chunkThreshold must be >= 0: " + chunkThreshold);
        }
        this.limits = Objects.requireNonNull(limits, "limits");
        this.chunkThreshold = chunkThreshold;
    }

    public RespDecoderLimits limits() {
        return limits;
    }

    /** Replaces the limits; they apply from the next line parsed. Safe to call from any thread. */
    public void limits(RespDecoderLimits newLimits) {
        this.limits = Objects.requireNonNull(newLimits, "limits");
    }

    public int chunkThreshold() {
        return chunkThreshold;
    }

    /**
     * Whether to skip bare {@code \n} and {@code \r\n} between top-level frames instead of
     * failing on them. A Redis master sends bare newlines as keepalives to a replica that waits
     * for its {@code +FULLRESYNC} reply or RDB payload; a replica's reply reader turns this on.
     * Off by default. Safe to call from any thread.
     */
    public void skipBlankLinesBetweenFrames(boolean skip) {
        this.skipBlankLines = skip;
    }

    /** Whether the parser hit a protocol error and now discards its input. */
    public boolean isFailed() {
        return state == State.FAILED;
    }

    /**
     * Consumes input and returns the next {@link RespFrame}, {@link RespBulkStringHeader} or
     * {@link RespBulkStringChunk}, or {@code null} when more input is needed.
     *
     * @throws RespProtocolException on malformed or over-limit input; afterwards the parser
     *         discards everything it is given
     */
    public RespMessage parse(ByteBuf in) {
        try {
            return doParse(in);
        } catch (RespProtocolException e) {
            state = State.FAILED;
            stack.clear();
            bigPayload = null;
            pendingFrame = null;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private RespMessage doParse(ByteBuf in) {
        while (true) {
            RespFrame completed;
            switch (state) {
                case TYPE -> {
                    if (!in.isReadable()) {
                        return null;
                    }
                    type = in.getByte(in.readerIndex());
                    if (skipBlankLines && stack.isEmpty() && (type == '\n' || type == '\r')) {
                        if (type == '\n') {
                            in.skipBytes(1);
                            continue;
                        }
                        if (in.readableBytes() < 2) {
                            return null;
                        }
                        if (in.getByte(in.readerIndex() + 1) == '\n') {
                            in.skipBytes(2);
                            continue;
                        }
                    }
                    if (!isKnownType(type)) {
                        throw new RespProtocolException("Protocol error, got " + describeByte(type) + " as reply type byte");
                    }
                    lineScanned = 1;
                    state = State.LINE;
                    continue;
                }
                case LINE -> {
                    int crOffset = findLineEnd(in);
                    if (crOffset < 0) {
                        return null;
                    }
                    RespMessage header = acceptLine(in, crOffset);
                    if (header != null) {
                        return header;
                    }
                    if (pendingFrame == null) {
                        continue; // an aggregate opened, or a payload follows
                    }
                    completed = pendingFrame;
                    pendingFrame = null;
                }
                case PAYLOAD -> {
                    completed = readPayload(in);
                    if (completed == null) {
                        return null;
                    }
                    state = State.TYPE;
                }
                case CHUNKS -> {
                    return readChunk(in);
                }
                case FAILED -> {
                    in.skipBytes(in.readableBytes());
                    return null;
                }
                default -> throw new IllegalStateException(state.toString());
            }
            RespFrame topLevel = complete(completed);
            if (topLevel != null) {
                return topLevel;
            }
        }
    }

    private static boolean isKnownType(byte b) {
        return switch (b) {
            case '+', '-', ':', '$', '*', '_', ',', '#', '(', '=', '%', '~', '>', '|' -> true;
            default -> false;
        };
    }

    /** hiredis's rendering of a bad type byte: {@code "x"} if printable, else {@code "\xHH"}. */
    private static String describeByte(byte b) {
        StringBuilder sb = new StringBuilder("\"");
        int c = b & 0xff;
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            sb.append((char) c);
        } else {
            RespDebug.appendEscaped(sb, b);
        }
        return sb.append('"').toString();
    }

    /**
     * Finds the CRLF ending the current line (which starts with the type byte).
     *
     * @return the CR's offset from readerIndex, or -1 if the line is incomplete
     */
    private int findLineEnd(ByteBuf in) {
        int maxContent = limits.maxInlineLength();
        int start = in.readerIndex();
        int readable = in.readableBytes();
        // The type byte, up to maxContent bytes, then the CR.
        int searchEnd = (int) Math.min(readable, (long) maxContent + 2);
        int cr = searchEnd > lineScanned
                ? in.forEachByte(start + lineScanned, searchEnd - lineScanned, ByteProcessor.FIND_CR)
                : -1;
        if (cr < 0) {
            if (readable > maxContent + 1L) {
                throw new RespProtocolException(tooBigLineMessage(type));
            }
            lineScanned = searchEnd;
            return -1;
        }
        int offset = cr - start;
        lineScanned = offset;
        if (offset + 2 > readable) {
            return -1;
        }
        if (in.getByte(cr + 1) != '\n') {
            throw new RespProtocolException("Protocol error: expected '\\n' after '\\r', got " + describeByte(in.getByte(cr + 1)));
        }
        return offset;
    }

    private static String tooBigLineMessage(byte type) {
        return switch (type) {
            case '$', '=' -> "Protocol error: too big bulk count string";
            case '*', '%', '~', '>', '|' -> "Protocol error: too big mbulk count string";
            default -> "Protocol error: too big " + typeName(type) + " line";
        };
    }

    private static String typeName(byte type) {
        return switch (type) {
            case '+' -> "simple string";
            case '-' -> "error";
            case ':' -> "integer";
            case '$' -> "bulk string";
            case '*' -> "array";
            case '_' -> "null";
            case ',' -> "double";
            case '#' -> "boolean";
            case '(' -> "big number";
            case '=' -> "verbatim string";
            case '%' -> "map";
            case '~' -> "set";
            case '>' -> "push";
            case '|' -> "attribute";
            default -> "unknown";
        };
    }

    /**
     * Handles a complete line. Returns a {@link RespBulkStringHeader} to emit, or null; a frame
     * the line completed is left in {@link #pendingFrame} with the state back at TYPE.
     */
    private RespMessage acceptLine(ByteBuf in, int crOffset) {
        int start = in.readerIndex();
        int from = start + 1;
        int to = start + crOffset;
        RespDecoderLimits lim = limits;
        RespMessage header = null;
        switch (type) {
            case '+' -> pendingFrame = new RespSimpleString(bytes(in, from, to));
            case '-' -> pendingFrame = new RespError(bytes(in, from, to));
            case ':' -> {
                if (!RespNumbers.string2ll(in, from, to, number)) {
                    throw new RespProtocolException("Protocol error: invalid integer " + quote(in, from, to));
                }
                pendingFrame = RespInteger.of(number[0]);
            }
            case ',' -> {
                Double d = RespNumbers.parseDouble(bytes(in, from, to));
                if (d == null) {
                    throw new RespProtocolException("Protocol error: invalid double " + quote(in, from, to));
                }
                pendingFrame = new RespDouble(d);
            }
            case '#' -> {
                byte v = to - from == 1 ? in.getByte(from) : 0;
                if (v != 't' && v != 'f') {
                    throw new RespProtocolException("Protocol error: invalid boolean " + quote(in, from, to));
                }
                pendingFrame = RespBoolean.of(v == 't');
            }
            case '(' -> {
                byte[] digits = bytes(in, from, to);
                if (!RespBigNumber.isValid(digits, 0, digits.length)) {
                    throw new RespProtocolException("Protocol error: invalid big number " + quote(in, from, to));
                }
                pendingFrame = new RespBigNumber(digits);
            }
            case '_' -> {
                if (to != from) {
                    throw new RespProtocolException("Protocol error: invalid null " + quote(in, from, to));
                }
                pendingFrame = RespNull.RESP3_NULL;
            }
            case '$', '=' -> header = acceptBulkLength(in, from, to, lim);
            case '*', '%', '~', '>', '|' -> acceptAggregateLength(in, from, to, lim);
            default -> throw new IllegalStateException("type " + type);
        }
        in.skipBytes(crOffset + 2);
        if (state == State.LINE) {
            state = State.TYPE;
        }
        return header;
    }

    private RespMessage acceptBulkLength(ByteBuf in, int from, int to, RespDecoderLimits lim) {
        boolean ok = RespNumbers.string2ll(in, from, to, number);
        long length = number[0];
        if (ok && length == -1 && type == '$') {
            pendingFrame = RespNull.NULL_BULK_STRING;
            return null;
        }
        if (!ok || length < 0 || length > lim.maxBulkLength()) {
            throw new RespProtocolException(type == '$'
                    ? "Protocol error: invalid bulk length"
                    : "Protocol error: invalid verbatim string length");
        }
        if (lim.unauthenticated() && length > RespDecoderLimits.UNAUTHENTICATED_MAX_BULK_LENGTH) {
            throw new RespProtocolException("Protocol error: unauthenticated bulk length");
        }
        if (type == '=' && length < 4) {
            throw new RespProtocolException("Protocol error: invalid verbatim string length");
        }
        if (type == '$' && stack.isEmpty() && length > chunkThreshold) {
            chunkBytesRemaining = length;
            state = State.CHUNKS;
            return new RespBulkStringHeader(length);
        }
        if (length > BulkAccumulator.MAX_ARRAY_LENGTH) {
            throw new RespProtocolException("Protocol error: invalid bulk length (" + length
                    + " bytes inside an aggregate do not fit one byte[])");
        }
        payloadLength = (int) length;
        state = State.PAYLOAD;
        return null;
    }

    private void acceptAggregateLength(ByteBuf in, int from, int to, RespDecoderLimits lim) {
        boolean ok = RespNumbers.string2ll(in, from, to, number);
        long count = number[0];
        if (ok && count == -1 && type == '*') {
            pendingFrame = RespNull.NULL_ARRAY;
            return;
        }
        if (!ok || count < 0 || count > lim.maxMultibulkLength()) {
            throw new RespProtocolException(type == '*'
                    ? "Protocol error: invalid multibulk length"
                    : "Protocol error: invalid " + typeName(type) + " length");
        }
        if (lim.unauthenticated() && count > RespDecoderLimits.UNAUTHENTICATED_MAX_MULTIBULK_LENGTH) {
            throw new RespProtocolException("Protocol error: unauthenticated multibulk length");
        }
        if (stack.size() >= lim.maxNestingDepth()) {
            throw new RespProtocolException("Protocol error: aggregates nested deeper than " + lim.maxNestingDepth() + " levels");
        }
        long elements = switch (type) {
            case '%' -> count * 2;
            case '|' -> count * 2 + 1; // the entries, then the frame they annotate
            default -> count;
        };
        Aggregate aggregate = new Aggregate(type, elements);
        if (elements == 0) {
            pendingFrame = aggregate.build();
        } else {
            stack.push(aggregate);
        }
    }

    private RespFrame readPayload(ByteBuf in) {
        if (bigPayload == null) {
            if (in.readableBytes() >= payloadLength + 2L) {
                byte[] payload = new byte[payloadLength];
                in.readBytes(payload);
                expectCrlf(in);
                return payloadFrame(payload);
            }
            // Allocate only once payload bytes are actually here (and then at most a capped first block).
            if (payloadLength < COLLECT_INCREMENTALLY_FROM || !in.isReadable()) {
                return null;
            }
            bigPayload = new BulkAccumulator(payloadLength);
        }
        bigPayload.transferFrom(in);
        if (bigPayload.remaining() > 0 || in.readableBytes() < 2) {
            return null;
        }
        expectCrlf(in);
        byte[] payload = bigPayload.toByteArray();
        bigPayload = null;
        return payloadFrame(payload);
    }

    private RespFrame payloadFrame(byte[] payload) {
        if (type == '$') {
            return new RespBulkString(payload);
        }
        if (payload[3] != ':') {
            throw new RespProtocolException("Protocol error: invalid verbatim string, expected ':' after the 3-byte format");
        }
        return new RespVerbatimString(Arrays.copyOf(payload, 3), Arrays.copyOfRange(payload, 4, payload.length));
    }

    private static void expectCrlf(ByteBuf in) {
        int i = in.readerIndex();
        if (in.getByte(i) != '\r' || in.getByte(i + 1) != '\n') {
            throw new RespProtocolException("Protocol error: bulk payload not followed by CRLF");
        }
        in.skipBytes(2);
    }

    private RespMessage readChunk(ByteBuf in) {
        int readable = in.readableBytes();
        if (readable >= chunkBytesRemaining + 2) {
            int n = (int) chunkBytesRemaining;
            int crlf = in.readerIndex() + n;
            if (in.getByte(crlf) != '\r' || in.getByte(crlf + 1) != '\n') {
                throw new RespProtocolException("Protocol error: bulk payload not followed by CRLF");
            }
            ByteBuf content = in.readRetainedSlice(n);
            in.skipBytes(2);
            chunkBytesRemaining = 0;
            state = State.TYPE;
            return new RespBulkStringChunk(content, true);
        }
        // Keep at least one payload byte back so that the last chunk is never empty.
        long n = Math.min(readable, chunkBytesRemaining - 1);
        if (n <= 0) {
            return null;
        }
        chunkBytesRemaining -= n;
        return new RespBulkStringChunk(in.readRetainedSlice((int) n), false);
    }

    /** Adds a finished frame to the open aggregates; returns it (or the outermost it completed) when top-level. */
    private RespFrame complete(RespFrame frame) {
        RespFrame current = frame;
        while (!stack.isEmpty()) {
            Aggregate top = stack.peek();
            top.add(current);
            if (!top.isComplete()) {
                return null;
            }
            stack.pop();
            current = top.build();
        }
        return current;
    }

    private static byte[] bytes(ByteBuf in, int from, int to) {
        byte[] b = new byte[to - from];
        in.getBytes(from, b);
        return b;
    }

    private static String quote(ByteBuf in, int from, int to) {
        return RespDebug.quote(bytes(in, from, Math.min(to, from + 64)), 64);
    }

    /** Current aggregate nesting (open aggregates); for tests. */
    int depth() {
        return stack.size();
    }

    /** Capacity of the buffer collecting a large payload in progress (0 if none); for tests. */
    int pendingPayloadCapacity() {
        return bigPayload == null ? 0 : bigPayload.capacity();
    }

    /** An aggregate whose elements are still arriving. */
    private static final class Aggregate {
        private final byte type;
        private final long expected;
        private final List<RespFrame> elements;

        Aggregate(byte type, long expected) {
            this.type = type;
            this.expected = expected;
            this.elements = new ArrayList<>((int) Math.min(expected, AGGREGATE_PRESIZE_CAP));
        }

        void add(RespFrame frame) {
            elements.add(frame);
        }

        boolean isComplete() {
            return elements.size() == expected;
        }

        RespFrame build() {
            return switch (type) {
                case '*' -> new RespArray(elements);
                case '~' -> new RespSet(elements);
                case '>' -> new RespPush(elements);
                case '%' -> new RespMap(entries(elements, elements.size()));
                case '|' -> new RespAttribute(entries(elements, elements.size() - 1), elements.get(elements.size() - 1));
                default -> throw new IllegalStateException("type " + type);
            };
        }

        private static List<RespMap.Entry> entries(List<RespFrame> flat, int end) {
            List<RespMap.Entry> entries = new ArrayList<>(end / 2);
            for (int i = 0; i < end; i += 2) {
                entries.add(new RespMap.Entry(flat.get(i), flat.get(i + 1)));
            }
            return entries;
        }
    }
}
