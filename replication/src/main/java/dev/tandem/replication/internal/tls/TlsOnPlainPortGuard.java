/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First on a plain-text port's connections: a connection whose first byte is a TLS handshake
 * record ({@code 0x16}; no RESP request starts with it) is a TLS client on the wrong port. It
 * would otherwise sit in the inline-command parser, waiting for a newline its ClientHello never
 * sends, until one side times out; instead it gets one log line and is closed. Any other first
 * byte removes this handler, so it costs one check per connection.
 */
public final class TlsOnPlainPortGuard extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TlsOnPlainPortGuard.class);
    /** TLS's {@code ContentType.handshake}. */
    private static final byte TLS_HANDSHAKE = 0x16;

    /** {@code inner}, with the guard in front of it. */
    public static ChannelHandler wrap(ChannelHandler inner) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("tls-on-plain-port", new TlsOnPlainPortGuard());
                ch.pipeline().addLast(inner);
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable()) {
            if (buf.getByte(buf.readerIndex()) == TLS_HANDSHAKE) {
                ReferenceCountUtil.release(msg);
                log.info("Error accepting a client connection: a TLS handshake on the plain-text port (addr={})",
                        ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }
}
