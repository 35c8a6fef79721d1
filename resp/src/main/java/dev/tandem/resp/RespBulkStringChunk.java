/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A piece of a bulk string announced by a {@link RespBulkStringHeader}.
 *
 * <p><b>Reference counted.</b> Whoever receives a chunk owns one reference and must release it
 * (a handler that passes it on with {@code ctx.fireChannelRead} hands the reference over;
 * {@code SimpleChannelInboundHandler} releases it for you). The decoder's chunks are retained
 * slices of its input buffer, so holding one keeps that input memory alive. The
 * {@link RespEncoder} writes a chunk's bytes and releases it, appending the closing CRLF after
 * the last one.
 */
public final class RespBulkStringChunk extends DefaultByteBufHolder implements RespMessage {

    private final boolean last;

    /** A chunk owning one reference to {@code content}. */
    public RespBulkStringChunk(ByteBuf content, boolean last) {
        super(content);
        this.last = last;
    }

    /** Whether this is the final chunk of its bulk string. */
    public boolean isLast() {
        return last;
    }

    @Override
    public RespBulkStringChunk replace(ByteBuf content) {
        return new RespBulkStringChunk(content, last);
    }

    @Override
    public RespBulkStringChunk copy() {
        return replace(content().copy());
    }

    @Override
    public RespBulkStringChunk duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public RespBulkStringChunk retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public RespBulkStringChunk retain() {
        super.retain();
        return this;
    }

    @Override
    public RespBulkStringChunk retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public RespBulkStringChunk touch() {
        super.touch();
        return this;
    }

    @Override
    public RespBulkStringChunk touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "RespBulkStringChunk[" + content().readableBytes() + " bytes" + (last ? ", last" : "") + "]";
    }
}
