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
 * Netty decoder of requests into {@link RespCommand}s, for a server and for a replica applying
 * its master's stream (see {@link RespCommandParser} for the exact Redis rules). Each command
 * carries {@link RespCommand#wireLength()}, the exact bytes it took, so a replica can advance its
 * replication offset per whole command; empty inline lines and {@code *0} arrive as empty
 * commands so that their bytes are counted too.
 *
 * <p>A protocol error is raised once as a {@link RespProtocolException} (Redis's text; reply
 * {@link RespProtocolException#errorReplyBytes()} and close); the decoder then discards all further
 * input. Commands decoded before the error have been passed on first, in order.
 *
 * <p>Each {@code decode} call emits at most one command, and {@code ByteToMessageDecoder} passes
 * it down the pipeline before decoding the next; a handler that runs {@code AUTH} synchronously
 * and then calls {@link #limits(RespDecoderLimits)} relaxes the limits for the very next command
 * of the same pipeline, as in Redis.
 */
public final class RespCommandDecoder extends ByteToMessageDecoder {

    private final RespCommandParser parser;

    /** Redis's default limits for an authenticated client. */
    public RespCommandDecoder() {
        this(RespDecoderLimits.defaults());
    }

    public RespCommandDecoder(RespDecoderLimits limits) {
        this.parser = new RespCommandParser(limits);
    }

    public RespDecoderLimits limits() {
        return parser.limits();
    }

    /** Replaces the limits of this live decoder; they apply from the next line it parses. */
    public void limits(RespDecoderLimits newLimits) {
        parser.limits(newLimits);
    }

    /** Whether a protocol error stopped this decoder. */
    public boolean isFailed() {
        return parser.isFailed();
    }

    RespCommandParser parser() {
        return parser;
    }

    /** Capacity of the cumulation buffer (0 if none); for tests of allocation bounds. */
    int cumulationCapacity() {
        ByteBuf buf = internalBuffer();
        return buf.refCnt() == 0 ? 0 : buf.capacity();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        RespCommand command = parser.parse(in);
        if (command != null) {
            out.add(command);
        }
    }
}
