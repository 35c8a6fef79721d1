/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.ClientState;
import dev.tandem.resp.RespCommandDecoder;
import dev.tandem.resp.RespDecoderLimits;
import dev.tandem.resp.RespVersion;
import io.netty.channel.Channel;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongConsumer;

/**
 * The server's state of one client connection. Mutated only on the channel's event loop; the
 * fields other connections read ({@code CLIENT LIST}, {@code CLIENT KILL}) are volatile.
 */
final class ClientConnection implements ClientInfo {

    private final long id;
    private final Channel channel;
    private final String address;
    private final String localAddress;
    private final long createdMillis;
    /** The keyspace's view of this client: selected db, protocol, MULTI queue, WATCHed keys. */
    final ClientState state = ClientState.client();
    /** Server commands queued inside MULTI, merged into EXEC's reply. */
    final TransactionOverlay transaction = new TransactionOverlay();

    /** The connection's request decoder, whose limits follow authentication (null in unit tests). */
    private final RespCommandDecoder decoder;
    private volatile String name;
    private volatile boolean authenticated;
    /** The ACL user the connection runs as; the default user until AUTH says otherwise. */
    private volatile dev.tandem.replication.internal.acl.AclUser user;
    private volatile RespVersion protocol = RespVersion.RESP2;
    private volatile ClientKind kind = ClientKind.NORMAL;
    private volatile long lastInteractionMillis;
    private volatile String lastCommand = "NULL";
    /** Replication offset after this client's last write, for WAIT (Redis's c->woff). */
    long writeOffset;
    /** Set by a command whose reply arrives later (WAIT); the handler stops reading until then. */
    CompletionStage<dev.tandem.core.reply.Reply> deferredReply;
    /**
     * The deferred reply is a blocking command's (BLPOP...): the handler keeps reading, so that a
     * closed connection is noticed and withdraws the client, and queues its later requests.
     */
    boolean blockedOnKeys;
    /** Set by PSYNC/SYNC: the handler hands the channel over after flushing earlier replies. */
    byte[][] pendingSync;
    /**
     * Set by the dispatcher when a failover's write pause postponed this client's command: the
     * handler keeps the command and runs it again once the stage completes (Redis's
     * {@code blockPostponeClient}).
     */
    java.util.concurrent.CompletionStage<Void> postponedUntil;
    /** Set by QUIT, protocol errors and CLIENT KILL of oneself: close once the reply is written. */
    boolean closeAfterReply;
    /** The listener that receives requests once this connection is a replica link. */
    ReplicaLinkListener replicaLink;
    /** This connection's CLIENT TRACKING state; null until its first CLIENT TRACKING on. */
    volatile ClientTracking tracking;
    /** This connection's pub/sub subscriptions; null until its first (P|S)SUBSCRIBE. */
    ClientPubSub pubsub;
    /** CLIENT REPLY OFF: no replies until CLIENT REPLY ON (pushes still go out, as in Redis 7.0). */
    boolean replyOff;
    /** CLIENT REPLY SKIP: the reply of the command being run is dropped (Redis's CLIENT_REPLY_SKIP). */
    boolean skipThisReply;
    /** CLIENT REPLY SKIP was just run: the next command's reply is dropped (CLIENT_REPLY_SKIP_NEXT). */
    boolean skipNextReply;
    /** CLIENT NO-EVICT ON (flag {@code e}); recorded for CLIENT LIST, client eviction is not implemented. */
    volatile boolean noEvict;
    /** After MONITOR: the connection receives every command as a status line (Redis's CLIENT_MONITOR). */
    volatile boolean monitor;
    /** A monitor's lines for its own command, written after that command's reply (event loop only). */
    final java.util.List<dev.tandem.core.reply.Reply> ownMonitorLines = new java.util.ArrayList<>(1);
    /** Where a monitor's lines go (the handler); null until the handler admits the connection. */
    private volatile java.util.function.Consumer<dev.tandem.core.reply.Reply> replyPusher;
    /** Where push frames go (the handler); null until the handler admits the connection. */
    private volatile PushWriter pushWriter;
    /** The connection's part of the server's clients cron; null until the handler admits it. */
    private volatile LongConsumer periodicCheck;

