/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.CommandResult;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.command.Args;
import dev.tandem.replication.PropagationErrorBehavior;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.internal.stream.ReplicationStream;
import dev.tandem.resp.RespCommand;
import dev.tandem.resp.RespProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the master's command stream on a replica (reference §6–§7.1), after
 * {@code RespCommandDecoder(RespDecoderLimits.forMasterLink())}.
 *
 * <p>Every command is one unit, except {@code MULTI … EXEC}, which is held until {@code EXEC}
 * and applied as one (Redis does not advance the applied offset inside {@code MULTI}). A unit is
 * applied under the keyspace write lock: its exact bytes are appended to this node's own
 * backlog (re-encoded as RESP2, which is exactly what a master sends, and checked against the
 * decoder's wire length — any difference is a desync that ends the link), which advances the
 * applied offset ({@code master_repl_offset}, {@code slave_repl_offset}) by exactly the unit's
 * bytes; then its commands run through {@code core} as the master client, which never sees a
 * key as expired. Sub-replicas of this node receive the same bytes (chained replication).
 *
 * <p>Bare newlines are counted and forwarded like any other bytes. {@code SELECT} switches the
 * master client's db, {@code ping} only counts, {@code REPLCONF GETACK} is answered with
 * {@code REPLCONF ACK <offset before it>} (before the whole {@code MULTI} when inside one). No
 * other reply is ever sent.
 *
 * <p>A command that fails here (unknown to Tandem, or erroring) means the data set may no longer
 * be the master's. Each failure counts ({@code tandem_propagation_errors}) and emits
 * {@link ReplicationEvent.ApplyFailed}; then {@code propagation-error-behavior} decides, once the
 * unit is applied and the lock released: {@code ignore} logs Redis's {@code == CRITICAL ==} line
 * (once per command name) and goes on, as Redis does; {@code resync} (Tandem's default) drops the
 * cached history and the connection, so the next attempt is a full sync; {@code panic} and
 * {@code panic-on-replicas} drop the history and park the link. Nothing the master sent after the
 * failed unit is applied once the link is broken.
 */
final class StreamApplier extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(StreamApplier.class);

    private final MasterConnection connection;
    private final ReplicationContext context;
    private final Keyspace keyspace;
    private final ReplicationStream stream;
    private final ClientState masterClient = ClientState.master();
    private final Set<String> reportedErrors = new HashSet<>();
    /** Non-null inside MULTI: the unit being collected, MULTI included. */
    private List<RespCommand> transaction;
    /** Set once a unit arrived after the link stopped; nothing more is applied. */
    private boolean retired;
    /** Set once a failed command broke the link (resync, panic); nothing more is applied. */
    private boolean diverged;
    /** Commands of the unit being applied that failed: {name, error} pairs. */
    private final List<String[]> failures = new ArrayList<>();
    /** Offset of the last byte read from the master ({@code slave_read_repl_offset}). */
    private volatile long readOffset;

    StreamApplier(MasterConnection connection, int streamDb, long startOffset) {
        this.connection = connection;
        this.context = connection.context();
        this.keyspace = context.keyspace();
        this.stream = context.stream();
        this.readOffset = startOffset;
        selectDb(streamDb);
    }

    long readOffset() {
        return readOffset;
    }

    /** The db the master's stream has selected (used for a chained snapshot's {@code repl-stream-db}). */
    int streamDb() {
        return masterClient.db();
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
                    applyUnit(unit, name.equals("exec"));
                }
                return;
            }
            if (!command.isEmpty() && command.name().equals("multi")) {
                transaction = new ArrayList<>();
                transaction.add(command);
                return;
            }
            applyUnit(List.of(command), true);
        } catch (StreamDesyncException e) {
            log.warn("Replication stream from master desynchronized: {}", e.getMessage());
            connection.link().dropCachedHistory();
            connection.fail(e.getMessage());
        }
    }

    private void applyUnit(List<RespCommand> unit, boolean execute) {
        long offsetBefore;
        long offsetAfter;
        boolean getack = false;
        failures.clear();
        ReentrantReadWriteLock.WriteLock lock = keyspace.lock().writeLock();
        lock.lock();
        try {
            if (connection.link().isStopped()) {
                // The link was replaced (REPLICAOF) or the node promoted while this channel was
                // still reading: none of the old master's bytes may land any more.
                retired = true;
                return;
            }
            offsetBefore = stream.offset();
            for (RespCommand command : unit) {
                appendExact(command);
            }
            if (execute) {
                for (RespCommand command : unit) {
                    getack |= apply(command);
                }
            }
            offsetAfter = stream.offset();
        } finally {
            lock.unlock();
            if (retired) {
                connection.fail("replication from this master stopped");
            }
        }
        keyspace.dispatchChangeEvents();
        stream.wakeSenders();
        if (getack) {
            connection.sendAck(offsetBefore);
        }
        if (!failures.isEmpty()) {
            propagationFailed(offsetAfter);
        }
    }

    /** Counts, reports and acts on the failed commands of the unit just applied. */
    private void propagationFailed(long offset) {
        PropagationErrorBehavior behavior = context.config().propagationErrorBehavior();
        ReplicaLink link = connection.link();
        for (String[] failure : failures) {
            context.countPropagationError();
            context.events().emit(new ReplicationEvent.ApplyFailed(link.masterName(), failure[0], failure[1], offset,
                    behavior));
        }
        String[] first = failures.get(0);
        switch (behavior) {
            case IGNORE -> {
                for (String[] failure : failures) {
                    if (reportedErrors.add(failure[0])) {
                        log.warn("== CRITICAL == This replica is sending an error to its master: '{}' after processing "
                                + "the command '{}' (logged once per command name)", failure[1], failure[0]);
                    }
                }
            }
            case RESYNC -> {
                diverged = true;
                String reason = "the master's command '" + first[0] + "' failed on this replica: " + first[1];
                log.warn("{} (at offset {}). Its data set may differ from the master's: breaking the link for a full "
                        + "resync (propagation-error-behavior resync).", reason, offset);
                link.diverged(connection, reason, false);
            }
            case PANIC, PANIC_ON_REPLICAS -> {
                diverged = true;
                String reason = "the master's command '" + first[0] + "' failed on this replica: " + first[1];
                log.error("{} (at offset {}). Stopping replication (propagation-error-behavior {}): the data set stays "
                        + "as it is, the link stays down until REPLICAOF; the next sync is a full one.", reason, offset,
                        behavior.configName());
                link.diverged(connection, reason, true);
            }
        }
    }

    /** Appends the command's exact wire bytes to this node's backlog (advancing its offset). */
    private void appendExact(RespCommand command) {
        long wire = command.wireLength();
        if (command.isEmpty()) {
            byte[] bytes = emptyForm(wire);
            if (bytes == null) {
                throw new StreamDesyncException("an empty request of " + wire + " bytes cannot be forwarded byte-exact");
            }
            stream.forwardRaw(bytes);
            return;
        }
        int canonical = stream.forward(command.argv(), wire);
        if (canonical != wire) {
            throw new StreamDesyncException("master sent " + command.name() + " in a non-canonical encoding ("
                    + wire + " bytes on the wire, " + canonical + " re-encoded)");
        }
    }

    private static byte[] emptyForm(long wireLength) {
        return switch ((int) Math.min(wireLength, 16)) {
            case 1 -> new byte[] {'\n'};
            case 2 -> new byte[] {'\r', '\n'};
            case 4 -> new byte[] {'*', '0', '\r', '\n'};
            case 5 -> new byte[] {'*', '-', '1', '\r', '\n'};
            default -> null;
        };
    }

    /** Runs one command of the stream; returns whether it was {@code REPLCONF GETACK}. */
    private boolean apply(RespCommand command) {
        if (command.isEmpty()) {
            return false;
        }
        String name = command.name();
        switch (name) {
            case "multi", "exec", "ping" -> {
                return false;
            }
            case "select" -> {
                select(command);
                return false;
            }
            case "replconf" -> {
                return command.argc() >= 2 && Args.is(command.arg(1), "getack");
            }
            default -> {
                CommandResult result = keyspace.execute(masterClient, command.argv());
                if (result.isError()) {
                    reportError(name, ((dev.tandem.core.reply.Reply.ErrorReply) result.reply()).text());
                }
                return false;
            }
        }
    }

    private void select(RespCommand command) {
        Long db = command.argc() == 2 ? Args.parseLongStrict(command.arg(1)) : null;
        if (db == null || db < 0 || db >= keyspace.databaseCount()) {
            reportError("select", db == null ? "ERR value is not an integer or out of range" : "ERR DB index is out of range");
            return;
        }
        selectDb((int) (long) db);
    }

    private void selectDb(int db) {
        masterClient.select(db);
        connection.link().streamDb(db);
    }

    private void reportError(String command, String error) {
        failures.add(new String[] {command, error});
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof RespProtocolException protocol) {
            // The decoder's own message says what was wrong (Redis's "Master using the inline
            // protocol. Desync?" only when the master did send an inline command).
            String text = new String(protocol.errorReplyBytes(), StandardCharsets.ISO_8859_1).trim();
            String where = "after offset " + context.backlog().masterReplOffset()
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
