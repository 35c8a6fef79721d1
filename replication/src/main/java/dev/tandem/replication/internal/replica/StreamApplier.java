/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.resp.RespCommand;
import dev.tandem.resp.RespProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the master's command stream on one connection of a replica (reference §6–§7.1), after
 * {@code RespCommandDecoder(RespDecoderLimits.forMasterLink())}, and hands each complete unit to
 * the link's {@link UnitApplier}, which applies it at once or, on a delayed replica, holds it.
 *
 * <p>Every command is one unit, except {@code MULTI … EXEC}, which is held until {@code EXEC}
 * and handed over as one (Redis does not advance the applied offset inside {@code MULTI}).
 * Bare newlines are counted and forwarded like any other bytes. {@code REPLCONF GETACK} is
 * answered with {@code REPLCONF ACK <received offset before it>} (before the whole {@code MULTI}
 * when inside one). No other reply is ever sent.
 *
 * <p>A unit that cannot be forwarded byte-exact, a protocol error, or a failed command under
 * {@code propagation-error-behavior} resync/panic ends this connection's applying: nothing the
 * master sent after it is applied (see {@link UnitApplier}).
 */
final class StreamApplier extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(StreamApplier.class);

    private final MasterConnection connection;
    private final ReplicationContext context;
    private final UnitApplier units;
    /** Non-null inside MULTI: the unit being collected, MULTI included. */
    private List<RespCommand> transaction;
    /** Set once a failed command broke the link, or the link stopped; nothing more is applied. */
    private boolean diverged;
    /** Offset of the last byte read from the master ({@code slave_read_repl_offset}). */
    private volatile long readOffset;

    /**
     * @param streamDb the db the stream has selected at {@code startOffset} (a full sync's
     *     {@code repl-stream-db}; after a partial resync the node's)
     * @param startOffset the received offset the stream continues after
     */
    StreamApplier(MasterConnection connection, int streamDb, long startOffset) {
        this.connection = connection;
        this.context = connection.context();
        this.units = connection.link().unitApplier();
        this.readOffset = startOffset;
        connection.link().streamDb(streamDb);
    }

    long readOffset() {
        return readOffset;
    }

    /** Counts the stream bytes as they arrive, before the decoder. */
    ChannelInboundHandlerAdapter byteCounter() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf buf) {
                    readOffset += buf.readableBytes();
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RespCommand command)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (diverged) {
            return; // the connection is closing over a failed command; the rest is not applied
        }
        try {
            if (transaction != null) {
                transaction.add(command);
                String name = command.name();
                if (name.equals("exec") || name.equals("discard")) {
                    List<RespCommand> unit = transaction;
                    transaction = null;
                    handOver(unit, name.equals("exec"));
                }
                return;
            }
            if (!command.isEmpty() && command.name().equals("multi")) {
                transaction = new ArrayList<>();
                transaction.add(command);
                return;
            }
            handOver(List.of(command), true);
        } catch (StreamDesyncException e) {
            log.warn("Replication stream from master desynchronized: {}", e.getMessage());
            connection.link().dropCachedHistory();
            connection.fail(e.getMessage());
        }
    }

    private void handOver(List<RespCommand> unit, boolean execute) {
        switch (units.receive(connection, unit, execute)) {
            case RETIRED -> {
                diverged = true;
                connection.fail("replication from this master stopped");
            }
            case DIVERGED -> diverged = true;
            case DONE -> { }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof RespProtocolException protocol) {
            // The decoder's own message says what was wrong (Redis's "Master using the inline
            // protocol. Desync?" only when the master did send an inline command).
            String text = new String(protocol.errorReplyBytes(), StandardCharsets.ISO_8859_1).trim();
            String where = "after offset " + context.delay().receivedOffset()
                    + (transaction == null ? "" : ", inside a MULTI of " + transaction.size() + " command(s)");
            log.warn("Protocol error in the master's stream {}: {}. Closing the master connection and discarding "
                    + "the cached master.", where, text);
            connection.link().dropCachedHistory();
            connection.fail("protocol error in the master's stream " + where + ": " + text);
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    /** The stream cannot be applied byte-exact; the link must be dropped. */
    static final class StreamDesyncException extends RuntimeException {
        StreamDesyncException(String message) {
            super(message);
        }
    }
}
