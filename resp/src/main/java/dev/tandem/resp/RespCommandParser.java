/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.Arrays;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Parses requests the way a Redis 7.0 server does (networking.c {@code processInputBuffer},
 * {@code processMultibulkBuffer}, {@code processInlineBuffer}) straight into
 * {@link RespCommand}s, with no frame object per argument. Input that starts with {@code *} is a
 * RESP array of bulk strings; anything else is an inline line split by
 * {@link RespInlineSplitter}.
 *
 * <p>Usable without Netty's pipeline: call {@link #parse(ByteBuf)} with the bytes received so
 * far; it consumes what it has processed and returns a command once one is complete. The parser
 * is stateful, not thread-safe, and keeps no reference to the buffer between calls.
 *
 * <p>Where Redis's reading is lenient, this parser is too, so that it accepts exactly what Redis
 * accepts and counts the same bytes: a length line ends at its first CR and the byte after the CR
 * is not checked, nor are the two bytes after a bulk payload; an inline line ends at LF with one
 * CR before it stripped. Where Redis's result depends on how the input was split into reads
 * (its "too big" checks run only while a line is incomplete), this parser applies the split
 * independent rule: a line of more than {@code maxInlineLength} bytes before its terminator is too
 * big. Unlike Redis's {@code strchr}, a NUL byte does not hide a line terminator.
 */
public final class RespCommandParser {

    /**
     * Redis's {@code PROTO_MBULK_BIG_ARG} (32 KB): from this size on, an argument's bytes are
     * moved out of the input buffer as they arrive instead of waiting for all of them.
     */
    static final int BIG_ARGUMENT = 32 * 1024;

    /** Largest argument vector allocated before the arguments arrive (as Redis: 1024). */
    private static final int ARGV_PRESIZE_CAP = 1024;

    private enum State { START, INLINE, MULTIBULK_COUNT, BULK_LENGTH, BULK_PAYLOAD, FAILED }

    private volatile RespDecoderLimits limits;

    private State state = State.START;
    /** Bytes of the current command consumed so far. */
    private long wireLength;
    /** How far the current line was already searched for its terminator (from readerIndex). */
    private int lineScanned;
    private byte[][] argv;
    private int argc;
    private int argsRemaining;
    private int bulkLength;
    private BulkAccumulator bigArgument;
    private final long[] number = new long[1];

    /** A parser with {@link RespDecoderLimits#defaults()}. */
    public RespCommandParser() {
        this(RespDecoderLimits.defaults());
    }

