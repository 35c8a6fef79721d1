/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.replication.ReplicationId;
import dev.tandem.replication.internal.pubsub.PubSub;
import dev.tandem.replication.internal.pubsub.PublishCommands;
import dev.tandem.resp.RespCommandDecoder;
import dev.tandem.resp.RespDecoderLimits;
import dev.tandem.scripting.internal.ScriptingState;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The RESP command server of a Tandem node: every connection accepted on the node's listener
 * gets the pipeline that {@link #channelInitializer()} installs (a {@link RespCommandDecoder}
 * followed by a per-connection {@code ClientConnectionHandler}). The transport layer installs it
 * on whatever channel type it binds (TCP, {@code LocalChannel}); the server itself binds nothing.
 *
 * <p>The keyspace's command table must contain the keyspace-level commands the server routes
 * there (SELECT; see {@link ServerKeyspaceCommands}), so that they queue inside MULTI like data
 * commands.
 * Everything about replication goes through {@link ReplicationHooks}.
 */
public final class RespServer {

    /** The Redis version Tandem reports: the version whose behaviour it reproduces. */
    public static final String REDIS_VERSION = "7.0.15";

    private final Keyspace keyspace;
    private final ServerConfig config;
    private final ReplicationHooks replication;
    private final Optional<DebugDigestProvider> digest;
    /** EVAL/FUNCTION state: asked for BUSY replies and SCRIPT/FUNCTION KILL outside the keyspace lock. */
    private final ScriptingState scripting;
    private final ClientRegistry clients = new ClientRegistry();
    private final ServerStats stats = new ServerStats();
    private final ClientPause clientPause = new ClientPause(System::nanoTime);
    private final Diagnostics diagnostics = new Diagnostics();
    private final MonitorFeed monitors = new MonitorFeed();
    private final ClientsCron clientsCron = new ClientsCron(clients, stats);
    private final PubSub pubsub;
    /** CLIENT TRACKING's tables (client-side caching), fed by the keyspace's changes. */
    private final Tracking tracking;
    private final CommandDispatcher dispatcher;
    /** ACL users; the default user follows the config's requirepass. */
    private final dev.tandem.replication.internal.acl.AclUsers acl;
    private final String runId = ReplicationId.randomHex(40);
    private final long startMillis = System.currentTimeMillis();
    private volatile int listeningPort;
    private volatile ShutdownHandler shutdownHandler;
    private volatile ConfigRewriter configRewriter;
    private final ConfigCommand configCommand;
    private final PersistenceHooks persistence;

    private RespServer(Builder b) {
        this.keyspace = b.keyspace;
        this.config = b.config;
        this.replication = b.replication != null ? b.replication : new StandaloneReplicationHooks(keyspace);
        this.digest = Optional.ofNullable(b.digest);
        this.persistence = b.persistence;
        this.scripting = b.scripting;
        this.listeningPort = b.listeningPort;
        ServerKeyspaceCommands.requireRegistered(keyspace.commands());
        // The node registered its hub's PUBLISH already; a bare server (tests) gets a hub here.
        this.pubsub = PublishCommands.attach(keyspace.commands());
        this.tracking = new Tracking(clients, keyspace);
        keyspace.addInvalidations(tracking);
        this.configCommand = new ConfigCommand(this);
        this.acl = new dev.tandem.replication.internal.acl.AclUsers(() -> config.requirepass());
        this.dispatcher = new CommandDispatcher(this);
        if (scripting != null) {
            // redis.call reaches the server's own commands (PING, INFO, DEBUG...) and MONITOR.
            scripting.server(new ScriptServerCommands(dispatcher.serverCommands(), monitors,
                    System.currentTimeMillis()));
        }
    }

    public static Builder builder(Keyspace keyspace) {
        return new Builder(keyspace);
    }

