/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.OutputBufferLimit;
import dev.tandem.resp.RespCommand;
import dev.tandem.resp.RespCommandDecoder;
import dev.tandem.resp.RespProtocolException;
import dev.tandem.resp.RespWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import dev.tandem.resp.RespVersion;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's request loop, after the {@link RespCommandDecoder}. Replies of one read
 * batch are appended to one pooled buffer and flushed once, in {@code channelReadComplete}.
 *
 * <p>Explicit states decide what happens to an arriving request:
 * <ul>
 *   <li><b>running</b>: it is executed at once;</li>
 *   <li><b>paused</b> — the channel is not writable (the client does not read its replies) or a
 *       reply is deferred (WAIT): requests wait in arrival order in a backlog and reading stops
 *       ({@code autoRead} off), so a client cannot grow the server's memory by not reading; when
 *       the channel is writable again, or the deferred reply is written, the backlog runs and
 *       reading resumes;</li>
 *   <li><b>replica link</b> (after an accepted PSYNC/SYNC): requests go to the replication
 *       layer's listener and the server writes nothing;</li>
 *   <li><b>closing</b> (QUIT, a protocol error, a kill): nothing more runs.</li>
 * </ul>
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter {

    static final String DECODER_NAME = "resp-decoder";
    static final String HANDLER_NAME = "resp-client";

    private static final Logger log = LoggerFactory.getLogger(ClientConnectionHandler.class);

    /** Replies are handed to the channel once this many bytes are pending in the batch buffer. */
    private static final int WRITE_THRESHOLD = 64 * 1024;
    private static final byte[] MAX_CLIENTS = "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);
    static final String DENIED = "-DENIED Redis is running in protected mode because protected mode is enabled and "
            + "no password is set for the default user. In this mode connections are only accepted from the "
            + "loopback interface. If you want to connect from external computers to Redis you may adopt one of "
            + "the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET "
            + "protected-mode no' from the loopback interface by connecting to Redis from the same host the "
            + "server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. "
            + "Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the "
            + "protected mode by editing the Redis configuration file, and setting the protected mode option to "
            + "'no', and then restarting the server. 3) If you started the server manually just for testing, "
            + "restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the "
            + "default user. NOTE: You only need to do one of the above things in order for the server to start "
            + "accepting connections from the outside.\r\n";

    private final RespServer server;
    private final RespCommandDecoder decoder;
    private final ArrayDeque<RespCommand> backlog = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private ClientConnection client;
    private ByteBuf batch;
    private boolean pausedForWritability;
    /** Replies wait for the AOF's group commit ({@link ReplyBarrier}); reading stops meanwhile. */
    private boolean awaitingDurability;
    /** Something was added to the batch while waiting: it may need a later fsync. */
    private boolean wroteWhileAwaiting;
    /** A batch was handed to the channel without a flush (at the write threshold). */
    private boolean handedUnflushed;
    /** A flush of pushed frames is queued on the event loop. */
    private boolean flushScheduled;
    private boolean closing;
    private boolean released;
    private RespProtocolException pendingProtocolError;
    /** This client's output-limit state: the same check a replica's session makes. */
    private final OutputBufferLimit.Tracker outputLimit;

    ClientConnectionHandler(RespServer server, RespCommandDecoder decoder) {
        this.server = server;
        this.decoder = decoder;
        this.outputLimit = OutputBufferLimit.UNLIMITED.newTracker(server.keyspace().clock()::nowMillis);
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            activate();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        activate();
        super.channelActive(ctx);
    }

    private void activate() {
        if (client != null || released) {
            return;
        }
        Channel ch = ctx.channel();
        long now = server.keyspace().clock().nowMillis();
        ServerConfig config = server.config();
        client = new ClientConnection(server.registry().nextId(), ch, format(ch.remoteAddress()),
                format(ch.localAddress()), now, !server.acl().authRequired(), decoder);
        client.user(server.acl().defaultUser());
        server.stats().connectionReceived();
        if (!server.registry().tryAdd(client, config.maxclients())) {
            refuse(MAX_CLIENTS, "max number of clients reached");
            return;
        }
        if (config.protectedMode() && server.acl().defaultUser().nopass() && !isLoopback(ch.remoteAddress())) {
            refuse(DENIED.getBytes(StandardCharsets.US_ASCII), "protected mode");
            return;
        }
        client.periodicCheck(this::periodicCheck);
        client.pushWriter(this::push);
        client.replyPusher(this::pushReply);
        server.clientsCron().connectionAdmitted(ch.eventLoop());
    }

    private void refuse(byte[] error, String why) {
        log.warn("Refusing connection from {}: {}", client.address(), why);
        server.stats().connectionRejected();
        closing = true;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(error)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        release();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    /** Frees everything the connection holds; safe to call more than once. */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        closing = true;
        if (batch != null) {
            batch.release();
            batch = null;
        }
        backlog.clear();
        if (client != null) {
            if (client.deferredReply != null) {
                client.deferredReply.toCompletableFuture().cancel(false); // e.g. a blocked WAIT
            }
            client.deferredReply = null;
            client.periodicCheck(null);
            client.pushWriter(null);
            client.replyPusher(null);
            server.monitors().remove(client);
            server.tracking().disable(client); // Redis's freeClient: disableTracking
            if (client.pubsub != null) {
                client.pubsub.subscriptions().clear(); // a closed subscriber no longer counts in PUBLISH
            }
            server.registry().remove(client);
            server.clientsCron().connectionRemoved();
            server.keyspace().unwatchAll(client.state);
        }
    }

    // ---- requests --------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RespCommand command)) {
            ReferenceCountUtil.release(msg);
            throw new IllegalStateException("unexpected message " + msg.getClass().getName());
        }
        if (command.wireLength() > 0) {
            server.stats().netInput(command.wireLength());
        }
        if (client == null || closing) {
            return;
        }
        if (client.replicaLink != null) {
            forwardToReplicaLink(command);
        } else if (isPaused()) {
            backlog.add(command);
        } else {
            process(command);
        }
    }

    private boolean isPaused() {
        return pausedForWritability || awaitingDurability || client.isBlocked() || client.postponedUntil != null;
    }

    private void process(RespCommand command) {
        if (command.isEmpty()) {
            return;
        }
        client.touch(server.keyspace().clock().nowMillis(), commandName(command, server.dispatcher()));
        // Redis's processCommand: tracking-table-max-keys is enforced before each command.
        server.tracking().limitUsedSlots(ctx.executor());
        Reply reply;
        // The reply goes through this connection's reply barrier: the AOF need not force the write itself.
        ReplyBarrier.enterDeferring();
        try {
            reply = server.dispatcher().dispatch(client, command.argv());
        } catch (RuntimeException e) {
            log.error("Command {} failed on {}", command, client, e);
            reply = Reply.error("ERR internal error: " + e);
        } finally {
            ReplyBarrier.exitDeferring();
        }
        if (reply != null) {
            writeReply(reply);
            client.commandDone();
        } else if (client.deferredReply != null) {
            deferReply(client.deferredReply);
        } else if (client.postponedUntil != null) {
            postpone(command, client.postponedUntil);
        } else if (client.pendingSync != null) {
            handOff();
        } else {
            client.commandDone();
        }
        if (!client.ownMonitorLines.isEmpty()) {
            client.ownMonitorLines.forEach(this::pushReply);
            client.ownMonitorLines.clear();
        }
        ClientTracking tracking = client.tracking;
        if (tracking != null) {
            // CLIENT CACHING lasts one command (or transaction); this command's own invalidations follow its reply.
            tracking.commandDone(command.name().equals("client"));
            tracking.flushAfterReply();
        }
        if (client.closeAfterReply) {
            closeAfterReply();
        }
    }

    /** CLIENT LIST's cmd field: the command, or container|subcommand. */
    private static String commandName(RespCommand command, CommandDispatcher dispatcher) {
        String name = dispatcher.commandName(command.arg(0)); // shared, not built per request
        if (command.argc() > 1 && (name.equals("client") || name.equals("config") || name.equals("command"))) {
            return name + "|" + CommandDispatcher.lowerName(command.arg(1));
        }
        return name;
    }

    /** A command's reply, unless CLIENT REPLY OFF or SKIP drops it (push frames are not replies). */
    private void writeReply(Reply reply) {
        if (!client.repliesSuppressed()) {
            write(reply);
        }
    }

    private void write(Reply reply) {
        if (batch == null) {
            batch = ctx.alloc().ioBuffer(256);
        }
        int before = batch.writerIndex();
        ReplyEncoder.write(reply, client.protocol(), batch);
        server.stats().netOutput(batch.writerIndex() - before);
        wroteWhileAwaiting |= awaitingDurability;
        if (batch.readableBytes() >= WRITE_THRESHOLD) {
            // Handed to the channel but not flushed: nothing leaves before flush() passes the barrier.
            ctx.write(batch);
            batch = null;
            handedUnflushed = true;
            afterWrite();
        }
    }

    /**
     * A push frame (a subscribe confirmation, a message): {@code >} in RESP3, an array in RESP2,
     * appended behind everything already in the batch — so a client publishing to itself gets
     * the message before PUBLISH's reply, as from Redis. Appending is in-memory work (it may run
     * under the keyspace lock, from a PUBLISH on this loop); the flush is a task of its own.
     */
    private void push(List<Reply> frame) {
        if (closing) {
            return;
        }
        if (batch == null) {
            batch = ctx.alloc().ioBuffer(256);
        }
        int before = batch.writerIndex();
        if (client.protocol() == RespVersion.RESP3) {
            RespWriter.writePushHeader(batch, frame.size());
        } else {
            RespWriter.writeArrayHeader(batch, frame.size());
        }
        for (Reply item : frame) {
            ReplyEncoder.write(item, client.protocol(), batch);
        }
        server.stats().netOutput(batch.writerIndex() - before);
        scheduleFlush();
    }

    /** Flushes what was appended out of band, once, in a task of its own. */
    private void scheduleFlush() {
        wroteWhileAwaiting |= awaitingDurability;
        if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(() -> {
                flushScheduled = false;
                if (!closing) {
                    flush();
                }
            });
        }
    }

    /** A MONITOR line: a reply of no request, appended and flushed like a push frame. */
    private void pushReply(Reply reply) {
        if (closing) {
            return;
        }
        if (batch == null) {
            batch = ctx.alloc().ioBuffer(256);
        }
        int before = batch.writerIndex();
        ReplyEncoder.write(reply, client.protocol(), batch);
        server.stats().netOutput(batch.writerIndex() - before);
        scheduleFlush();
    }

    /** After handing bytes to the channel: enforce the output limit, pause if not writable. */
    private void afterWrite() {
        if (overOutputLimit(server.keyspace().clock().nowMillis())) {
            return;
        }
        if (!ctx.channel().isWritable() && !pausedForWritability) {
            pausedForWritability = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void flush() {
        if (awaitingDurability) {
            return; // the barrier's completion flushes
        }
        if (batch != null || handedUnflushed) {
            ReplyBarrier barrier = server.persistence().replyBarrier();
            long position = barrier.pending();
            if (position >= 0) {
                awaitDurability(barrier, position);
                return;
            }
        }
        send();
    }

    /** Hands the batch to the channel and flushes it, past the barrier. */
    private void send() {
        handedUnflushed = false;
        if (batch != null) {
            ctx.write(batch);
            batch = null;
            ctx.flush();
            afterWrite();
        } else {
            ctx.flush();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!closing) {
            flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && pausedForWritability && !closing) {
            pausedForWritability = false;
            resume();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Runs the backlog until it is empty or the connection pauses again; then reads on. */
    private void resume() {
        while (!backlog.isEmpty() && !isPaused() && !closing && client.replicaLink == null) {
            process(backlog.poll());
        }
        while (!backlog.isEmpty() && client.replicaLink != null && !closing) {
            forwardToReplicaLink(backlog.poll());
        }
        if (closing) {
            return;
        }
        flush();
        if (backlog.isEmpty() && !isPaused()) {
            if (pendingProtocolError != null) {
                failProtocol(pendingProtocolError);
            } else {
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    /** A failover's write pause: the command goes back to the front and runs again when it ends. */
    private void postpone(RespCommand command, CompletionStage<Void> pause) {
        backlog.addFirst(command);
        ctx.channel().config().setAutoRead(false);
        pause.whenComplete((v, error) -> {
            try {
                ctx.executor().execute(() -> {
                    if (closing || client.postponedUntil != pause) {
                        return;
                    }
                    client.postponedUntil = null;
                    resume();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("Postponed command of {} dropped: event loop terminated", client);
            }
        });
    }

    private void deferReply(CompletionStage<Reply> stage) {
        if (!client.blockedOnKeys) {
            ctx.channel().config().setAutoRead(false);
        }
        stage.whenComplete((reply, error) -> {
            try {
                ctx.executor().execute(() -> {
                    if (closing || client.deferredReply != stage) {
                        return;
                    }
                    client.deferredReply = null;
                    client.blockedOnKeys = false;
                    writeReply(error != null ? Reply.error("ERR " + error.getMessage()) : reply);
                    client.commandDone();
                    ClientTracking tracking = client.tracking;
                    if (tracking != null) {
                        tracking.flushAfterReply(); // e.g. a served BLMOVE's own invalidation, after its reply
                    }
                    resume();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The event loop is shutting down: the connection is gone with it.
                log.debug("Deferred reply for {} dropped: event loop terminated", client);
            }
        });
    }

    /**
     * {@code appendfsync always}: the replies in the batch were made after writes that are not on
     * disk yet; they leave when the group commit's fsync covers them (Redis's beforeSleep order:
     * fsync the AOF, then write the replies). Reading stops meanwhile, so the batch does not grow.
     */
    private void awaitDurability(ReplyBarrier barrier, long position) {
        awaitingDurability = true;
        wroteWhileAwaiting = false;
        ctx.channel().config().setAutoRead(false);
        CompletionStage<Void> reached = barrier.whenReached(position);
        // Asked at the end of this event-loop round: the other connections served in it join the same fsync.
        ctx.executor().execute(barrier::sync);
        reached.whenComplete((v, error) -> {
            try {
                ctx.executor().execute(() -> {
                    awaitingDurability = false;
                    if (closing) {
                        return;
                    }
                    if (error != null) {
                        log.warn("Closing {} without its replies: the append only file could not be synced ({})",
                                client, error.getMessage());
                        closing = true;
                        ctx.close();
                        return;
                    }
                    // Replies added while waiting (a push, a deferred reply) may follow later writes: check again.
                    if (wroteWhileAwaiting) {
                        flush();
                    } else {
                        send();
                    }
                    resume();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("Durable flush for {} dropped: event loop terminated", client);
            }
        });
    }

    /**
     * Before bytes leave other than through {@link #flush()} (a hand-off, a close): waits here,
     * on the event loop, for the barrier — at most one fsync, and only on these rare paths.
     * Returns false when the replies must not go out (the file could not be synced).
     */
    private boolean awaitDurableNow() {
        if (batch == null && !handedUnflushed) {
            return true;
        }
        ReplyBarrier barrier = server.persistence().replyBarrier();
        long position = barrier.pending();
        if (position < 0) {
            return true;
        }
        try {
            CompletionStage<Void> reached = barrier.whenReached(position);
            barrier.sync();
            reached.toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("Dropping the replies of {}: the append only file could not be synced ({})", client, e.toString());
            return false;
        }
    }

    /** PSYNC/SYNC: earlier replies go out first, then the replication layer decides. */
    private void handOff() {
        byte[][] argv = client.pendingSync;
        client.pendingSync = null;
        if (!awaitDurableNow()) {
            closing = true;
            ctx.close();
            return;
        }
        send();
        SyncHandoff outcome;
        try {
            outcome = server.replication().sync(new ReplicaHandoff(ctx.channel(), client, argv));
        } catch (RuntimeException e) {
            log.error("Sync hand-off of {} failed", client, e);
            write(Reply.error("ERR internal error: " + e));
            return;
        }
        if (outcome instanceof SyncHandoff.Accepted accepted) {
            client.kind(ClientKind.REPLICA);
            client.replicaLink = accepted.listener();
            log.info("Client {} became a replica link", client);
        } else {
            write(((SyncHandoff.Refused) outcome).reply());
        }
    }

    /**
     * After the hand-off only REPLCONF ACK/GETACK and bare newlines are legal: anything else would
     * need a reply, and Redis disconnects a replica that generates one.
     */
    private void forwardToReplicaLink(RespCommand command) {
        boolean replconfAck = command.argc() >= 2 && command.name().equals("replconf")
                && (CommandDispatcher.lowerName(command.arg(1)).equals("ack")
                || CommandDispatcher.lowerName(command.arg(1)).equals("getack"));
        if (command.isEmpty() || replconfAck) {
            client.touch(server.keyspace().clock().nowMillis(), command.isEmpty() ? client.lastCommand() : "replconf");
            client.replicaLink.onRequest(command);
            return;
        }
        log.warn("Replica {} sent '{}', which generates a reply; disconnecting it", client, command.name());
        closing = true;
        ctx.close();
    }

    private void closeAfterReply() {
        closing = true;
        if (!awaitDurableNow()) {
            ctx.close();
            return;
        }
        if (batch != null) {
            ctx.write(batch);
            batch = null;
        }
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    // ---- errors ----------------------------------------------------------------------------

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof RespProtocolException protocolError && client != null && client.replicaLink == null
                && !closing) {
            if (isPaused()) {
                // Replies to the requests before the bad input come first.
                pendingProtocolError = protocolError;
            } else {
                failProtocol(protocolError);
            }
            return;
        }
        OutOfMemoryError oom = outOfMemory(cause);
        if (oom != null && client != null && client.replicaLink == null && !closing) {
            failOutOfMemory(oom);
            return;
        }
        if (!closing) {
            log.debug("Closing {} after {}", client, cause.toString());
        }
        closing = true;
        ctx.close();
    }

    /**
     * Redis's reply to a write it cannot hold ({@code maxmemory}); here the limit is the JVM's
     * heap (or Netty's direct memory), which a legal request can exceed: a 400 MB SET on a
     * 512 MB heap, an RPUSH with millions of arguments. The client gets this reply, not a silent
     * reset (issue #14).
     */
    static final String OOM_REPLY = "OOM command not allowed when used memory > 'maxmemory'.";

    /** An OutOfMemoryError, possibly wrapped (a decoder's, a listener's), or null. */
    private static OutOfMemoryError outOfMemory(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * A request (its decoding or its execution) ran out of memory: what was read of it is
     * dropped with it and the decoder's state cannot be trusted, so, as after a protocol error,
     * the client gets the error and the connection closes. The memory it took is garbage now,
     * which is what lets the reply be written at all.
     */
    private void failOutOfMemory(OutOfMemoryError oom) {
        log.warn("Client {} sent a request that does not fit in memory ({}): replying -OOM and closing the connection",
                client, oom.toString());
        server.stats().errorReply(OOM_REPLY);
        try {
            if (batch == null) {
                batch = ctx.alloc().ioBuffer(128);
            }
            RespWriter.writeError(batch, OOM_REPLY.getBytes(StandardCharsets.US_ASCII));
            closeAfterReply();
        } catch (OutOfMemoryError again) {
            closing = true;
            ctx.close();
        }
    }

    /** Redis: reply the protocol error, then close the connection. */
    private void failProtocol(RespProtocolException error) {
        log.debug("Protocol error from {}: {}", client, error.getMessage());
        server.stats().errorReply(new String(error.errorReplyBytes(), StandardCharsets.UTF_8));
        if (batch == null) {
            batch = ctx.alloc().ioBuffer(128);
        }
        RespWriter.writeError(batch, error.errorReplyBytes());
        closeAfterReply();
    }

    // ---- periodic checks -------------------------------------------------------------------

    /**
     * This connection's part of the server's {@link ClientsCron} (Redis's clientsCron), on the
     * channel's event loop: idle timeout and the soft output buffer limit.
     */
    private void periodicCheck(long now) {
        if (closing) {
            return;
        }
        long timeout = server.config().timeoutSeconds();
        if (timeout > 0 && client.kind() == ClientKind.NORMAL && !client.isBlocked()
                && (now - client.lastInteractionMillis()) / 1000 > timeout) {
            log.debug("Closing idle client {}", client);
            closing = true;
            ctx.close();
            return;
        }
        overOutputLimit(now);
    }

    /** Redis's checkClientOutputBufferLimits; closes the client and returns true when over. */
    private boolean overOutputLimit(long now) {
        // The class can change (SUBSCRIBE), and CONFIG SET can change the limits: read both each time.
        outputLimit.limit(switch (client.kind()) {
            case NORMAL -> server.config().normalOutputLimit();
            case PUBSUB -> server.config().pubsubOutputLimit();
            default -> OutputBufferLimit.UNLIMITED;
        });
        long used = client.pendingOutputBytes() + (batch == null ? 0 : batch.readableBytes());
        if (outputLimit.check(used, now).disconnect()) {
            log.warn("Client {} closed for overcoming of output buffer limits (omem={})", client, used);
            server.stats().outputLimitDisconnection();
            closing = true;
            ctx.close();
            return true;
        }
        return false;
    }

    // ---- addresses -------------------------------------------------------------------------

    /** An address as Redis prints it: {@code ip:port}, {@code [ipv6]:port}; other kinds as Netty names them. */
    static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String ip = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    /** Protected mode admits loopback TCP peers and every non-TCP peer (in-JVM, unix sockets). */
    static boolean isLoopback(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null && inet.getAddress().isLoopbackAddress();
        }
        return true;
    }
}
