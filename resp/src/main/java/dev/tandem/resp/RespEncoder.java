/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;

/**
 * Netty encoder of every {@link RespMessage}: frames (as is; downgrading for a RESP2 peer is the
 * caller's choice, see {@link Resp2Downgrade}), commands (as arrays of bulk strings), and bulk
 * string headers and chunks. A chunk's content is passed on without copying (its reference is
 * handed to the next handler), with the closing CRLF after the last chunk. Stateless and
 * {@linkplain ChannelHandler.Sharable sharable}.
 */
@ChannelHandler.Sharable
public final class RespEncoder extends MessageToMessageEncoder<RespMessage> {

    /** A shared instance. */
    public static final RespEncoder INSTANCE = new RespEncoder();

    private static final byte[] CRLF = {'\r', '\n'};

    public RespEncoder() {
        super(RespMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RespMessage msg, List<Object> out) {
        if (msg instanceof RespBulkStringChunk chunk) {
            // MessageToMessageEncoder releases the chunk after encode(); hand its content on with its own reference.
            out.add(chunk.content().retain());
            if (chunk.isLast()) {
                out.add(ctx.alloc().ioBuffer(2).writeBytes(CRLF));
            }
            return;
        }
        ByteBuf buf = ctx.alloc().ioBuffer();
        try {
            if (msg instanceof RespFrame frame) {
                RespWriter.writeFrame(buf, frame);
            } else if (msg instanceof RespCommand command) {
                RespWriter.writeCommand(buf, command);
            } else if (msg instanceof RespBulkStringHeader header) {
                RespWriter.writeBulkStringHeader(buf, header.length());
            } else {
                throw new IllegalStateException("unexpected message " + msg.getClass());
            }
            out.add(buf);
            buf = null;
        } finally {
            if (buf != null) {
                buf.release();
            }
        }
    }
}
