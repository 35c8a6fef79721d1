package dev.tandem.replication.internal.node;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.ConfigException;
import dev.tandem.replication.OutputBufferLimit;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationConfig;
import dev.tandem.replication.ReplicationInfo;
import dev.tandem.replication.internal.master.MasterReplication;
import dev.tandem.replication.internal.master.PsyncRequest;
import dev.tandem.replication.internal.master.ReplconfCommand;
import dev.tandem.replication.internal.master.ReplicaCapabilities;
import dev.tandem.replication.internal.role.WritePolicy;
import dev.tandem.replication.internal.server.ClientInfo;
import dev.tandem.replication.internal.server.ConfigDirectives;
import dev.tandem.replication.internal.server.ConfigRejectedException;
import dev.tandem.replication.internal.server.ReplicaHandoff;
import dev.tandem.replication.internal.server.ReplicationHooks;
import dev.tandem.replication.internal.server.SyncHandoff;
import dev.tandem.replication.spi.Transport;
import dev.tandem.resp.RespCommand;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The RESP command server's view of a {@link ReplicatedKeyspace}: roles, INFO/ROLE, the
 * replica-side refusals ({@code READONLY}, {@code MASTERDOWN}), {@code REPLCONF} before the
 * hand-off, the {@code PSYNC}/{@code SYNC} hand-off itself, {@code WAIT} and the replication
 * directives of {@code CONFIG GET}.
 */
public final class NodeReplicationHooks implements ReplicationHooks {

    private final ReplicatedKeyspace node;
    private final MasterReplication master;
    private final RoleSwitch roles;
    private final WritePolicy writePolicy;
    private final Transport transport;
    /**
     * What each connection announced with {@code REPLCONF}, until its {@code PSYNC}. Weak keys:
     * a connection that never syncs takes its entry with it when the server forgets it.
     */
    private final Map<ClientInfo, ReplicaCapabilities> announced = Collections.synchronizedMap(new WeakHashMap<>());

    /** @param node the node's public face, for its configuration, {@code INFO} and promotion */
    public NodeReplicationHooks(ReplicatedKeyspace node, MasterReplication master, RoleSwitch roles,
            WritePolicy writePolicy, Transport transport) {
        this.node = node;
        this.master = master;
        this.roles = roles;
        this.writePolicy = writePolicy;
        this.transport = transport;
    }

    private MasterReplication master() {
        return master;
    }

    @Override
    public ReplicationInfo replicationInfo() {
        return node.replicationInfo();
    }

    @Override
    public SyncStats syncStats() {
        MasterReplication m = master();
        return new SyncStats(m.syncFullCount(), m.syncPartialOkCount(), m.syncPartialErrCount());
    }

    @Override
    public String refusal(boolean write, boolean allowedWhileStale) {
        return writePolicy.refusal(write, allowedWhileStale);
    }

    @Override
    public boolean isLoading() {
        return false; // a full sync loads beside the live data and swaps at the end
    }

    @Override
    public Reply replicaOf(String host, int port) {
        return roles.replicaOfCommand(transport.address(host, port));
    }

    @Override
    public Reply promote() {
        node.promote();
        return Reply.OK;
    }

    @Override
    public Reply replconf(ClientInfo client, byte[][] argv) {
        ReplicaCapabilities current = announced.getOrDefault(client, ReplicaCapabilities.NONE);
        ReplconfCommand.Result result = ReplconfCommand.apply(argv, current);
        announced.put(client, result.capabilities());
        if (result.reply() == null) {
            return null; // REPLCONF ACK/GETACK before the hand-off: never answered
        }
        return result.isError() ? Reply.error(result.reply()) : Reply.simple(result.reply());
    }

    @Override
    public SyncHandoff sync(ReplicaHandoff handoff) {
        PsyncRequest request;
        if (handoff.isLegacySync()) {
            request = PsyncRequest.SYNC;
        } else {
            try {
                request = PsyncRequest.parse(handoff.argv());
            } catch (IllegalArgumentException e) {
                return new SyncHandoff.Refused(Reply.error(e.getMessage()));
            }
        }
        Optional<String> refusal = master().syncRefusal();
        if (refusal.isPresent()) {
            return new SyncHandoff.Refused(Reply.error(refusal.get()));
        }
        ReplicaCapabilities caps = announced.remove(handoff.client());
        if (caps != null && caps.rdbExcludeData() && !caps.eof()) {
            // A filtered snapshot only exists in the $EOF: form (reference §3).
            return new SyncHandoff.Refused(Reply.error("ERR Filtered replica requires EOF capability"));
        }
        Consumer<RespCommand> requests = master().acceptReplica(handoff.channel(), request,
                caps == null ? ReplicaCapabilities.NONE : caps);
        return new SyncHandoff.Accepted(requests::accept);
    }