    /**
     * The initializer for accepted channels; shareable across listeners. Each channel gets a
     * decoder (unauthenticated limits while a password is required) and its connection handler.
     */
    public ChannelInitializer<Channel> channelInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                RespCommandDecoder decoder = new RespCommandDecoder(acl.authRequired()
                        ? RespDecoderLimits.unauthenticatedDefaults() : RespDecoderLimits.defaults());
                ch.pipeline().addLast(ClientConnectionHandler.DECODER_NAME, decoder);
                ch.pipeline().addLast(ClientConnectionHandler.HANDLER_NAME,
                        new ClientConnectionHandler(RespServer.this, decoder));
            }
        };
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /** The server's ACL users. */
    public dev.tandem.replication.internal.acl.AclUsers acl() {
        return acl;
    }

    public ServerConfig config() {
        return config;
    }

    public ReplicationHooks replication() {
        return replication;
    }

    /** The keyspace's pub/sub hub (the one its PUBLISH delivers through). */
    public PubSub pubsub() {
        return pubsub;
    }

    public ServerStats stats() {
        return stats;
    }

    /** Connections currently open (normal clients and replica links). */
    public int connectedClients() {
        return clients.size();
    }

    /** A snapshot of the open connections, in id order. */
    public List<ClientInfo> clients() {
        return new ArrayList<>(clients.sorted());
    }

    /** The port the node listens on, for INFO's {@code tcp_port} (0 when unknown, e.g. local channels). */
    public void listeningPort(int port) {
        this.listeningPort = port;
    }

    public int listeningPort() {
        return listeningPort;
    }

    /**
     * What {@code SHUTDOWN} does; null (the default) refuses it, so that clients cannot stop a
     * node embedded in an application.
     */
    public void shutdownHandler(ShutdownHandler handler) {
        this.shutdownHandler = handler;
    }

    public ShutdownHandler shutdownHandler() {
        return shutdownHandler;
    }

    /**
     * {@code rename-command name newName} (empty: remove), applied before the server serves
     * clients, as Redis applies it while reading its configuration.
     *
     * @throws IllegalArgumentException with Redis's message for an unknown name or a taken new name
     */
    public void renameCommand(String name, String newName) {
        dispatcher.renames().rename(name, newName);
    }

    /** What {@code CONFIG REWRITE} does; null (the default): Redis's error for a server without a config file. */
    public void configRewriter(ConfigRewriter rewriter) {
        this.configRewriter = rewriter;
    }

    public ConfigRewriter configRewriter() {
        return configRewriter;
    }

    /** Every directive's current value as {@code CONFIG GET *} shows it, by name. */
    public java.util.Map<String, String> configValues() {
        return configCommand.values();
    }

    ConfigCommand configCommand() {
        return configCommand;
    }

    /** SAVE, BGSAVE, LASTSAVE, SHUTDOWN's save and INFO persistence; {@link PersistenceHooks#NONE} by default. */
    public PersistenceHooks persistence() {
        return persistence;
    }

    public String runId() {
        return runId;
    }

    long startMillis() {
        return startMillis;
    }

    Optional<DebugDigestProvider> digest() {
        return digest;
    }

    /** The scripting state of the keyspace's EVAL/FUNCTION commands, or null without scripting. */
    public ScriptingState scripting() {
        return scripting;
    }

    ClientPause clientPause() {
        return clientPause;
    }

    /** SLOWLOG, LATENCY and their directives. */
    Diagnostics diagnostics() {
        return diagnostics;
    }

    /** Client-side caching (CLIENT TRACKING). */
    Tracking tracking() {
        return tracking;
    }

    MonitorFeed monitors() {
        return monitors;
    }

    ClientRegistry registry() {
        return clients;
    }

    ClientsCron clientsCron() {
        return clientsCron;
    }

    CommandDispatcher dispatcher() {
        return dispatcher;
    }

    /** Builds a {@link RespServer}. */
    public static final class Builder {
        private final Keyspace keyspace;
        private ServerConfig config = new ServerConfig();
        private ReplicationHooks replication;
        private DebugDigestProvider digest;
        private ScriptingState scripting;
        private int listeningPort;
        private PersistenceHooks persistence = PersistenceHooks.NONE;

        private Builder(Keyspace keyspace) {
            this.keyspace = Objects.requireNonNull(keyspace, "keyspace");
        }

        public Builder config(ServerConfig value) {
            this.config = Objects.requireNonNull(value);
            return this;
        }

        /** The replication layer; a {@link StandaloneReplicationHooks} master when not set. */
        public Builder replication(ReplicationHooks value) {
            this.replication = Objects.requireNonNull(value);
            return this;
        }

        /** The digest behind DEBUG DIGEST / DIGEST-VALUE; without one those reply an error. */
        public Builder digest(DebugDigestProvider value) {
            this.digest = Objects.requireNonNull(value);
            return this;
        }

        /** The node's persistence (SAVE, BGSAVE, LASTSAVE, SHUTDOWN's save, INFO persistence). */
        public Builder persistence(PersistenceHooks value) {
            this.persistence = Objects.requireNonNull(value);
            return this;
        }

        /** The scripting state behind the keyspace's EVAL/FUNCTION commands (BUSY, SCRIPT KILL). */
        public Builder scripting(ScriptingState value) {
            this.scripting = Objects.requireNonNull(value);
            return this;
        }

        public Builder listeningPort(int port) {
            this.listeningPort = port;
            return this;
        }

        public RespServer build() {
            return new RespServer(this);
        }
    }
}