    public RespCommandParser(RespDecoderLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The limits in force. */
    public RespDecoderLimits limits() {
        return limits;
    }

    /**
     * Replaces the limits. They apply from the next line the parser reads; a length already
     * accepted stays accepted. Safe to call from any thread.
     */
    public void limits(RespDecoderLimits newLimits) {
        this.limits = Objects.requireNonNull(newLimits, "limits");
    }

    /** Whether the parser hit a protocol error and now discards its input. */
    public boolean isFailed() {
        return state == State.FAILED;
    }

    /** Whether the parser is in the middle of a command (some of its bytes were consumed). */
    public boolean isInsideCommand() {
        return state != State.START && state != State.FAILED;
    }

    /**
     * Consumes input and returns the next complete command, or {@code null} when more input is
     * needed (everything readable may have been consumed into partial state by then).
     *
     * @throws RespProtocolException on malformed or over-limit input, with Redis's error text;
     *         afterwards the parser discards everything it is given
     */
    public RespCommand parse(ByteBuf in) {
        try {
            return doParse(in);
        } catch (RespProtocolException e) {
            state = State.FAILED;
            argv = null;
            bigArgument = null;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private RespCommand doParse(ByteBuf in) {
        while (true) {
            switch (state) {
                case START -> {
                    if (!in.isReadable()) {
                        return null;
                    }
                    wireLength = 0;
                    lineScanned = 0;
                    state = in.getByte(in.readerIndex()) == '*' ? State.MULTIBULK_COUNT : State.INLINE;
                }
                case INLINE -> {
                    return parseInline(in);
                }
                case MULTIBULK_COUNT -> {
                    int crOffset = findLengthLineEnd(in, "Protocol error: too big mbulk count string");
                    if (crOffset < 0) {
                        return null;
                    }
                    RespCommand empty = acceptMultibulkCount(in, crOffset);
                    if (empty != null) {
                        return empty;
                    }
                }
                case BULK_LENGTH -> {
                    int crOffset = findLengthLineEnd(in, "Protocol error: too big bulk count string");
                    if (crOffset < 0) {
                        return null;
                    }
                    acceptBulkLength(in, crOffset);
                }
                case BULK_PAYLOAD -> {
                    byte[] argument = readBulkPayload(in);
                    if (argument == null) {
                        return null;
                    }
                    RespCommand done = addArgument(argument);
                    if (done != null) {
                        return done;
                    }
                }
                case FAILED -> {
                    in.skipBytes(in.readableBytes());
                    return null;
                }
                default -> throw new IllegalStateException(state.toString());
            }
        }
    }

    private RespCommand parseInline(ByteBuf in) {
        RespDecoderLimits lim = limits;
        int start = in.readerIndex();
        int readable = in.readableBytes();
        // A line may hold maxInlineLength bytes before its LF: the LF may sit at offset maxInlineLength.
        int searchEnd = (int) Math.min(readable, (long) lim.maxInlineLength() + 1);
        int lf = searchEnd > lineScanned
                ? in.forEachByte(start + lineScanned, searchEnd - lineScanned, ByteProcessor.FIND_LF)
                : -1;
        if (lf < 0) {
            if (readable > lim.maxInlineLength()) {
                throw new RespProtocolException("Protocol error: too big inline request");
            }
            lineScanned = searchEnd;
            return null;
        }
        int lineEnd = lf;
        if (lf > start && in.getByte(lf - 1) == '\r') {
            lineEnd--;
        }
        int queryLength = lineEnd - start;
        byte[] line = new byte[queryLength];
        in.getBytes(start, line);
        byte[][] args = RespInlineSplitter.split(line, 0, queryLength);
        if (args == null) {
            throw new RespProtocolException("Protocol error: unbalanced quotes in request");
        }
        // Masters may send a bare newline as keepalive, but never an inline command.
        if (queryLength != 0 && !lim.inlineCommandsAllowed()) {
            throw new RespProtocolException("Protocol error: Master using the inline protocol. Desync?");
        }
        int consumed = lf - start + 1;
        in.skipBytes(consumed);
        state = State.START;
        return args.length == 0 ? RespCommand.empty(consumed, true) : new RespCommand(args, consumed, true);
    }

    /**
     * Finds the CR that ends a count line ({@code *N} or {@code $N}) and checks that the byte after
     * it has arrived too (Redis skips that byte without looking at it).
     *
     * @return the offset of the CR from readerIndex, or -1 if the line is incomplete
     */
    private int findLengthLineEnd(ByteBuf in, String tooBigMessage) {
        int maxLine = limits.maxInlineLength();
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int searchEnd = (int) Math.min(readable, (long) maxLine + 1);
        int cr = searchEnd > lineScanned
                ? in.forEachByte(start + lineScanned, searchEnd - lineScanned, ByteProcessor.FIND_CR)
                : -1;
        if (cr < 0) {
            if (readable > maxLine) {
                throw new RespProtocolException(tooBigMessage);
            }
            lineScanned = searchEnd;
            return -1;
        }
        int offset = cr - start;
        lineScanned = offset;
        return offset + 2 <= readable ? offset : -1;
    }

    private RespCommand acceptMultibulkCount(ByteBuf in, int crOffset) {
        RespDecoderLimits lim = limits;
        int start = in.readerIndex();
        boolean ok = RespNumbers.string2ll(in, start + 1, start + crOffset, number);
        long count = number[0];
        if (!ok || count > lim.maxMultibulkLength()) {
            throw new RespProtocolException("Protocol error: invalid multibulk length");
        }
        if (lim.unauthenticated() && count > RespDecoderLimits.UNAUTHENTICATED_MAX_MULTIBULK_LENGTH) {
            throw new RespProtocolException("Protocol error: unauthenticated multibulk length");
        }
        consumeLine(in, crOffset);
        if (count <= 0) {
            // Redis reads "*0" and "*-1" and executes nothing; report the bytes all the same.
            state = State.START;
            return RespCommand.empty(wireLength, false);
        }
        argsRemaining = (int) count;
        argv = new byte[Math.min(argsRemaining, ARGV_PRESIZE_CAP)][];
        argc = 0;
        state = State.BULK_LENGTH;
        return null;
    }

    private void acceptBulkLength(ByteBuf in, int crOffset) {
        RespDecoderLimits lim = limits;
        int start = in.readerIndex();
        byte first = in.getByte(start);
        if (first != '$') {
            throw new RespProtocolException("Protocol error: expected '$', got '" + (char) (first & 0xff) + "'");
        }
        boolean ok = RespNumbers.string2ll(in, start + 1, start + crOffset, number);
        long length = number[0];
        if (!ok || length < 0 || length > lim.maxBulkLength()) {
            throw new RespProtocolException("Protocol error: invalid bulk length");
        }
        if (lim.unauthenticated() && length > RespDecoderLimits.UNAUTHENTICATED_MAX_BULK_LENGTH) {
            throw new RespProtocolException("Protocol error: unauthenticated bulk length");
        }
        if (length > BulkAccumulator.MAX_ARRAY_LENGTH) {
            throw new RespProtocolException("Protocol error: invalid bulk length (" + length
                    + " bytes do not fit one byte[] argument)");
        }
        consumeLine(in, crOffset);
        bulkLength = (int) length;
        state = State.BULK_PAYLOAD;
    }

    private void consumeLine(ByteBuf in, int crOffset) {
        in.skipBytes(crOffset + 2);
        wireLength += crOffset + 2;
        lineScanned = 0;
    }

    private byte[] readBulkPayload(ByteBuf in) {
        if (bigArgument == null) {
            if (in.readableBytes() >= bulkLength + 2L) {
                byte[] argument = new byte[bulkLength];
                in.readBytes(argument);
                in.skipBytes(2); // Redis does not check that these are CRLF.
                wireLength += bulkLength + 2L;
                return argument;
            }
            // Allocate only once payload bytes are actually here (and then at most a capped first block).
            if (bulkLength < BIG_ARGUMENT || !in.isReadable()) {
                return null;
            }
            bigArgument = new BulkAccumulator(bulkLength);
        }
        wireLength += bigArgument.transferFrom(in);
        if (bigArgument.remaining() > 0 || in.readableBytes() < 2) {
            return null;
        }
        in.skipBytes(2);
        wireLength += 2;
        byte[] argument = bigArgument.toByteArray();
        bigArgument = null;
        return argument;
    }

    private RespCommand addArgument(byte[] argument) {
        if (argc == argv.length) {
            long grown = Math.min((long) argv.length * 2, (long) argc + argsRemaining);
            argv = Arrays.copyOf(argv, (int) grown);
        }
        argv[argc++] = argument;
        argsRemaining--;
        if (argsRemaining > 0) {
            state = State.BULK_LENGTH;
            return null;
        }
        byte[][] complete = argv;
        argv = null;
        state = State.START;
        return new RespCommand(complete, wireLength, false);
    }

    /** Capacity of the buffer collecting a large argument in progress (0 if none); for tests. */
    int pendingArgumentCapacity() {
        return bigArgument == null ? 0 : bigArgument.capacity();
    }
}