    @Override
    public CompletionStage<Long> waitForReplicas(long targetOffset, int numReplicas, long timeoutMillis) {
        CompletableFuture<Integer> acks = master().waitForAcks(targetOffset, numReplicas, timeoutMillis);
        CompletableFuture<Long> count = acks.thenApply(Integer::longValue);
        count.whenComplete((n, e) -> {
            if (count.isCancelled()) {
                acks.cancel(false); // withdraws the waiter
            }
        });
        return count;
    }

    @Override
    public long acknowledgedReplicas(long targetOffset) {
        return master().ackedReplicas(targetOffset);
    }

    @Override
    public ConfigDirectives config() {
        return new ReplicationDirectives(node);
    }

    @Override
    public int killMasterLink() {
        return roles.killMasterLink();
    }

    /**
     * {@code CONFIG GET} and {@code CONFIG SET} of the replication directives, under their names
     * and their {@code slave-*} aliases as Redis 7.0 lists them; a set goes through
     * {@link ReplicatedKeyspace#reconfigure}, which refuses what Redis refuses ({@code databases}).
     */
    private record ReplicationDirectives(ReplicatedKeyspace node) implements ConfigDirectives {

        @Override
        public Set<String> names() {
            Set<String> names = new LinkedHashSet<>(ReplicationConfig.directiveNames());
            names.addAll(ReplicationConfig.tandemDirectiveNames());
            names.addAll(ReplicationConfig.directiveAliases().keySet());
            return names;
        }

        @Override
        public Optional<String> get(String name) {
            Optional<String> canonical = ReplicationConfig.canonicalName(name);
            if (canonical.isEmpty()) {
                return Optional.empty();
            }
            ReplicationConfig c = node.config();
            String value = switch (canonical.get()) {
                case "requirepass" -> c.requirepass().orElse("");
                case "masterauth" -> c.masterauth().orElse("");
                case "masteruser" -> c.masteruser().orElse("");
                case "replica-read-only" -> yesNo(c.replicaReadOnly());
                case "replica-serve-stale-data" -> yesNo(c.replicaServeStaleData());
                case "repl-diskless-sync" -> yesNo(c.replDisklessSync());
                case "repl-diskless-sync-delay" -> Integer.toString(c.replDisklessSyncDelaySeconds());
                case "repl-diskless-sync-max-replicas" -> Integer.toString(c.replDisklessSyncMaxReplicas());
                case "repl-diskless-load" -> c.replDisklessLoad().configName();
                case "repl-backlog-size" -> Long.toString(c.replBacklogSize());
                case "repl-backlog-ttl" -> Long.toString(c.replBacklogTtlSeconds());
                case "repl-ping-replica-period" -> Integer.toString(c.replPingReplicaPeriodSeconds());
                case "repl-timeout" -> Integer.toString(c.replTimeoutSeconds());
                case "client-output-buffer-limit" -> {
                    OutputBufferLimit l = c.replicaOutputBufferLimit();
                    yield "normal 0 0 0 slave " + l.hardLimitBytes() + " " + l.softLimitBytes() + " "
                            + l.softLimitSeconds() + " pubsub 33554432 8388608 60";
                }
                case "replica-announce-ip" -> c.replicaAnnounceIp().orElse("");
                case "replica-announce-port" -> Integer.toString(c.replicaAnnouncePort());
                case "replica-priority" -> Integer.toString(c.replicaPriority());
                case "replica-announced" -> yesNo(c.replicaAnnounced());
                case "databases" -> Integer.toString(c.databases());
                case "min-replicas-to-write" -> Integer.toString(c.minReplicasToWrite());
                case "min-replicas-max-lag" -> Integer.toString(c.minReplicasMaxLagSeconds());
                case ReplicationConfig.ALLOW_EMPTY_UNRELATED_MASTER -> yesNo(c.replicaAllowEmptyUnrelatedMaster());
                default -> null;
            };
            return Optional.ofNullable(value);
        }

        @Override
        public void set(String name, String value) {
            try {
                node.reconfigure(name, value);
            } catch (ConfigException e) {
                throw new ConfigRejectedException(e.reason());
            }
        }

        private static String yesNo(boolean b) {
            return b ? "yes" : "no";
        }
    }
}
