/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.core.internal.ActiveExpiry;
import dev.tandem.replication.internal.EventBus;
import dev.tandem.replication.internal.NodeRuntime;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.spi.SnapshotFormat;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.DirectReads;
import dev.tandem.replication.internal.pubsub.ListenerSubscription;
import dev.tandem.replication.internal.pubsub.Message;
import dev.tandem.replication.internal.pubsub.PubSub;
import dev.tandem.replication.internal.pubsub.PublishCommands;
import dev.tandem.core.Key;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.internal.backlog.ChunkedReplicationBacklog;
import dev.tandem.replication.spi.BacklogFactory;
import dev.tandem.replication.spi.ReplicationBacklog;
import dev.tandem.replication.ConfigException;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.internal.master.MasterPropagationSink;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.core.KeyspaceListener;
import dev.tandem.core.internal.DatasetDigest;
import dev.tandem.core.internal.command.CommandTable;
import dev.tandem.replication.internal.node.CustomCommands;
import dev.tandem.replication.internal.node.NodeConfigurator;
import dev.tandem.replication.internal.node.FailoverCoordinator;
import dev.tandem.replication.internal.replica.ReplicaLink;
import dev.tandem.replication.internal.sentinel.SentinelFollower;
import dev.tandem.replication.internal.node.NodeCron;
import dev.tandem.replication.internal.node.NodeInternals;
import dev.tandem.replication.internal.node.NodeReplicationHooks;
import dev.tandem.replication.internal.node.ReplicationObserver;
import dev.tandem.replication.internal.node.RoleSwitch;
import dev.tandem.replication.internal.persistence.RdbPersistence;
import dev.tandem.replication.internal.replica.ReplicaLink;
import dev.tandem.replication.internal.role.MasterRole;
import dev.tandem.replication.internal.role.NodeRoles;
import dev.tandem.replication.internal.role.WritePolicy;
import dev.tandem.replication.internal.replica.ReplicaPropagationSink;
import dev.tandem.replication.internal.server.RespServer;
import dev.tandem.replication.internal.config.Directive;
import dev.tandem.replication.internal.config.DirectiveRegistry;
import dev.tandem.replication.internal.config.ServerSettings;
import dev.tandem.replication.internal.config.Settings;
import dev.tandem.replication.internal.config.SettingsDraft;
import dev.tandem.replication.internal.server.ServerConfig;
import dev.tandem.replication.internal.server.ServerKeyspaceCommands;
import dev.tandem.replication.transport.LocalTransport;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.transport.TcpTransport;
import dev.tandem.replication.spi.Transport;
import dev.tandem.replication.spi.TransportOptions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.nio.charset.StandardCharsets;
import io.netty.handler.ssl.SslContext;
import dev.tandem.replication.internal.tls.TlsConfigException;
import dev.tandem.replication.internal.tls.TlsListener;
import dev.tandem.replication.internal.tls.TlsOnPlainPortGuard;
import dev.tandem.replication.internal.tls.TlsSettings;
import dev.tandem.replication.internal.tls.TlsState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyspace replicated with the Redis replication protocol: an in-process node that is a
 * master (serving replicas, Tandem or {@code redis-server}) or a replica (of a Tandem node or a
 * {@code redis-server}), switching at run time.
 *
 * <pre>{@code
 * try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().port(0).build().start();
 *      ReplicatedKeyspace replica = ReplicatedKeyspace.builder()
 *              .replicaOf("127.0.0.1", master.port()).build().start()) {
 *     master.set("greeting", "hello");
 *     replica.awaitSynced(Duration.ofSeconds(5));
 *     ...
 * }
 * }</pre>
 *
 * <h2>What runs where</h2>
 * <ul>
 *   <li>Data calls ({@link #execute}, the typed methods, {@link #database}, {@link #asMap()})
 *   run on the caller's thread through {@code core}'s one ordered write path; a master's writes
 *   are encoded into the backlog under the keyspace write lock, and replica senders are woken at
 *   most once per batch.</li>
 *   <li>The node listens with the RESP command server (clients, {@code redis-cli}, replicas'
 *   {@code PSYNC}); connections run on the transport's event loops.</li>
 *   <li>A full sync's snapshot is produced on a driver thread of the node; a replica loads a
 *   snapshot on its link's event loop beside the live data and swaps it in when complete.</li>
 *   <li>A timer thread runs the cron: active expiry at 10 Hz on a master, and once a second
 *   heartbeats, ACKs, timeouts, output limits and the backlog TTL.</li>
 *   <li>{@link ReplicationListener}s receive {@link ReplicationEvent}s on an event thread.</li>
 * </ul>
 *
 * <h2>Thread safety</h2>
 * Every method may be called from any thread, concurrently. Writes are totally ordered (one
 * ordered write path under the keyspace write lock) and each is atomic, like a Redis command; a
 * call returns after its write entered the replication stream, not after a replica has it
 * ({@link #waitForReplicas} waits for that). Reads run concurrently with each other and see every
 * write that returned before they started. Role changes ({@link #replicaOf}, {@link #promote})
 * are serialized with each other and with {@link #start()} and {@link #close()}, and a write
 * racing one is either refused or applied and propagated by the role it ran under — never applied
 * and lost. Listeners run on the node's threads: they must be quick and must not call back into
 * a role change.
 *
 * <h2>Lifecycle</h2>
 * {@link Builder#build()} makes a node that serves its data but does not listen;
 * {@link #start()} binds the listener and starts replication; {@link #close()} stops everything.
 * After {@code close()} every call that reads or changes data, roles, configuration or
 * replication state throws {@link IllegalStateException}; {@link #name()}, {@link #address()},
 * {@link #port()} stay readable and {@code close()} may be called again.
 */
public final class ReplicatedKeyspace implements KeyspaceCommands, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicatedKeyspace.class);
    private static final AtomicInteger NODE_NUMBERS = new AtomicInteger();

    private enum Lifecycle { NEW, STARTED, CLOSED }

    static {
        NodeInternals.install(node -> new NodeInternals.Parts(node.keyspace, node.server, node.context),
                new NodeInternals.BuilderHooks() {
                    @Override
                    public void serverConfig(Builder builder, ServerConfig config) {
                        builder.serverConfig(config);
                    }

                    @Override
                    public void runtime(Builder builder, NodeRuntime runtime) {
                        builder.runtime(runtime);
                    }
                });
    }

    private final String name;
    private final Keyspace keyspace;
    /** The typed reads' fast path (GET, EXISTS, HGET without a command); see {@link #directGet}. */
    private final DirectReads directReads;
    /** EVAL/FUNCTION state: the connection layer asks it for BUSY and SCRIPT KILL. */
    private final dev.tandem.scripting.internal.ScriptingState scripting;
    private final ReplicationBacklog backlog;
    private final Transport transport;
    private final boolean ownsTransport;
    private final NodeAddress listenAddress;
    /** How often a Sentinel-following node asks again, in case a {@code +switch-master} was missed. */
    static final long SENTINEL_REFRESH_MILLIS = 10_000;
    private final NodeAddress initialMaster;
    /** Follows a Sentinel-monitored master; null unless the builder named sentinels. */
    private final SentinelFollower sentinelFollower;
    private final EventBus events;
    private final ScheduledExecutorService scheduler;
    private final ReplicationContext context;
    private final MasterReplication master;
    private final MasterPropagationSink masterSink;
    private final ReplicaPropagationSink replicaSink;
    private final WritePolicy writePolicy;
    private final RoleSwitch roles;
    private final ReplicationObserver observer;
    private final NodeCron cron;
    /** The {@code FAILOVER} command's state machine. */
    private final FailoverCoordinator failover;
    private final RespServer server;
    /** The node's pub/sub hub: the RESP server's subscribers and the API's share it. */
    private final PubSub pubsub;
    /** CONFIG SET and reconfigure: the registry applied to the node, serialized. */
    private final NodeConfigurator configurator;
    /** RDB persistence, or null: a node built without {@link Builder#persistence} keeps no files. */
    private final RdbPersistence persistence;
    private volatile Lifecycle lifecycle = Lifecycle.NEW;
    private volatile Channel listener;
    /** The node's TLS settings and contexts (none unless configured). */
    private final TlsState tls;
    /** Whether to listen for TLS at start: a {@code tls-port}, or the builder's ephemeral TLS port. */
    private final boolean tlsListenerWanted;
    /** Redis's {@code port 0} with a {@code tls-port}: no plain-text listener. */
    private final boolean tlsOnly;
    private volatile TlsListener tlsListener;

    private ReplicatedKeyspace(Builder b) {
        this.name = b.name != null ? b.name : "tandem-" + NODE_NUMBERS.incrementAndGet();
        Settings initial = b.settings.build();
        ReplicationConfig config = initial.replication().orElseThrow();
        // TLS first: bad material fails the build before any thread or buffer exists.
        this.tlsOnly = b.tlsOnly;
        this.tlsListenerWanted = b.tlsPort != null || initial.tls().port() != 0 || b.tlsOnly;
        TlsSettings tlsSettings = b.tlsPort != null && b.tlsPort != 0
                ? initial.tls().toBuilder().port(b.tlsPort).build() : initial.tls();
        try {
            this.tls = new TlsState(tlsSettings, tlsListenerWanted, b.tlsServerContext, b.tlsClientContext);
        } catch (TlsConfigException e) {
            throw new IllegalArgumentException("Failed to configure TLS: " + e.getMessage(), e);
        }
        if (b.transport != null) {
            this.transport = b.transport;
            this.ownsTransport = false;
        } else {
            this.transport = TcpTransport.create(TransportOptions.defaults().withThreadNamePrefix(name));
            this.ownsTransport = true;
        }
        this.listenAddress = b.listen != null ? b.listen
                : transport.defaultListenAddress(name);
        this.initialMaster = b.replicaOf == null ? null : b.replicaOf.resolve(transport);
        NodeRuntime runtime = b.runtime != null ? b.runtime : NodeRuntime.threads(name);
        KeyspaceClock clock = b.clock != null ? b.clock : runtime.keyspaceClock();
        OptionalLong seed = runtime.keyspaceRandomSeed();
        CommandTable commands = ServerKeyspaceCommands.standardTable();
        this.scripting = dev.tandem.scripting.Scripting.register(commands);
        b.commands.forEach(c -> commands.register(CustomCommands.spec(c)));
        this.pubsub = PublishCommands.attach(commands);
        this.keyspace = seed.isPresent()
                ? new Keyspace(config.databases(), clock, commands, seed.getAsLong())
                : new Keyspace(config.databases(), clock, commands);
        this.directReads = new DirectReads(keyspace);
        // Memory accounting reads the JVM's object layout (through JMX) once, at its first use: the
        // first write. A replica that never applied one would pay it (tens of ms, ~100 ms on a
        // loaded machine) at its first write after a promotion, inside a failover's time to a
        // writable master (docs/performance.md); read it now, at start.
        dev.tandem.core.internal.MemoryLayout.shallow(Object.class);
        config.compactEncodings().applyTo(keyspace.encodingLimits());
        dev.tandem.replication.internal.config.MemoryDirectives.applyTo(config.maxMemory(), keyspace.eviction());
        BacklogFactory backlogs = b.backlog != null ? b.backlog
                : (size, allocator) -> new ChunkedReplicationBacklog(size, b.backlogChunkSize, allocator);
        this.backlog = Objects.requireNonNull(backlogs.create(config.replBacklogSize(), b.allocator), "backlog");
        // Deviation from Redis: the backlog is active from the start (see MasterReplication).
        backlog.reset(0);
        this.events = new EventBus(runtime.newEventExecutor());
        b.listeners.forEach(events::addListener);
        this.scheduler = runtime.newScheduler();
        ReplicationContext[] contextRef = new ReplicationContext[1]; // the format reads the live config
        // An explicit format wins; else RDB whose version follows the live rdb-version directive.
        SnapshotFormat format = b.snapshotFormat != null ? b.snapshotFormat
                : RdbSnapshotFormat.following(config.rdbVersion(), () -> contextRef[0].config().rdbVersion());
        ReplicationId replid = ReplicationId.parse(runtime.randomHex(ReplicationId.LENGTH));
        this.context = new ReplicationContext(name, keyspace, config, backlog, ReplicationHistory.fresh(replid), transport,
                format, b.allocator, runtime.monotonicMillis(), events, scheduler, runtime);
        contextRef[0] = context;
        if (b.delaySpillDirectory != null) {
            context.delay().spillDirectory(b.delaySpillDirectory);
        }
        this.master = new MasterReplication(context);
        this.masterSink = new MasterPropagationSink(context);
        this.replicaSink = new ReplicaPropagationSink(backlog);
        this.roles = new RoleSwitch(context, master, masterSink, replicaSink, b.backoff, this::requireStarted);
        this.failover = new FailoverCoordinator(context, master, roles);
        this.observer = new ReplicationObserver(context, master, roles, failover);
        // After an OutOfMemoryError in one of its paths the node closes itself (FatalErrorGuard).
        context.fatalErrors().stopWith(this::close);
        this.cron = new NodeCron(context, master, roles, new ActiveExpiry(keyspace, runtime.nanoTime()), failover);
        context.roles(new NodeRoles(name, keyspace, new MasterRole(masterSink)));
        this.writePolicy = new WritePolicy(context.roles(), context::config, master::refusesWrites);
        keyspace.writeGate(writePolicy);
        this.persistence = b.persistence == null ? null : new RdbPersistence(context, b.persistence);
        if (persistence != null) {
            RdbPersistence files = persistence;
            context.syncDirectory(() -> files.settings().directory()); // Redis spools a full sync into its dir
        }
        if (persistence != null) {
            // A delayed replica's pending stream goes next to the RDB file, so a restart resumes it.
            RdbPersistence p = persistence;
            context.delay().persistTo(() -> {
                java.nio.file.Path rdb = p.settings().rdbFile();
                return rdb.resolveSibling(rdb.getFileName() + ".pending");
            });
        }
        if (persistence != null) {
            writePolicy.diskErrors(persistence::diskErrorRefusal);
        }
        keyspace.hllSparseMaxBytes((int) Math.min(config.hllSparseMaxBytes(), Integer.MAX_VALUE));
        keyspace.streamNodeLimits(config.streamNodeMaxBytes(), config.streamNodeMaxEntries());
        keyspace.notifyFlags(config.notifyKeyspaceEventFlags());
        keyspace.notifier(new dev.tandem.replication.internal.pubsub.KeyspaceEventPublisher(pubsub, keyspace));
        // The password has one owner, the node's ReplicationConfig; the server reads it from there.
        ServerConfig serverConfig = new ServerConfig(initial.server()).passwordFrom(() -> context.config().requirepass());
        scripting.busyReplyThresholdSource(() -> serverConfig.settings().busyReplyThresholdMillis());
        this.configurator = new NodeConfigurator(name, context, master, serverConfig, roles);
        context.tls(tls);
        configurator.tls(tls);
        this.sentinelFollower = b.sentinels == null ? null : new SentinelFollower(b.masterName, b.sentinels,
                transport, scheduler, this::followSentinelMaster, SENTINEL_REFRESH_MILLIS);
        this.server = RespServer.builder(keyspace)
                .config(serverConfig)
                .replication(new NodeReplicationHooks(this, master, roles, writePolicy, transport, configurator,
                        failover))
                .digest(new CoreDigest())
                .persistence(persistence != null ? persistence
                        : dev.tandem.replication.internal.server.PersistenceHooks.NONE)
                .scripting(scripting)
                .build();
        // The backlog and the normal clients' buffers count toward maxmemory (Redis's
        // freeMemoryGetNotCountedMemory leaves out only the replicas' part).
        dev.tandem.replication.internal.server.BufferMemory buffers =
                new dev.tandem.replication.internal.server.BufferMemory(server, backlog::historyLength, backlog::size,
                        () -> backlog.openCursorCount() > 0 || context.role() != Role.MASTER);
        keyspace.eviction().countedBuffers(buffers::countedForEviction);
        cron.everyTick(buffers::refresh);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Binds the listener and starts the node's timers; returns once it listens. A node built with
     * {@link Builder#replicaOf} starts connecting to its master then (asynchronously: use
     * {@link #awaitSynced} to wait for the sync).
     *
     * @throws IllegalStateException when the address cannot be bound or the node was closed
     */
    public ReplicatedKeyspace start() {
        synchronized (roles) {
            if (lifecycle == Lifecycle.STARTED) {
                return this;
            }
            if (lifecycle == Lifecycle.CLOSED) {
                throw new IllegalStateException("node " + name + " is closed");
            }
            NodeAddress sentinelMaster = null;
            if (sentinelFollower != null) {
                String[] hostPort = sentinelFollower.ask().join();
                if (hostPort == null) {
                    throw new IllegalStateException("node " + name + ": no sentinel names a master for this group");
                }
                sentinelMaster = transport.address(hostPort[0], Integer.parseInt(hostPort[1]));
            }
            NodeAddress actual = null;
            if (!tlsOnly) {
                ChannelFuture bound = transport.bind(listenAddress,
                        TlsOnPlainPortGuard.wrap(server.channelInitializer())).awaitUninterruptibly();
                if (!bound.isSuccess()) {
                    throw new IllegalStateException("node " + name + " cannot listen on " + listenAddress + ": "
                            + bound.cause().getMessage(), bound.cause());
                }
                listener = bound.channel();
                actual = transport.toNodeAddress(listener.localAddress());
            }
            TlsListener tlsChannel = new TlsListener(name, transport, listenAddress.host(), tls, server.channelInitializer());
            if (tlsListenerWanted || tls.settings().port() != 0) { // a CONFIG SET tls-port before start counts
                int port = tls.settings().port() != 0 ? tls.settings().port() : tlsOnly ? listenAddress.port() : 0;
                NodeAddress tlsBound;
                try {
                    tlsBound = tlsChannel.bind(port);
                } catch (IllegalStateException e) {
                    Channel plain = listener;
                    if (plain != null) {
                        plain.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
                    }
                    throw new IllegalStateException("node " + name + " " + e.getMessage(), e.getCause());
                }
                tls.boundPort(tlsBound.port());
                if (tlsOnly) {
                    actual = tlsBound;
                }
            }
            tlsListener = tlsChannel;
            configurator.tlsListener(tlsChannel);
            context.listenAddress(actual);
            server.listeningPort(actual.port());
            boolean continuesHistory = false;
            if (persistence != null) {
                // Redis loads before it serves, with its listener open so that clients get -LOADING.
                try {
                    continuesHistory = persistence.loadAtStart(initialMaster != null);
                    context.delay().restoreAtStart(continuesHistory);
                    persistence.start(); // with appendonly yes: opens the AOF (a failure refuses the start too)
                } catch (IllegalStateException e) {
                    if (listener != null) { // null on a TLS-only node
                        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
                        listener = null;
                    }
                    tlsChannel.close();
                    throw e;
                }
            }
            cron.start();
            lifecycle = Lifecycle.STARTED;
            log.info("Tandem node {} ready to accept connections on {} ({})", name, actual, transport.name());
            if (initialMaster != null) {
                roles.startFollowing(initialMaster, continuesHistory);
            }
            if (sentinelFollower != null) {
                roles.startFollowing(sentinelMaster);
                sentinelFollower.start();
            }
        }
        return this;
    }

    /**
     * Stops replication, closes every connection and the listener, and frees the backlog. A
     * transport the node created is shut down; one given to the builder is left running.
     */
    @Override
    public void close() {
        // A script still running holds the keyspace write lock: stop it first (as SHUTDOWN NOSAVE).
        scripting.close();
        synchronized (roles) {
            if (lifecycle == Lifecycle.CLOSED) {
                return;
            }
            lifecycle = Lifecycle.CLOSED;
            if (sentinelFollower != null) {
                sentinelFollower.close();
            }
            // Before the link's stop discards the pending units: their file stays for a restart.
            context.delay().closePendingFile();
            roles.stopLink();
            cron.stop();
        }
        if (persistence != null) {
            persistence.close();
        }
        Channel ch = listener;
        if (ch != null) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        TlsListener tlsChannel = tlsListener;
        if (tlsChannel != null) {
            tlsChannel.close();
        }
        master.close();
        if (ownsTransport) {
            transport.close();
        }
        scheduler.shutdownNow();
        context.delay().close(); // deletes the spill file
        events.close();
        backlog.close();
        log.info("Tandem node {} closed", name);
    }

    // ------------------------------------------------------------------ addresses

    /** The node's name (logs, thread names, the default local endpoint). */
    public String name() {
        return name;
    }

    /** Where the node listens; the bound address (actual port) once started. */
    public NodeAddress address() {
        NodeAddress bound = context.listenAddress();
        return bound != null ? bound : listenAddress;
    }

    /** The bound TCP port (the ephemeral one when built with port 0); 0 for local endpoints. */
    public int port() {
        return address().port();
    }

    public Transport transport() {
        return transport;
    }

    /**
     * The bound TLS port ({@code tls-port}; the ephemeral one when built with
     * {@link Builder#tlsPort tlsPort(0)}); 0 when the node does not listen for TLS.
     */
    public int tlsPort() {
        TlsListener l = tlsListener;
        NodeAddress a = l == null ? null : l.address();
        return a == null ? 0 : a.port();
    }

    /**
     * The replication settings as they are now (they change with {@link #reconfigure} and
     * {@code CONFIG SET}), {@code requirepass} included: this is the password's one owner, which
     * the RESP server reads.
     */
    public ReplicationConfig config() {
        requireOpen();
        return context.config();
    }

    /**
     * {@code CONFIG SET <directive> <value>}: changes one directive at run time (names as in
     * {@code redis.conf}, {@code slave-*} aliases accepted); see {@link #reconfigure(Map)}.
     *
     * @throws ConfigException for an unknown directive, an invalid value or an immutable
     *     directive; {@link ConfigException#reason()} is Redis's wording
     */
    public void reconfigure(String directive, String value) {
        Objects.requireNonNull(value, "value");
        reconfigure(Collections.singletonMap(directive, value));
    }

    /**
     * {@code CONFIG SET <directive> <value> [<directive> <value> ...]}: changes several
     * directives at once, all or nothing: when one is unknown, immutable ({@code databases}, as
     * in Redis), given twice or invalid, none changes. The changes take effect as in Redis 7.0:
     * <ul>
     *   <li>{@code repl-backlog-size} resizes the backlog now (shrinking trims it as far as
     *   lagging replicas allow; values below 16 KB become 16 KB, as {@code CONFIG GET} then
     *   shows);</li>
     *   <li>{@code min-replicas-to-write}/{@code min-replicas-max-lag} re-evaluate the write
     *   check now; {@code replica-allow-empty-unrelated-master yes} retries a refused link;</li>
     *   <li>{@code masterauth}, {@code masteruser}, {@code replica-announce-ip},
     *   {@code replica-announce-port} apply from the next handshake with the master;</li>
     *   <li>{@code requirepass} applies to the next {@code AUTH};</li>
     *   <li>everything else is read where it acts: the next write on a replica
     *   ({@code replica-read-only}, {@code replica-serve-stale-data}), the next full sync
     *   ({@code repl-diskless-sync*}), the next cron second (timeouts, pings, backlog TTL,
     *   output limits), the next connection ({@code maxclients}, {@code protected-mode}), the
     *   next {@code INFO}.</li>
     * </ul>
     *
     * @param changes directive (any accepted name) → value, applied in iteration order
     * @throws ConfigException naming the first offending directive as given, with Redis's reason
     */
    public void reconfigure(Map<String, String> changes) {
        requireOpen();
        configurator.reconfigure(changes);
    }

    // ------------------------------------------------------------------ data

    @Override
    public Reply execute(byte[]... argv) {
        return execute(0, argv);
    }

    /** The commands of database {@code index}. */
    public DatabaseView database(int index) {
        requireOpen();
        if (index < 0 || index >= keyspace.databaseCount()) {
            throw new IllegalArgumentException("database " + index + " out of range 0.." + (keyspace.databaseCount() - 1));
        }
        return new DatabaseView(this, index);
    }

    /** {@link DatabaseView#asMap()} of database 0. */
    public Map<String, String> asMap() {
        return database(0).asMap();
    }

    Reply execute(int db, byte[]... argv) {
        requireOpen();
        Reply refusal = refusal(argv);
        if (refusal != null) {
            return refusal;
        }
        ClientState client = ClientState.client();
        client.select(db);
        try {
            return keyspace.execute(client, argv).reply();
        } catch (VirtualMachineError e) {
            context.fatalErrors().report(e); // the caller sees the error; the node stops and refuses what follows
            throw e;
        }
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] value = directGet(0, key);
        return value != DirectReads.FALLBACK ? value : KeyspaceCommands.super.get(key);
    }

    @Override
    public boolean exists(String key) {
        int found = directExists(0, key);
        return found >= 0 ? found == 1 : KeyspaceCommands.super.exists(key);
    }

    @Override
    public String hget(String key, String field) {
        byte[] value = directHget(0, key, field);
        return value != DirectReads.FALLBACK ? utf8(value) : KeyspaceCommands.super.hget(key, field);
    }

    /**
     * GET without a command, or {@link DirectReads#FALLBACK} when only the command form may
     * answer (an expired key, another type). Refused reads throw as the command form's do: a
     * read is refused only with MASTERDOWN (a replica with replica-serve-stale-data no and its
     * link down), which the write policy decides for both forms.
     */
    byte[] directGet(int db, byte[] key) {
        checkReadAllowed();
        return directReads.get(db, key);
    }

    /** EXISTS without a command: 1, 0, or -1 for the command form (see {@link #directGet}). */
    int directExists(int db, String key) {
        checkReadAllowed();
        return directReads.exists(db, key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** HGET without a command (see {@link #directGet}). */
    byte[] directHget(int db, String key, String field) {
        checkReadAllowed();
        return directReads.hget(db, key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                field.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void checkReadAllowed() {
        requireOpen();
        String refused = writePolicy.refusal(false, false);
        if (refused != null) {
            throw new RedisReplyException(refused);
        }
    }

    static String utf8(byte[] value) {
        return value == null ? null : new String(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Redis's refusals for a normal client's command ({@code NOREPLICAS}, {@code READONLY},
     * {@code MASTERDOWN}), decided by the node's one {@link WritePolicy}. The API treats every
     * command as one that stale data refuses. A write that passes here is checked again under
     * the keyspace write lock, where the role cannot change under it.
     */
    private Reply refusal(byte[][] argv) {
        if (argv.length == 0) {
            return null;
        }
        String refused = writePolicy.refusal(isWrite(argv), false);
        return refused == null ? null : Reply.error(refused);
    }

    private boolean isWrite(byte[][] argv) {
        CommandSpec spec = keyspace.commands().lookup(argv[0]);
        return spec != null && spec.isWrite();
    }

    // ------------------------------------------------------------------ pub/sub

    /**
     * {@code PUBLISH channel message}: delivers to this node's subscribers (RESP clients and API
     * listeners) and, on a master, goes into the replication stream like a write, so the
     * subscribers of every replica down the chain — Tandem or {@code redis-server} — receive it
     * too. On a replica it is delivered locally only, as Redis does.
     *
     * @return the receivers on this node, counted as Redis counts them (one per matching
     *     channel or pattern subscription)
     */
    public long publish(String channel, String message) {
        return publish(channel.getBytes(StandardCharsets.UTF_8), message.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #publish(String, String)} with binary channel and message. */
    public long publish(byte[] channel, byte[] message) {
        requireOpen();
        // Not through the API's refusal check: Redis lets a replica, even one with stale data, publish.
        Reply reply = keyspace.execute(ClientState.client(), new byte[][] {PUBLISH, channel, message}).reply();
        if (reply instanceof Reply.IntegerReply n) {
            return n.value();
        }
        throw new IllegalStateException("PUBLISH failed: " + reply);
    }

    /**
     * {@code SUBSCRIBE}: {@code listener} receives every message published to these channels on
     * this node — by its clients, its API, or (on a replica) its master — on the node's event
     * thread, until the returned handle is closed.
     */
    public Subscription subscribe(MessageListener listener, String... channels) {
        return subscribe(Message.Kind.CHANNEL, listener, channels);
    }

    /** {@code PSUBSCRIBE}: as {@link #subscribe}, for the channels matching Redis glob patterns. */
    public Subscription psubscribe(MessageListener listener, String... patterns) {
        return subscribe(Message.Kind.PATTERN, listener, patterns);
    }

    private Subscription subscribe(Message.Kind kind, MessageListener listener, String... names) {
        requireOpen();
        Objects.requireNonNull(listener, "listener");
        if (names.length == 0) {
            throw new IllegalArgumentException("at least one channel or pattern");
        }
        return ListenerSubscription.open(pubsub, kind, List.of(names), listener, context.events()::execute);
    }

    private static final byte[] PUBLISH = {'P', 'U', 'B', 'L', 'I', 'S', 'H'};

    boolean refusesStaleData() {
        return writePolicy.refusesStaleData();
    }

    /** {@code DEBUG DIGEST}: Redis's order-independent digest of the whole dataset (40 hex chars). */
    public String digest() {
        requireOpen();
        return dev.tandem.core.internal.DatasetDigest.of(keyspace);
    }

    // ------------------------------------------------------------------ roles

    public Role role() {
        requireOpen();
        return context.role();
    }

    /**
     * {@code REPLICAOF host port}: follow that master from now on, keeping the dataset until the
     * sync replaces it. A TCP host and port, or whatever the node's transport maps the pair to
     * (the in-JVM transport takes {@code host} as the endpoint name). Returns at once; the sync
     * runs in the background.
     */
    public void replicaOf(String host, int port) {
        replicaOf(transport.address(host, port));
    }

    /** {@link #replicaOf(String, int)} with a transport address. */
    public void replicaOf(NodeAddress masterAddress) {
        roles.replicaOf(masterAddress);
    }

    /**
     * {@code REPLICAOF NO ONE}: stop following the master and accept writes, keeping the
     * dataset. The node starts a new history (its old replication id stays valid as replid2 up
     * to the current offset, so other replicas of the old master can continue from it) and
     * disconnects its own replicas so they learn the new id. No-op on a master.
     */
    public void promote() {
        requireOpen();
        roles.promote();
    }

    /**
     * A sentinel named the master (at start, on {@code +switch-master}, or when asked again):
     * follow it unless it already is the master, or it is this node (a node Sentinel promoted
     * despite {@code replica-priority}: it stays master rather than following itself).
     */
    private void followSentinelMaster(String host, int port) {
        synchronized (roles) {
            if (lifecycle != Lifecycle.STARTED) {
                return;
            }
            NodeAddress target = transport.address(host, port);
            NodeAddress self = context.listenAddress();
            if (self != null && self.port() == port && (host.equals(self.host()) || host.equals("127.0.0.1")
                    && self.host().equals("0.0.0.0"))) {
                return;
            }
            ReplicaLink link = roles.link();
            if (link == null || !link.masterAddress().equals(target)) {
                log.info("Sentinel names {}:{} the master of this node's group: following it", host, port);
                roles.replicaOf(target);
            }
        }
    }

    /**
     * {@code FAILOVER [TO host port [FORCE]] [TIMEOUT ms]}: hands the master role to a replica
     * without losing a write, as Redis 6.2+ does. The node pauses its RESP clients' writes
     * (they wait), waits until the target — {@code host}/{@code port} as the replica announced
     * them in {@code INFO}'s {@code slaveN} rows, or with {@code host} null the first replica
     * that caught up — acknowledged this master's offset, then becomes that replica's replica
     * with a {@code PSYNC <replid> <offset> FAILOVER} that makes the target promote itself and
     * continue partially. With a timeout ({@code timeoutMillis > 0}) a target that does not
     * catch up in time aborts the failover, unless {@code force} (which needs both a target and
     * a timeout) hands over anyway. Writes through this API are not paused: an application
     * writing through it while a failover waits delays the catch-up.
     *
     * @param host the target's address, or null for any replica that catches up
     * @param timeoutMillis 0 for no timeout
     * @return completes with true once the target accepted the hand-off (this node is then its
     *     replica), with false if the failover was aborted (timeout, {@link #abortFailover()},
     *     the target refused); fails with {@link RedisReplyException} carrying Redis's error
     *     when the failover cannot start ({@code FAILOVER requires connected replicas.}, ...)
     */
    public java.util.concurrent.CompletableFuture<Boolean> failover(String host, int port, boolean force,
            long timeoutMillis) {
        requireStarted();
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must be >= 0");
        }
        java.util.concurrent.CompletableFuture<Boolean> outcome = new java.util.concurrent.CompletableFuture<>();
        dev.tandem.core.reply.Reply reply = failover.start(host, port, force, timeoutMillis, outcome);
        if (reply instanceof dev.tandem.core.reply.Reply.ErrorReply error) {
            outcome.completeExceptionally(new RedisReplyException(error.text()));
        }
        return outcome;
    }

    /** {@code FAILOVER ABORT}; false when no failover was running. */
    public boolean abortFailover() {
        requireOpen();
        return !(failover.abort() instanceof dev.tandem.core.reply.Reply.ErrorReply);
    }

    /**
     * Every call that reads or changes data, roles, configuration or replication state fails
     * once the node is closed, rather than quietly working on a dataset nobody replicates.
     */
    private void requireOpen() {
        context.fatalErrors().check(); // before CLOSED: the node closed itself, the error says why
        if (lifecycle == Lifecycle.CLOSED) {
            throw new IllegalStateException("node " + name + " is closed");
        }
    }

    private void requireStarted() {
        context.fatalErrors().check();
        if (lifecycle != Lifecycle.STARTED) {
            throw new IllegalStateException("node " + name + " is " + lifecycle.name().toLowerCase());
        }
    }

    // ------------------------------------------------------------------ observation

    /** {@code master_repl_offset}: on a replica, the offset of the master's stream applied here. */
    public long masterReplOffset() {
        requireOpen();
        return backlog.masterReplOffset();
    }

    /**
     * The controls of delayed replication ({@code replica-delay}, {@link Builder#replicaDelay}):
     * the same as the {@code REPLDELAY} command. On a node that is not delayed they report an
     * empty pending stream.
     */
    public DelayedReplication delayedReplication() {
        requireOpen();
        return context.delay();
    }

    /** A typed snapshot of {@code INFO replication}; its {@code toString()} is Redis's exact text. */
    public ReplicationInfo replicationInfo() {
        requireOpen();
        return observer.replicationInfo();
    }

    /**
     * For tests and start-up code: on a replica, waits until the link to the master is up (the
     * full or partial sync completed and the stream flows); on a master, until every connected
     * replica is online and has acknowledged the current offset (it asks them for an ACK at once,
     * as {@code WAIT} does). Returns whether that happened within {@code timeout}.
     */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        requireOpen();
        return observer.awaitSynced(timeout);
    }

    // ------------------------------------------------------------------ persistence

    /** The persistence the node was built with, if any. */
    public java.util.Optional<Persistence> persistence() {
        requireOpen();
        return persistence == null ? java.util.Optional.empty() : java.util.Optional.of(persistence.settings());
    }

    /**
     * {@code SAVE}: writes the data set to {@code dir/dbfilename} on the calling thread (through
     * a temp file, fsynced and renamed) and returns once it is on disk. Writers are not blocked:
     * the snapshot is forkless, so the file holds the data set as of the call.
     *
     * @throws IllegalStateException when the node was built without {@link Builder#persistence}
     * @throws RedisReplyException with Redis's text when a save is already running
     *     ({@code ERR Background save already in progress}) or the file cannot be written ({@code ERR})
     */
    public void save() {
        requirePersistence();
        try {
            persistence.saveNow();
        } catch (RdbPersistence.SaveException e) {
            throw new RedisReplyException(e.getMessage());
        }
    }

    /**
     * {@code BGSAVE}: starts a save on the node's save thread and returns at once; a
     * {@link ReplicationEvent.SaveFinished} tells how it ended.
     *
     * @throws IllegalStateException when the node was built without {@link Builder#persistence}
     * @throws RedisReplyException {@code ERR Background save already in progress}
     */
    public void bgsave() {
        requirePersistence();
        try {
            persistence.bgsaveNow(false);
        } catch (RdbPersistence.SaveException e) {
            throw new RedisReplyException(e.getMessage());
        }
    }

    /** {@code LASTSAVE}: the Unix time in seconds of the last successful save (the start time before one). */
    public long lastSave() {
        requirePersistence();
        return persistence.lastSaveSeconds();
    }

    private void requirePersistence() {
        requireOpen();
        if (persistence == null) {
            throw new IllegalStateException("node " + name + " was built without persistence(...)");
        }
    }

    // ------------------------------------------------------------------ write safety

    /**
     * {@code WAIT numreplicas timeout}: waits until at least {@code numReplicas} replicas
     * acknowledged this node's offset at the time of the call — so every write any thread made
     * through this node before calling — or until {@code timeout} passes ({@link Duration#ZERO} waits
     * forever); returns how many replicas had acknowledged it by then, which may be fewer than
     * asked. Like Redis, it asks the replicas for an ACK at once ({@code REPLCONF GETACK *}).
     *
     * <p>What it does not do: make the write durable, or undo it when too few replicas
     * acknowledged it in time (the write stays applied here and reaches the replicas later, or
     * is lost if this node fails first). See "Write safety" in {@code docs/architecture.md}.
     *
     * @throws RedisReplyException on a replica, with Redis's text
     * @throws IllegalArgumentException for a negative timeout
     * @throws InterruptedException when interrupted while waiting (the wait is withdrawn)
     */
    public int waitForReplicas(int numReplicas, Duration timeout) throws InterruptedException {
        requireOpen();
        return observer.waitForReplicas(numReplicas, backlog.masterReplOffset(), timeout);
    }

    /**
     * {@link #waitForReplicas(int, Duration)} for an explicit replication offset, e.g. one read
     * with {@link #masterReplOffset()} right after the writes that matter.
     */
    public int waitForReplicas(int numReplicas, long offset, Duration timeout) throws InterruptedException {
        requireOpen();
        return observer.waitForReplicas(numReplicas, offset, timeout);
    }

    /**
     * {@code CONFIG SET min-replicas-to-write / min-replicas-max-lag} at run time: while both are
     * non-zero, this master refuses writes with {@code -NOREPLICAS Not enough good replicas to
     * write.} when fewer than {@code toWrite} replicas are online and acknowledged within the
     * last {@code maxLagSeconds} seconds. It bounds how far replicas can lag behind accepted
     * writes; it does not make any particular write reach a replica (see {@link #waitForReplicas}).
     */
    public void minReplicas(int toWrite, int maxLagSeconds) {
        requireOpen();
        if (toWrite < 0 || maxLagSeconds < 0) {
            throw new IllegalArgumentException("min-replicas values must be >= 0: " + toWrite + " " + maxLagSeconds);
        }
        requireOpen();
        configurator.minReplicas(toWrite, maxLagSeconds);
    }

    /**
     * {@code replica-allow-empty-unrelated-master} at run time (Tandem's own directive; see
     * {@link dev.tandem.replication.internal.replica.EmptyMasterGuard}). Allowing it retries at once a link
     * that refused such a master.
     */
    public void allowEmptyUnrelatedMaster(boolean allow) {
        reconfigure(ReplicationConfig.ALLOW_EMPTY_UNRELATED_MASTER, allow ? "yes" : "no");
    }

    /** Whether a replica with data accepts an empty data set from an unrelated master now. */
    public boolean allowsEmptyUnrelatedMaster() {
        requireOpen();
        return context.allowEmptyUnrelatedMaster();
    }

    /**
     * Counters of the master side: full syncs served, partial resyncs accepted and refused, and
     * snapshots produced (one snapshot may serve several replicas).
     */
    public SyncCounters syncCounters() {
        requireOpen();
        return new SyncCounters(master.syncFullCount(), master.syncPartialOkCount(), master.syncPartialErrCount(),
                master.snapshotsStarted());
    }

    /**
     * @param syncFull {@code sync_full}
     * @param syncPartialOk {@code sync_partial_ok}
     * @param syncPartialErr {@code sync_partial_err}
     * @param snapshots snapshots produced for full syncs
     */
    public record SyncCounters(long syncFull, long syncPartialOk, long syncPartialErr, long snapshots) { }

    public void addListener(ReplicationListener listener) {
        requireOpen();
        events.addListener(listener);
    }

    public void removeListener(ReplicationListener listener) {
        requireOpen();
        events.removeListener(listener);
    }

    /**
     * Observes every change to the data set — writes on a master, the master's commands applied
     * on a replica, expiries — in the order they entered the replication stream, each with the
     * offset it reached. Listeners run right after the write on the thread that made it (a caller,
     * an event loop applying the stream, the cron), one event at a time and never concurrently;
     * they must be quick and must not block. An exception is logged and does not stop the others.
     * A full sync that replaces the data set is reported as a {@link ReplicationEvent}, not as
     * per-key changes.
     */
    public void addChangeListener(KeyspaceListener listener) {
        requireOpen();
        keyspace.addListener(listener);
    }

    public void removeChangeListener(KeyspaceListener listener) {
        requireOpen();
        keyspace.removeListener(listener);
    }

    /**
     * This node's replication id, offset and {@code DEBUG DIGEST} taken atomically (under the
     * keyspace lock, so no write or applied command falls between them): two nodes with the same
     * id and offset must have the same digest. Computing the digest walks the whole data set.
     */
    public ReplicationSample sample() {
        requireOpen();
        ReentrantReadWriteLock.ReadLock lock = keyspace.lock().readLock();
        lock.lock();
        try {
            return new ReplicationSample(context.role(), context.history().replid(), backlog.masterReplOffset(),
                    DatasetDigest.of(keyspace));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ReplicatedKeyspace[" + name + ", " + context.role().infoName() + ", " + address() + "]";
    }

    /** DEBUG DIGEST / DIGEST-VALUE for the RESP server, from core's digest. */
    private static final class CoreDigest implements dev.tandem.replication.internal.server.DebugDigestProvider {
        @Override
        public String digest(Keyspace keyspace) {
            return dev.tandem.core.internal.DatasetDigest.of(keyspace);
        }

        @Override
        public String digestValue(Keyspace keyspace, int db, byte[] key) {
            return dev.tandem.core.internal.DatasetDigest.ofValue(keyspace, db, Key.of(key));
        }
    }

    // ------------------------------------------------------------------ builder

    /** Where {@link Builder#replicaOf} points, resolved once the transport is known. */
    private record MasterTarget(String host, int port, NodeAddress address) {
        NodeAddress resolve(Transport transport) {
            if (address != null) {
                return address;
            }
            return transport.address(host, port);
        }
    }

    /** Builds a {@link ReplicatedKeyspace}; every setting has a default. */
    public static final class Builder {
        private String name;
        private NodeAddress listen;
        private Transport transport;
        /** The directives given so far, in the one registry's terms (replication and server settings). */
        private SettingsDraft settings = SettingsDraft.ofNode(ReplicationConfig.builder(), ServerSettings.DEFAULTS);
        private MasterTarget replicaOf;
        private java.nio.file.Path delaySpillDirectory;
        private List<NodeAddress> sentinels;
        private String masterName;
        private SnapshotFormat snapshotFormat;
        /** Null: the runtime's (the wall clock by default). */
        private KeyspaceClock clock;
        private NodeRuntime runtime;
        private ReconnectBackoff backoff = ReconnectBackoff.DEFAULT;
        private ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
        private int backlogChunkSize = ChunkedReplicationBacklog.DEFAULT_CHUNK_SIZE;
        private BacklogFactory backlog;
        private Persistence persistence;
        private final List<ReplicationListener> listeners = new ArrayList<>();
        private final List<CustomCommand> commands = new ArrayList<>();
        /** The builder's TLS port (0 = ephemeral), or null for the {@code tls-port} directive's. */
        private Integer tlsPort;
        private boolean tlsOnly;
        private SslContext tlsServerContext;
        private SslContext tlsClientContext;

        private Builder() {
        }

        /** A name for logs and threads (default {@code tandem-<n>}); also the default local endpoint. */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** Listen on a TCP host and port (0 = ephemeral). Default {@code 127.0.0.1:0}. */
        public Builder listen(String host, int port) {
            return listen(NodeAddress.tcp(host, port));
        }

        /** Listen on a transport address (TCP, or a local endpoint name for {@link LocalTransport}). */
        public Builder listen(NodeAddress address) {
            this.listen = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Listen on {@code 127.0.0.1:port} (0 = ephemeral). */
        public Builder port(int port) {
            return listen(NodeAddress.tcp("127.0.0.1", port));
        }

        /**
         * The transport (shared: the node does not shut it down). Default: a TCP transport of
         * its own, with one I/O thread.
         */
        public Builder transport(Transport value) {
            this.transport = Objects.requireNonNull(value, "transport");
            return this;
        }

        /** The whole replication configuration (replaces earlier replication {@link #directive} calls). */
        public Builder config(ReplicationConfig value) {
            this.settings = SettingsDraft.ofNode(value.toBuilder(), settings.server());
            return this;
        }

        /**
         * One {@code redis.conf} directive by Redis's name, e.g. {@code repl-backlog-size 64mb} or
         * {@code maxclients 100}: any directive {@code CONFIG SET} knows, immutable ones too.
         *
         * @throws ConfigException for an unknown directive or an invalid value
         */
        public Builder directive(String directive, String value) {
            DirectiveRegistry.applyAtStart(settings, directive, value);
            return this;
        }

        /**
         * {@code maxmemory}: the data set's memory limit in bytes (0, the default: none), through
         * the same directive {@code CONFIG SET maxmemory} changes. Past it a master evicts by
         * {@link #maxMemoryPolicy} or refuses writes that may grow memory with {@code -OOM}.
         */
        public Builder maxMemory(long bytes) {
            return directive("maxmemory", Long.toString(bytes));
        }

        /** {@code maxmemory-policy} (default {@link dev.tandem.core.EvictionPolicy#NOEVICTION}). */
        public Builder maxMemoryPolicy(dev.tandem.core.EvictionPolicy policy) {
            return directive("maxmemory-policy", policy.configName());
        }

        /** Several directives (directive → value), in iteration order. */
        public Builder directives(Map<String, String> values) {
            values.forEach(this::directive);
            return this;
        }

        /**
         * Start as a replica of that master ({@code replicaof host port} in {@code redis.conf});
         * for a {@link LocalTransport}, {@code host} is the master's endpoint name.
         */
        public Builder replicaOf(String host, int port) {
            this.replicaOf = new MasterTarget(host, port, null);
            return this;
        }

        public Builder replicaOf(NodeAddress address) {
            this.replicaOf = new MasterTarget(null, 0, Objects.requireNonNull(address, "address"));
            return this;
        }

        /**
         * {@code replica-delay}: a replica applies each unit of its master's stream this long
         * after it arrived (receiving at full speed); {@link Duration#ZERO} (the default) is off.
         * Tandem's own; see {@link DelayedReplication}.
         *
         * @throws ConfigException for a negative delay or one beyond
         *     {@link ReplicationConfig#MAX_REPLICA_DELAY_MILLIS}
         */
        public Builder replicaDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.compareTo(Duration.ofMillis(ReplicationConfig.MAX_REPLICA_DELAY_MILLIS)) > 0) {
                throw new ConfigException("replica-delay", delay.toString(), "argument must be between 0 and "
                        + ReplicationConfig.MAX_REPLICA_DELAY_MILLIS + " milliseconds (30 days) inclusive");
            }
            return directive("replica-delay", Long.toString(delay.toMillis()));
        }

        /**
         * Where a delayed replica's pending stream spills beyond
         * {@code replica-delay-buffer-memory} (an append-only file, deleted when the node
         * closes). Default: {@code java.io.tmpdir}; the launcher uses {@code dir}.
         */
        public Builder replicaDelaySpillDirectory(java.nio.file.Path directory) {
            this.delaySpillDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The full-sync snapshot format; Redis RDB (version 9) by default. */
        public Builder snapshotFormat(SnapshotFormat value) {
            this.snapshotFormat = Objects.requireNonNull(value, "snapshotFormat");
            return this;
        }

        /** The clock that decides key expiry (tests inject one). */
        public Builder clock(KeyspaceClock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Where the node's timer, snapshot driver and event delivery run and what its clocks and
         * random sources are. Default: threads of its own and the system's clocks. Not API: the
         * deterministic simulation supplies one through {@code NodeInternals.runtime}.
         */
        private Builder runtime(NodeRuntime value) {
            this.runtime = Objects.requireNonNull(value, "runtime");
            return this;
        }

        /** When a replica retries after failed attempts (default 100 ms doubling to 2 s). */
        public Builder reconnectBackoff(ReconnectBackoff value) {
            this.backoff = Objects.requireNonNull(value, "backoff");
            return this;
        }

        /**
         * Settings of the RESP server (maxclients, timeout, protected mode, output limits),
         * copied now (replaces earlier server {@link #directive} calls). Its password, if it has
         * one, becomes the node's {@code requirepass}: the node owns the password. Not API (the
         * server's settings are internal; users set them with {@link #directive}): Tandem's
         * launcher reaches it through {@code NodeInternals.serverConfig}.
         */
        private Builder serverConfig(ServerConfig value) {
            Objects.requireNonNull(value, "serverConfig");
            settings.server(value.settings().withRequirepass(null));
            value.requirepass().ifPresent(settings.replication()::requirepass);
            return this;
        }

        /** Where backlog chunks and snapshot chunks come from (default: Netty's pooled allocator). */
        public Builder allocator(ByteBufAllocator value) {
            this.allocator = Objects.requireNonNull(value, "allocator");
            return this;
        }

        /** The backlog's chunk size (default 64 KiB). */
        /**
         * Registers a command of the application's own (see {@link CustomCommand}): served by
         * {@code execute} and the RESP listener, replicated by its effects.
         *
         * @throws IllegalArgumentException at {@link #build()} when its name is taken
         */
        public Builder command(CustomCommand command) {
            commands.add(Objects.requireNonNull(command, "command"));
            return this;
        }

        /**
         * Another backlog in place of the built-in chunked one (SPI): called once while the node
         * is built, with {@code repl-backlog-size} and the allocator. {@link #backlogChunkSize}
         * then has no effect.
         */
        public Builder backlog(BacklogFactory factory) {
            this.backlog = Objects.requireNonNull(factory, "factory");
            return this;
        }

        public Builder backlogChunkSize(int bytes) {
            this.backlogChunkSize = bytes;
            return this;
        }

        /**
         * Keeps the data set on disk as Redis's RDB persistence does (see {@link Persistence}):
         * {@link ReplicatedKeyspace#start()} loads {@code dir/dbfilename} first (restoring the
         * replication id and offset, so a restarted node continues by partial resync), save rules
         * save in the background, {@code SAVE}/{@code BGSAVE} and {@link ReplicatedKeyspace#save()}
         * save on demand. Off by default.
         */
        public Builder persistence(Persistence value) {
            this.persistence = Objects.requireNonNull(value, "persistence");
            return this;
        }

        /** A listener registered before anything can happen. */
        public Builder listener(ReplicationListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Also listen for TLS on {@code port} of the listen host (0 = an ephemeral port,
         * {@link ReplicatedKeyspace#tlsPort()} tells which), as {@code tls-port} does. The
         * listener's context is {@link #tls(SslContext)}'s, else the one the {@code tls-*}
         * directives ({@code tls-cert-file}, {@code tls-key-file}, {@code tls-ca-cert-file}, ...)
         * describe.
         */
        public Builder tlsPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("TLS port out of range: " + port);
            }
            this.tlsPort = port;
            return this;
        }

        /**
         * Listen for TLS only, on the {@link #listen} address (Redis's {@code port 0} with a
         * {@code tls-port}): no plain-text listener; {@link ReplicatedKeyspace#port()} is the TLS port.
         */
        public Builder tlsOnly() {
            this.tlsOnly = true;
            return this;
        }

        /**
         * The TLS listener's context, instead of the {@code tls-*} files (Netty's
         * {@code SslContextBuilder.forServer(...)}; ask for client certificates with its
         * {@code clientAuth}). Needs {@link #tlsPort} or {@link #tlsOnly} (or a {@code tls-port})
         * to listen. A {@code CONFIG SET} of {@code tls-cert-file} later replaces it with the files'.
         */
        public Builder tls(SslContext serverContext) {
            if (!Objects.requireNonNull(serverContext, "serverContext").isServer()) {
                throw new IllegalArgumentException("not a server context");
            }
            this.tlsServerContext = serverContext;
            return this;
        }

        /**
         * Connect to the master over TLS with this client context ({@code tls-replication yes}
         * with the context in place of the files); it decides which certificates the master may
         * present and which certificate this replica presents. Not needed for a
         * {@link LocalTransport} node.
         */
        public Builder replicaTls(SslContext clientContext) {
            if (!Objects.requireNonNull(clientContext, "clientContext").isClient()) {
                throw new IllegalArgumentException("not a client context");
            }
            this.tlsClientContext = clientContext;
            return this;
        }

        /** The node, not yet listening. */
        /**
         * Follow the master of a Sentinel-monitored group instead of a fixed one: the node asks
         * these sentinels ({@code host:port} each) for the master of {@link #masterName} at
         * start, follows the {@code +switch-master} announcements of one of them (moving to the
         * next when it goes away), asks again every ten seconds in case one was missed, and
         * re-points its link ({@code REPLICAOF}) after each failover, continuing partially
         * (PSYNC2) where the new master's history allows. The node is a replica from the start
         * and {@link #start()} fails when no sentinel names the master. Sentinels discover
         * replicas from the master's {@code INFO}: give such a node
         * {@code directive("replica-priority", "0")} so Sentinel never promotes it.
         */
        public Builder sentinels(String... hostPorts) {
            List<NodeAddress> addresses = new java.util.ArrayList<>();
            for (String hp : hostPorts) {
                int colon = hp == null ? -1 : hp.lastIndexOf(':');
                if (colon <= 0 || colon == hp.length() - 1) {
                    throw new IllegalArgumentException("sentinel address must be host:port: " + hp);
                }
                int port;
                try {
                    port = Integer.parseInt(hp.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("sentinel address must be host:port: " + hp);
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("sentinel port out of range: " + hp);
                }
                addresses.add(NodeAddress.tcp(hp.substring(0, colon), port));
            }
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("at least one sentinel is needed");
            }
            this.sentinels = List.copyOf(addresses);
            return this;
        }

        /** The Sentinel group name of the master to follow (Sentinel's {@code <master-name>}); see {@link #sentinels}. */
        public Builder masterName(String value) {
            this.masterName = Objects.requireNonNull(value, "masterName");
            return this;
        }

        public ReplicatedKeyspace build() {
            if ((sentinels == null) != (masterName == null)) {
                throw new IllegalStateException("sentinels(...) and masterName(...) go together");
            }
            if (sentinels != null && replicaOf != null) {
                throw new IllegalStateException("a node follows either replicaOf(...) or sentinels(...), not both");
            }
            return new ReplicatedKeyspace(this);
        }

        /** {@code build().start()}. */
        public ReplicatedKeyspace start() {
            return build().start();
        }
    }
}