    ClientConnection(long id, Channel channel, String address, String localAddress, long nowMillis,
                     boolean authenticated, RespCommandDecoder decoder) {
        this.decoder = decoder;
        this.id = id;
        state.blockingAllowed(true);
        this.channel = channel;
        this.address = address;
        this.localAddress = localAddress;
        this.createdMillis = nowMillis;
        this.lastInteractionMillis = nowMillis;
        this.authenticated = authenticated;
    }

    @Override
    public long id() {
        return id;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String localAddress() {
        return localAddress;
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    void name(String newName) {
        this.name = newName == null || newName.isEmpty() ? null : newName;
    }

    @Override
    public ClientKind kind() {
        return kind;
    }

    void kind(ClientKind newKind) {
        this.kind = newKind;
    }

    dev.tandem.replication.internal.acl.AclUser user() {
        return user;
    }

    void user(dev.tandem.replication.internal.acl.AclUser value) {
        this.user = value;
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    /** Marks the connection (un)authenticated and sets the decoder's limits to match, as Redis does. */
    void authenticated(boolean value) {
        this.authenticated = value;
        if (decoder != null) {
            decoder.limits(value ? RespDecoderLimits.defaults() : RespDecoderLimits.unauthenticatedDefaults());
        }
    }

    RespVersion protocol() {
        return protocol;
    }

    void protocol(RespVersion version) {
        this.protocol = version;
        state.protocol(version == RespVersion.RESP3 ? 3 : 2);
    }

    long createdMillis() {
        return createdMillis;
    }

    long lastInteractionMillis() {
        return lastInteractionMillis;
    }

    void touch(long nowMillis, String commandName) {
        this.lastInteractionMillis = nowMillis;
        this.lastCommand = commandName;
    }

    /** Whether the reply now being written is dropped (CLIENT REPLY OFF / SKIP). */
    boolean repliesSuppressed() {
        return replyOff || skipThisReply;
    }

    /** After a command's reply: a SKIP just run applies to the next command only (Redis's resetClient). */
    void commandDone() {
        skipThisReply = skipNextReply;
        skipNextReply = false;
    }

    String lastCommand() {
        return lastCommand;
    }

    boolean isBlocked() {
        return deferredReply != null;
    }

    /** Bytes written to the channel but not yet taken by the socket (Redis's omem). */
    long pendingOutputBytes() {
        io.netty.channel.ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** Writes push frames on the connection's event loop, after the replies before them. */
    interface PushWriter {
        /** Appends one push frame ({@code >} in RESP3, an array in RESP2) and sees that it is flushed. */
        void push(java.util.List<dev.tandem.core.reply.Reply> frame);
    }

    void pushWriter(PushWriter writer) {
        this.pushWriter = writer;
    }

    /** On the event loop: one push frame, behind the replies already written (no-op once closed). */
    void push(java.util.List<dev.tandem.core.reply.Reply> frame) {
        PushWriter writer = pushWriter;
        if (writer != null) {
            writer.push(frame);
        }
    }

    void replyPusher(java.util.function.Consumer<dev.tandem.core.reply.Reply> pusher) {
        this.replyPusher = pusher;
    }

    /** On the event loop: one out-of-band reply (a MONITOR line), behind the replies already written. */
    void pushReply(dev.tandem.core.reply.Reply reply) {
        java.util.function.Consumer<dev.tandem.core.reply.Reply> pusher = replyPusher;
        if (pusher != null) {
            pusher.accept(reply);
        }
    }

    /** Whether the connection has any subscription (Redis's CLIENT_PUBSUB flag). */
    boolean isSubscribed() {
        ClientPubSub p = pubsub;
        return p != null && p.subscriptions().any();
    }

    @Override
    public String toString() {
        return "client id=" + id + " addr=" + address;
    }

    /** Installs what the clients cron runs for this connection (on its event loop). */
    void periodicCheck(LongConsumer check) {
        this.periodicCheck = check;
    }

    /**
     * Queues this connection's periodic check on the channel's event loop (any thread): the
     * check touches the channel and the handler's state, which belong to that loop.
     */
    void schedulePeriodicCheck(long nowMillis) {
        LongConsumer check = periodicCheck;
        if (check == null) {
            return;
        }
        try {
            channel.eventLoop().execute(() -> check.accept(nowMillis));
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down: the connection is gone with it.
        }
    }
}
