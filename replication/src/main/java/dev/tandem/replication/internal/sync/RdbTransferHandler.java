/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sync;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replica-side Netty handler for the full-sync payload: install it right after reading
 * {@code +FULLRESYNC}. It feeds every received buffer to an {@link RdbPayloadParser}, so payload
 * chunks reach the {@link RdbPayloadSink} as retained slices of the received buffers.
 *
 * <p>When the payload is complete it calls {@link RdbPayloadSink#onComplete()} while still in
 * the pipeline (the sink may add the stream handler after it at that moment), then removes
 * itself and fires the bytes that followed the payload in the same read to the next handler, so
 * no byte of the command stream is lost.
 *
 * <p>On a protocol error it tells the sink and closes the channel (the replica must reconnect,
 * as Redis does); if the channel closes first, or the handler is removed before the payload
 * ended, the sink gets {@link RdbPayloadSink#onFailure} too.
 */
public final class RdbTransferHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(RdbTransferHandler.class);

    private final RdbPayloadParser parser;

    public RdbTransferHandler(RdbPayloadSink sink) {
        this.parser = new RdbPayloadParser(Objects.requireNonNull(sink, "sink"));
    }

    /** Payload bytes delivered so far. */
    public long payloadBytes() {
        return parser.payloadBytes();
    }

    /** Bytes consumed so far, header and mark included. */
    public long bytesConsumed() {
        return parser.bytesConsumed();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (parser.isFinished()) {
            in.release(); // failed earlier: the channel is closing, drop what is still in flight
            return;
        }
        boolean complete;
        try {
            complete = parser.feed(in);
        } catch (RdbTransferException | RuntimeException e) {
            in.release();
            log.warn("Full sync payload from {} failed: {}", ctx.channel().remoteAddress(), e.getMessage());
            ctx.close();
            return;
        }
        if (!complete) {
            in.release(); // everything was consumed (payload went out as retained slices)
            return;
        }
        ctx.pipeline().remove(this);
        if (in.isReadable()) {
            ctx.fireChannelRead(in);
        } else {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        parser.abort(new RdbTransferException("connection lost during the full sync payload after "
                + parser.bytesConsumed() + " bytes"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        parser.abort(cause);
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        parser.abort(new RdbTransferException("full sync payload handler removed before the payload was complete"));
    }
}
