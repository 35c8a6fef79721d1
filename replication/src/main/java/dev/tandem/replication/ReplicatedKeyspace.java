package dev.tandem.replication;

import dev.tandem.replication.internal.EventBus;
import dev.tandem.replication.internal.ReplicationContext;
import dev.tandem.replication.spi.SnapshotFormat;
import dev.tandem.core.internal.ActiveExpiry;
import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.CommandResult;
import dev.tandem.core.internal.ExpiryMode;
import dev.tandem.core.Key;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.internal.command.CommandSpec;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.internal.backlog.ChunkedReplicationBacklog;
import dev.tandem.replication.ConfigException;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.internal.history.ReplicationHistory;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.internal.master.MasterPropagationSink;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.master.MinReplicas;
import dev.tandem.replication.ReconnectBackoff;
import dev.tandem.replication.internal.replica.ReplicaLink;
import dev.tandem.replication.internal.replica.ReplicaPropagationSink;
import dev.tandem.replication.internal.server.RespServer;
import dev.tandem.replication.internal.server.ServerConfig;
import dev.tandem.replication.internal.server.ServerKeyspaceCommands;
import dev.tandem.replication.internal.stream.StreamEncoder;
import dev.tandem.replication.transport.LocalTransport;
import dev.tandem.replication.spi.NodeAddress;
import dev.tandem.replication.transport.TcpTransport;
import dev.tandem.replication.spi.Transport;
import dev.tandem.replication.spi.TransportOptions;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 */
public final class ReplicatedKeyspace implements KeyspaceCommands, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicatedKeyspace.class);
    private static final AtomicInteger NODE_NUMBERS = new AtomicInteger();
    private static final long CRON_TICK_MILLIS = 100;
    /** Redis's reply to WAIT on a replica (reference §11.2). */
    static final String WAIT_ON_REPLICA = "ERR WAIT cannot be used with replica instances. Please also note that "
            + "since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to "
            + "replicas are just local and are not propagated.";

    private enum Lifecycle { NEW, STARTED, CLOSED }

    private final String name;
    private final Keyspace keyspace;
    private final ChunkedReplicationBacklog backlog;
    private final Transport transport;
    private final boolean ownsTransport;
    private final NodeAddress listenAddress;
    private final NodeAddress initialMaster;
    private final ReconnectBackoff backoff;
    private final EventBus events;
    private final ScheduledExecutorService scheduler;
    private final ReplicationContext context;
    private final MasterReplication master;
    private final MasterPropagationSink masterSink;
    private final ReplicaPropagationSink replicaSink;
    private final ActiveExpiry activeExpiry;
    private final RespServer server;
    private final Object roleLock = new Object();
    /** Serializes {@link #reconfigure}: each change builds on the one before it. */
    private final Object configLock = new Object();
    /** Per calling thread: the offset after its last write through this node (WAIT's target). */
    private final ThreadLocal<long[]> lastWriteOffset = ThreadLocal.withInitial(() -> new long[1]);
    private volatile Lifecycle lifecycle = Lifecycle.NEW;
    private volatile ReplicaLink link;
    private volatile Channel listener;
    private ScheduledFuture<?> cron;
    private long lastCronSecondMillis;

    private ReplicatedKeyspace(Builder b) {
        this.name = b.name != null ? b.name : "tandem-" + NODE_NUMBERS.incrementAndGet();
        ReplicationConfig config = b.config.build();
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
        this.backoff = b.backoff;
        this.keyspace = new Keyspace(config.databases(), b.clock, ServerKeyspaceCommands.standardTable());
        this.backlog = new ChunkedReplicationBacklog(config.replBacklogSize(), b.backlogChunkSize, b.allocator);
        // Deviation from Redis: the backlog is active from the start (see MasterReplication).
        backlog.reset(0);
        this.events = new EventBus(name + "-events");
        b.listeners.forEach(events::addListener);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name + "-cron");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
        SnapshotFormat format = b.snapshotFormat != null ? b.snapshotFormat : RdbSnapshotFormat.defaults();
        long origin = System.nanoTime();
        this.context = new ReplicationContext(name, keyspace, config, backlog, ReplicationHistory.fresh(), transport,
                format, b.allocator, () -> (System.nanoTime() - origin) / 1_000_000, events, scheduler);
        this.master = new MasterReplication(context);
        this.masterSink = new MasterPropagationSink(context);
        this.replicaSink = new ReplicaPropagationSink(backlog);
        this.activeExpiry = new ActiveExpiry(keyspace);
        keyspace.propagationSink(masterSink);
        ServerConfig serverConfig = b.serverConfig != null ? b.serverConfig : new ServerConfig();
        if (serverConfig.requirepass().isEmpty()) {
            config.requirepass().ifPresent(serverConfig::requirepass);
        }
        this.server = RespServer.builder(keyspace)
                .config(serverConfig)
                .replication(new NodeReplicationHooks(this))
                .digest(new CoreDigest())
                .build();
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
        synchronized (roleLock) {
            if (lifecycle == Lifecycle.STARTED) {
                return this;
            }
            if (lifecycle == Lifecycle.CLOSED) {
                throw new IllegalStateException("node " + name + " is closed");
            }
            ChannelFuture bound = transport.bind(listenAddress, server.channelInitializer()).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                throw new IllegalStateException("node " + name + " cannot listen on " + listenAddress + ": "
                        + bound.cause().getMessage(), bound.cause());
            }
            listener = bound.channel();
            NodeAddress actual = transport.toNodeAddress(listener.localAddress());
            context.listenAddress(actual);
            server.listeningPort(actual.port());
            lastCronSecondMillis = context.nowMillis();
            cron = scheduler.scheduleAtFixedRate(this::cronTick, CRON_TICK_MILLIS, CRON_TICK_MILLIS,
                    TimeUnit.MILLISECONDS);
            lifecycle = Lifecycle.STARTED;
            log.info("Tandem node {} ready to accept connections on {} ({})", name, actual, transport.name());
            if (initialMaster != null) {
                becomeReplica(initialMaster, false);
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
        synchronized (roleLock) {
            if (lifecycle == Lifecycle.CLOSED) {
                return;
            }
            lifecycle = Lifecycle.CLOSED;
            ReplicaLink l = link;
            if (l != null) {
                l.stop();
            }
            if (cron != null) {
                cron.cancel(false);
            }
        }
        Channel ch = listener;
        if (ch != null) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        master.close();
        if (ownsTransport) {
            transport.close();
        }
        scheduler.shutdownNow();
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
     * The replication settings as they are now (they change with {@link #reconfigure} and
     * {@code CONFIG SET}). {@code requirepass} is the RESP server's ({@link ServerConfig}), which
     * owns it.
     */
    public ReplicationConfig config() {
        ReplicationConfig current = context.config();
        String password = server.config().requirepass().orElse(null);
        if (Objects.equals(password, current.requirepass().orElse(null))) {
            return current;
        }
        return current.toBuilder().requirepass(password).build();
    }

    /**
     * {@code CONFIG SET <directive> <value>}: changes one replication directive at run time
     * (names as in {@code redis.conf}, {@code slave-*} aliases accepted), taking effect as in
     * Redis 7.0:
     * <ul>
     *   <li>{@code repl-backlog-size} resizes the backlog now (shrinking trims it as far as
     *   lagging replicas allow; values below 16 KB become 16 KB, as {@code CONFIG GET} then
     *   shows);</li>
     *   <li>{@code min-replicas-to-write}/{@code min-replicas-max-lag} re-evaluate the write
     *   check now; {@code replica-allow-empty-unrelated-master yes} retries a refused link;</li>
     *   <li>{@code masterauth}, {@code masteruser}, {@code replica-announce-ip},
     *   {@code replica-announce-port} apply from the next handshake with the master;</li>
     *   <li>{@code requirepass} is the RESP server's and applies to the next {@code AUTH};</li>
     *   <li>everything else is read where it acts: the next write on a replica
     *   ({@code replica-read-only}, {@code replica-serve-stale-data}), the next full sync
     *   ({@code repl-diskless-sync*}), the next cron second (timeouts, pings, backlog TTL,
     *   output limits), the next {@code INFO}.</li>
     * </ul>
     * {@code databases} cannot change, as in Redis.
     *
     * @throws ConfigException for an unknown directive, an invalid value or an immutable
     *     directive; {@link ConfigException#reason()} is Redis's wording
     */
    public void reconfigure(String directive, String value) {
        Objects.requireNonNull(value, "value");
        String canonical = ReplicationConfig.canonicalName(directive).orElseThrow(() ->
                new ConfigException(directive, null, "Unknown option or number of arguments for CONFIG SET - '"
                        + directive + "'"));
        if (IMMUTABLE_DIRECTIVES.contains(canonical)) {
            throw new ConfigException(directive, value, "can't set immutable config");
        }
        synchronized (configLock) {
            ReplicationConfig changed = context.config().toBuilder().directive(canonical, value).build();
            switch (canonical) {
                case "requirepass" -> server.config().requirepass(value);
                case "repl-backlog-size" -> changed = resizeBacklog(changed);
                default -> { }
            }
            context.config(changed);
            switch (canonical) {
                case "min-replicas-to-write", "min-replicas-max-lag" ->
                        master.minReplicas(changed.minReplicasToWrite(), changed.minReplicasMaxLagSeconds());
                case ReplicationConfig.ALLOW_EMPTY_UNRELATED_MASTER -> {
                    ReplicaLink l = link;
                    if (changed.replicaAllowEmptyUnrelatedMaster() && l != null) {
                        l.resume();
                    }
                }
                default -> { }
            }
        }
        log.info("Tandem node {}: CONFIG SET {} {}", name, canonical, isSecret(canonical) ? "******" : value);
    }

    /** Redis's immutable directives among the replication ones. */
    private static final java.util.Set<String> IMMUTABLE_DIRECTIVES = java.util.Set.of("databases");

    private static boolean isSecret(String directive) {
        return directive.equals("requirepass") || directive.equals("masterauth");
    }

    /**
     * Applies a new {@code repl-backlog-size} to the backlog under the keyspace write lock (the
     * backlog's size is a single-writer setting, like its appends) and returns the configuration
     * with the size the backlog actually took (Redis raises values below 16 KB and reports that).
     */
    private ReplicationConfig resizeBacklog(ReplicationConfig changed) {
        ReentrantReadWriteLock.WriteLock lock = keyspace.lock().writeLock();
        lock.lock();
        try {
            backlog.setSize(changed.replBacklogSize());
        } finally {
            lock.unlock();
        }
        return changed.toBuilder().replBacklogSize(backlog.size()).build();
    }

    /**
     * The underlying keyspace, for advanced uses (digests, listeners, custom commands). Writes
     * made directly through it bypass the replica's read-only check but still replicate on a
     * master.
     */
    public Keyspace keyspace() {
        return keyspace;
    }

    /** The RESP command server answering on the listener. */
    public RespServer server() {
        return server;
    }

    MasterReplication masterReplication() {
        return master;
    }

    // ------------------------------------------------------------------ data

    @Override
    public Reply execute(byte[]... argv) {
        return execute(0, argv);
    }

    /** The commands of database {@code index}. */
    public DatabaseView database(int index) {
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
        Reply refusal = refusal(argv);
        if (refusal != null) {
            return refusal;
        }
        ClientState client = ClientState.client();
        client.select(db);
        CommandResult result = keyspace.execute(client, argv);
        if (!result.propagated().isEmpty()) {
            // Redis's c->woff for this caller: read after the write, so at least its offset.
            lastWriteOffset.get()[0] = backlog.masterReplOffset();
        }
        return result.reply();
    }

    /**
     * Redis's refusals for a normal client's command: {@code NOREPLICAS} on a master with too
     * few good replicas (reference §11.1), {@code MASTERDOWN} and {@code READONLY} on a replica
     * (reference §12).
     */
    private Reply refusal(byte[][] argv) {
        if (argv.length == 0) {
            return null;
        }
        if (context.role() != Role.REPLICA) {
            if (master.refusesWrites() && isWrite(argv)) {
                return Reply.error(MinReplicas.NOREPLICAS);
            }
            return null;
        }
        if (refusesStaleData()) {
            return Reply.error("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
        }
        if (context.config().replicaReadOnly() && isWrite(argv)) {
            return Reply.error("READONLY You can't write against a read only replica.");
        }
        return null;
    }

    private boolean isWrite(byte[][] argv) {
        CommandSpec spec = keyspace.commands().lookup(argv[0]);
        return spec != null && spec.isWrite();
    }

    boolean refusesStaleData() {
        if (context.role() != Role.REPLICA || context.config().replicaServeStaleData()) {
            return false;
        }
        ReplicaLink l = link;
        return l == null || !l.isUp();
    }

    /** {@code DEBUG DIGEST}: Redis's order-independent digest of the whole dataset (40 hex chars). */
    public String digest() {
        return dev.tandem.core.internal.DatasetDigest.of(keyspace);
    }

    // ------------------------------------------------------------------ roles

    public Role role() {
        return context.role();
    }

    /**
     * {@code REPLICAOF host port}: follow that master from now on, keeping the dataset until the
     * sync replaces it. A TCP host and port, or the endpoint name of a {@link LocalTransport}
     * (whose port is ignored). Returns at once; the sync runs in the background.
     */
    public void replicaOf(String host, int port) {
        replicaOf(transport.address(host, port));
    }

    /** {@link #replicaOf(String, int)} with a transport address. */
    public void replicaOf(NodeAddress masterAddress) {
        Objects.requireNonNull(masterAddress, "masterAddress");
        synchronized (roleLock) {
            requireStarted();
            ReplicaLink current = link;
            if (current != null && current.masterAddress().equals(masterAddress)) {
                return;
            }
            // Like Redis, a master turning replica uses its own history as the "cached master",
            // so a former replica of it can continue partially (PSYNC2).
            boolean cached = context.role() == Role.MASTER || (current != null && current.hasCachedHistory());
            becomeReplica(masterAddress, cached);
        }
    }

    /** The {@code REPLICAOF host port} command of the RESP server. */
    Reply replicaOfCommand(String host, int port) {
        NodeAddress target = transport.address(host, port);
        synchronized (roleLock) {
            ReplicaLink current = link;
            if (current != null && current.masterAddress().equals(target)) {
                return Reply.simple("OK Already connected to specified master");
            }
            replicaOf(target);
        }
        return Reply.OK;
    }

    private void becomeReplica(NodeAddress masterAddress, boolean cachedHistory) {
        Role before = context.role();
        ReplicaLink previous = link;
        if (previous != null) {
            previous.stop();
        }
        ReentrantReadWriteLock.WriteLock lock = keyspace.lock().writeLock();
        lock.lock();
        try {
            if (before == Role.MASTER) {
                // Continuing its own stream: a partial resync resumes in the db it last selected.
                int selected = context.encoder().selectedDb();
                context.streamDb(selected == StreamEncoder.UNKNOWN_DB ? 0 : selected);
            }
            keyspace.propagationSink(replicaSink);
            keyspace.expiryMode(ExpiryMode.REPLICA);
            context.role(Role.REPLICA);
        } finally {
            lock.unlock();
        }
        ReplicaLink next = new ReplicaLink(context, master, masterAddress, cachedHistory, backoff);
        link = next;
        master.canServeReplicas(next::isUp);
        master.streamDbForSnapshot(next::streamDb);
        log.info("REPLICAOF {} enabled", next.masterName());
        next.start();
        if (before != Role.REPLICA) {
            events.emit(new ReplicationEvent.RoleChanged(before, Role.REPLICA));
        }
    }

    /**
     * {@code REPLICAOF NO ONE}: stop following the master and accept writes, keeping the
     * dataset. The node starts a new history (its old replication id stays valid as replid2 up
     * to the current offset, so other replicas of the old master can continue from it) and
     * disconnects its own replicas so they learn the new id. No-op on a master.
     */
    public void promote() {
        synchronized (roleLock) {
            if (context.role() == Role.MASTER) {
                return;
            }
            ReplicaLink l = link;
            link = null;
            if (l != null) {
                l.stop();
            }
            ReentrantReadWriteLock.WriteLock lock = keyspace.lock().writeLock();
            lock.lock();
            try {
                long offset = backlog.masterReplOffset();
                // Nothing written from now on may reach a replica that still thinks it follows
                // the old id (they are disconnected below, asynchronously).
                master.fenceAll(offset);
                context.history(context.history().shiftReplicationId(offset));
                if (!backlog.isActive()) {
                    backlog.reset(offset);
                }
                context.encoder().resetSelectedDb();
                keyspace.propagationSink(masterSink);
                keyspace.expiryMode(ExpiryMode.MASTER);
                context.role(Role.MASTER);
            } finally {
                lock.unlock();
            }
            master.canServeReplicas(() -> true);
            master.streamDbForSnapshot(() -> 0);
            master.disconnectAll("promoted to master: replicas must learn the new replication id");
            scheduler.execute(master::restartBacklogClock);
            log.info("MASTER MODE enabled (user request); new replication id {}", context.history().replid());
            events.emit(new ReplicationEvent.RoleChanged(Role.REPLICA, Role.MASTER));
        }
    }

    /** {@code CLIENT KILL TYPE master}: drops the link to the master (it reconnects). */
    int killMasterLink() {
        ReplicaLink l = link;
        return l != null && l.dropConnection("killed by CLIENT KILL TYPE master") ? 1 : 0;
    }

    private void requireStarted() {
        if (lifecycle != Lifecycle.STARTED) {
            throw new IllegalStateException("node " + name + " is " + lifecycle.name().toLowerCase());
        }
    }

    // ------------------------------------------------------------------ observation

    /** {@code master_repl_offset}: on a replica, the offset of the master's stream applied here. */
    public long masterReplOffset() {
        return backlog.masterReplOffset();
    }

    /** A typed snapshot of {@code INFO replication}; its {@code toString()} is Redis's exact text. */
    public ReplicationInfo replicationInfo() {
        ReplicaLink l = context.role() == Role.REPLICA ? link : null;
        ReplicationInfo.MasterLink masterLink = l == null ? null : l.infoLink();
        List<ReplicationInfo.ConnectedReplica> rows = master.infoRows();
        // Redis prints repl_good_slaves_count, the count that writes are checked against.
        MinReplicas minReplicas = master.minReplicas();
        OptionalInt good = minReplicas.enabled() ? OptionalInt.of(minReplicas.goodReplicas()) : OptionalInt.empty();
        ReentrantReadWriteLock.ReadLock lock = keyspace.lock().readLock();
        lock.lock();
        try {
            return ReplicationInfo.of(masterLink, rows.size(), good, rows, context.history(), backlog.range(),
                    backlog.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * For tests and start-up code: on a replica, waits until the link to the master is up (the
     * full or partial sync completed and the stream flows); on a master, until every connected
     * replica is online and has acknowledged the current offset (it asks them for an ACK at once,
     * as {@code WAIT} does). Returns whether that happened within {@code timeout}.
     */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        long millis = Math.max(1, timeout.toMillis());
        if (context.role() == Role.REPLICA) {
            ReplicaLink l = link;
            return l != null && l.awaitUp(millis);
        }
        int replicas = master.connectedReplicas();
        if (replicas == 0) {
            return true;
        }
        return master.awaitAcks(replicas, backlog.masterReplOffset(), millis) >= replicas;
    }

    // ------------------------------------------------------------------ write safety

    /**
     * {@code WAIT numreplicas timeout} for this thread: waits until at least {@code numReplicas}
     * replicas acknowledged the offset after the calling thread's last write through this node
     * (0 if it never wrote), or until {@code timeout} passes ({@link Duration#ZERO} waits
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
        return waitForReplicas(numReplicas, lastWriteOffset.get()[0], timeout);
    }

    /**
     * {@link #waitForReplicas(int, Duration)} for an explicit replication offset, e.g.
     * {@link #masterReplOffset()} read after a batch of writes made by several threads.
     */
    public int waitForReplicas(int numReplicas, long offset, Duration timeout) throws InterruptedException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout is negative: " + timeout);
        }
        if (context.role() == Role.REPLICA) {
            throw new RedisReplyException(WAIT_ON_REPLICA);
        }
        CompletableFuture<Integer> acks =
                master.waitForAcks(offset, numReplicas, timeout.isZero() ? 0 : Math.max(1, timeout.toMillis()));
        try {
            return acks.get();
        } catch (InterruptedException e) {
            acks.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("WAIT failed", e.getCause());
        }
    }

    /**
     * {@code CONFIG SET min-replicas-to-write / min-replicas-max-lag} at run time: while both are
     * non-zero, this master refuses writes with {@code -NOREPLICAS Not enough good replicas to
     * write.} when fewer than {@code toWrite} replicas are online and acknowledged within the
     * last {@code maxLagSeconds} seconds. It bounds how far replicas can lag behind accepted
     * writes; it does not make any particular write reach a replica (see {@link #waitForReplicas}).
     */
    public void minReplicas(int toWrite, int maxLagSeconds) {
        if (toWrite < 0 || maxLagSeconds < 0) {
            throw new IllegalArgumentException("min-replicas values must be >= 0: " + toWrite + " " + maxLagSeconds);
        }
        synchronized (configLock) {
            context.config(context.config().toBuilder().minReplicasToWrite(toWrite)
                    .minReplicasMaxLagSeconds(maxLagSeconds).build());
            master.minReplicas(toWrite, maxLagSeconds);
        }
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
        return context.allowEmptyUnrelatedMaster();
    }

    /**
     * Counters of the master side: full syncs served, partial resyncs accepted and refused, and
     * snapshots produced (one snapshot may serve several replicas).
     */
    public SyncCounters syncCounters() {
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
        events.addListener(listener);
    }

    public void removeListener(ReplicationListener listener) {
        events.removeListener(listener);
    }

    // ------------------------------------------------------------------ cron

    private void cronTick() {
        try {
            if (context.role() == Role.MASTER) {
                activeExpiry.runCycle();
            }
            long now = context.nowMillis();
            if (now - lastCronSecondMillis >= 1000) {
                lastCronSecondMillis = now;
                master.cronSecond();
                ReplicaLink l = link;
                if (l != null) {
                    l.cronSecond();
                }
            }
        } catch (RuntimeException e) {
            log.error("Replication cron of {} failed", name, e);
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
        private ReplicationConfig.Builder config = ReplicationConfig.builder();
        private MasterTarget replicaOf;
        private SnapshotFormat snapshotFormat;
        private KeyspaceClock clock = KeyspaceClock.SYSTEM;
        private ReconnectBackoff backoff = ReconnectBackoff.DEFAULT;
        private ServerConfig serverConfig;
        private ByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
        private int backlogChunkSize = ChunkedReplicationBacklog.DEFAULT_CHUNK_SIZE;
        private final List<ReplicationListener> listeners = new ArrayList<>();

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

        /** The whole configuration (replaces earlier {@link #directive} calls). */
        public Builder config(ReplicationConfig value) {
            this.config = value.toBuilder();
            return this;
        }

        /** One {@code redis.conf} directive by Redis's name, e.g. {@code repl-backlog-size 64mb}. */
        public Builder directive(String directive, String value) {
            config.directive(directive, value);
            return this;
        }

        /** Several directives (directive → value). */
        public Builder directives(Map<String, String> values) {
            values.forEach(config::directive);
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

        /** When a replica retries after failed attempts (default 100 ms doubling to 2 s). */
        public Builder reconnectBackoff(ReconnectBackoff value) {
            this.backoff = Objects.requireNonNull(value, "backoff");
            return this;
        }

        /** Settings of the RESP server (maxclients, timeout, protected mode, ...). */
        public Builder serverConfig(ServerConfig value) {
            this.serverConfig = Objects.requireNonNull(value, "serverConfig");
            return this;
        }

        /** Where backlog chunks and snapshot chunks come from (default: Netty's pooled allocator). */
        public Builder allocator(ByteBufAllocator value) {
            this.allocator = Objects.requireNonNull(value, "allocator");
            return this;
        }

        /** The backlog's chunk size (default 64 KiB). */
        public Builder backlogChunkSize(int bytes) {
            this.backlogChunkSize = bytes;
            return this;
        }

        /** A listener registered before anything can happen. */
        public Builder listener(ReplicationListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /** The node, not yet listening. */
        public ReplicatedKeyspace build() {
            return new ReplicatedKeyspace(this);
        }

        /** {@code build().start()}. */
        public ReplicatedKeyspace start() {
            return build().start();
        }
    }
}
