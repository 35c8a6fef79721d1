/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Netty decoder of RESP2/RESP3 frames (see {@link RespFrameParser} for the rules). Emits
 * {@link RespFrame}s, and for top-level bulk strings above the chunk threshold a
 * {@link RespBulkStringHeader} followed by reference-counted {@link RespBulkStringChunk}s that
 * the receiver must release.
 *
 * <p>A protocol error is raised once as a {@link RespProtocolException} through
 * {@code exceptionCaught}; the decoder then discards all further input, and the connection should
 * be closed.
 *
 * <p>Each call of {@code decode} emits at most one message, and {@code ByteToMessageDecoder}
 * passes it down the pipeline before decoding the next one; so a handler that changes the
 * {@link #limits(RespDecoderLimits)} while handling a message changes them for the very next one.
 */
public final class RespFrameDecoder extends ByteToMessageDecoder {

    private final RespFrameParser parser;

    /** Redis's default limits and {@link RespFrameParser#DEFAULT_CHUNK_THRESHOLD}. */
    public RespFrameDecoder() {
        this(RespDecoderLimits.defaults(), RespFrameParser.DEFAULT_CHUNK_THRESHOLD);
    }

    public RespFrameDecoder(RespDecoderLimits limits) {
        this(limits, RespFrameParser.DEFAULT_CHUNK_THRESHOLD);
    }

    public RespFrameDecoder(RespDecoderLimits limits, int chunkThreshold) {
        this.parser = new RespFrameParser(limits, chunkThreshold);
    }

    public RespDecoderLimits limits() {
        return parser.limits();
    }

    /** Replaces the limits of this live decoder; they apply from the next line it parses. */
    public void limits(RespDecoderLimits newLimits) {
        parser.limits(newLimits);
    }

    /** See {@link RespFrameParser#skipBlankLinesBetweenFrames(boolean)}; returns this decoder. */
    public RespFrameDecoder skipBlankLinesBetweenFrames(boolean skip) {
        parser.skipBlankLinesBetweenFrames(skip);
        return this;
    }

    /** Whether a protocol error stopped this decoder. */
    public boolean isFailed() {
        return parser.isFailed();
    }

    RespFrameParser parser() {
        return parser;
    }

    /** Capacity of the cumulation buffer (0 if none); for tests of allocation bounds. */
    int cumulationCapacity() {
        ByteBuf buf = internalBuffer();
        return buf.refCnt() == 0 ? 0 : buf.capacity();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        RespMessage message = parser.parse(in);
        if (message != null) {
            out.add(message);
        }
    }
}
