/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.sim;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.local.LocalAddress;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The simulated wire of one connection, first in the pipeline of the connecting side (a
 * replica's link to its master): it reports every byte it lets through to the network's
 * observer, and while its link is stalled it holds bytes in either direction, in order, until
 * the link heals. Cutting a link closes its channels; a refused link closes new connections as
 * soon as they connect. All of it runs on the simulation's one loop.
 */
final class LinkFaults extends ChannelDuplexHandler {

    private record PendingWrite(Object msg, ChannelPromise promise) { }

    private final SimulatedNetwork network;
    private final String from;
    private final Deque<Object> heldReads = new ArrayDeque<>();
    private final Deque<PendingWrite> heldWrites = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private String linkName;
    private SimulatedNetwork.Link link;

    LinkFaults(SimulatedNetwork network, String from) {
        this.network = network;
        this.from = from;
    }

    String linkName() {
        return linkName;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String to = ctx.channel().remoteAddress() instanceof LocalAddress local ? local.id() : "?";
        linkName = from + "->" + to;
        link = network.attach(linkName, this);
        if (link.refusing()) {
            ctx.close(); // an outage: as if the connection were refused
            return;
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Behind held bytes even once healed, until release() let them through: order is kept.
        if (!heldReads.isEmpty() || link != null && link.stalled(SimulatedNetwork.Direction.DOWNSTREAM)) {
            heldReads.addLast(msg);
            return;
        }
        deliverRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (heldReads.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!heldWrites.isEmpty() || link != null && link.stalled(SimulatedNetwork.Direction.UPSTREAM)) {
            heldWrites.addLast(new PendingWrite(msg, promise));
            return;
        }
        deliverWrite(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (heldWrites.isEmpty()) {
            ctx.flush();
        }
    }

    /** The link healed (or changed): lets held bytes through in order, as far as it allows now. */
    void release() {
        if (ctx == null || !ctx.channel().isActive()) {
            return;
        }
        boolean wrote = false;
        while (!heldWrites.isEmpty() && !link.stalled(SimulatedNetwork.Direction.UPSTREAM)) {
            PendingWrite w = heldWrites.removeFirst();
            deliverWrite(w.msg(), w.promise());
            wrote = true;
        }
        if (wrote && heldWrites.isEmpty()) {
            ctx.flush();
        }
        boolean read = false;
        while (!heldReads.isEmpty() && !link.stalled(SimulatedNetwork.Direction.DOWNSTREAM)) {
            deliverRead(heldReads.removeFirst());
            read = true;
        }
        if (read && heldReads.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
    }

    void cut() {
        if (ctx != null) {
            ctx.channel().close();
        }
    }

    private void deliverRead(Object msg) {
        if (msg instanceof ByteBuf buf) {
            network.delivered(linkName, SimulatedNetwork.Direction.DOWNSTREAM, buf);
        }
        ctx.fireChannelRead(msg);
    }

    private void deliverWrite(Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            network.delivered(linkName, SimulatedNetwork.Direction.UPSTREAM, buf);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        dropHeld();
        if (link != null) {
            network.detach(linkName, this);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropHeld();
    }

    /** Bytes held on a connection that closed never arrive, as on a cut TCP connection. */
    private void dropHeld() {
        while (!heldReads.isEmpty()) {
            ReferenceCountUtil.release(heldReads.removeFirst());
        }
        while (!heldWrites.isEmpty()) {
            PendingWrite w = heldWrites.removeFirst();
            ReferenceCountUtil.release(w.msg());
            if (!w.promise().isVoid()) {
                w.promise().tryFailure(new java.nio.channels.ClosedChannelException());
            }
        }
    }
}
