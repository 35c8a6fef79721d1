/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the {@code SslHandler} of an accepted TLS connection: a failed handshake (a
 * plain-text client on the TLS port, a client without a certificate or with one the CA did not
 * sign, an expired one, no common protocol) is logged in one line and the connection closed,
 * without reaching the RESP handlers and without a stack trace; nothing else is affected.
 * Once the handshake succeeded it removes itself.
 */
final class TlsHandshakeGuard extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeGuard.class);

    private boolean reported;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                ctx.pipeline().remove(this);
            } else {
                refuse(ctx, done.cause());
                return;
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException
                || cause instanceof SSLException) {
            refuse(ctx, cause);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void refuse(ChannelHandlerContext ctx, Throwable cause) {
        if (!reported) {
            reported = true;
            log.info("Error accepting a client connection: {} (addr={})", reason(cause), ctx.channel().remoteAddress());
        }
        ctx.close();
    }

    /** The innermost message: what actually went wrong, without Netty's wrapping. */
    static String reason(Throwable cause) {
        Throwable t = cause;
        while ((t instanceof DecoderException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NotSslRecordException) {
            return "not a TLS record: a plain-text client on the TLS port?";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
