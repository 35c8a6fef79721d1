/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.Database;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.internal.info.InfoReplicationFormatter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code INFO [section ...]} in Redis 7.0's format: {@code # Section} headers, {@code field:value}
 * lines ending in CRLF, a blank line between sections; a verbatim string for RESP3. Only fields
 * that Tandem really measures are reported; facts of a node without persistence (no RDB, no AOF)
 * are reported as such.
 */
final class InfoCommand {

    /** Every section, in the order Redis 7.0.15 prints them. */
    private static final List<String> ALL_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");
    /** INFO and INFO default: all but the per-command ones. */
    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");

    private final RespServer server;

    InfoCommand(RespServer server) {
        this.server = server;
    }

    ServerCommand command() {
        return ServerCommand.of("info", -1, this::info, ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE);
    }

    private Reply info(ClientConnection client, byte[][] argv, boolean inTransaction) {
        Set<String> sections = new LinkedHashSet<>();
        if (argv.length == 1) {
            sections.addAll(DEFAULT_SECTIONS);
        }
        for (int i = 1; i < argv.length; i++) {
            String s = CommandDispatcher.text(argv[i]).toLowerCase(Locale.ROOT);
            if (s.equals("default")) {
                sections.addAll(DEFAULT_SECTIONS);
            } else if (s.equals("all") || s.equals("everything")) {
                sections.addAll(ALL_SECTIONS); // "everything" adds modules' own sections: Tandem has none
            } else {
                sections.add(s);
            }
        }
        return new Reply.VerbatimReply("txt", render(sections).getBytes(StandardCharsets.UTF_8));
    }

    /** The text of the given sections, in Redis's section order. */
    String render(Set<String> sections) {
        long now = System.currentTimeMillis();
        server.stats().sample(now);
        StringBuilder out = new StringBuilder(2048);
        for (String section : ALL_SECTIONS) {
            if (!sections.contains(section)) {
                continue;
            }
            if (out.length() > 0) {
                out.append("\r\n");
            }
            switch (section) {
                case "server" -> serverSection(out, now);
                case "clients" -> clientsSection(out);
                case "memory" -> memorySection(out);
                case "persistence" -> persistenceSection(out);
                case "stats" -> statsSection(out);
                case "replication" -> out.append(InfoReplicationFormatter.format(
                        server.replication().replicationInfo()));
                case "keyspace" -> keyspaceSection(out);
                case "cpu" -> CpuUsage.append(out);
                case "modules" -> out.append("# Modules\r\n");
                case "commandstats", "errorstats", "latencystats" -> CommandStatsInfo.append(section, out,
                        server.stats().commandStats(), server.diagnostics().percentiles());
                case "cluster" -> out.append("# Cluster\r\ncluster_enabled:0\r\n");
                default -> throw new IllegalStateException(section);
            }
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private void serverSection(StringBuilder out, long now) {
        long uptime = (now - server.startMillis()) / 1000;
        out.append("# Server\r\n");
        field(out, "redis_version", RespServer.REDIS_VERSION);
        field(out, "redis_mode", "standalone");
        field(out, "server_name", "tandem");
        field(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        field(out, "arch_bits", System.getProperty("os.arch", "").contains("64") ? 64 : 32);
        field(out, "process_id", ProcessHandle.current().pid());
        field(out, "run_id", server.runId());
        field(out, "tcp_port", server.listeningPort());
        field(out, "server_time_usec", now * 1000);
        field(out, "uptime_in_seconds", uptime);
        field(out, "uptime_in_days", uptime / 86400);
        field(out, "executable", "");
        field(out, "config_file", "");
    }

    private void clientsSection(StringBuilder out) {
        long blocked = 0;
        for (ClientConnection c : server.registry().all()) {
            if (c.isBlocked()) {
                blocked++;
            }
        }
        out.append("# Clients\r\n");
        field(out, "connected_clients", server.connectedClients());
        field(out, "maxclients", server.config().maxclients());
        field(out, "blocked_clients", blocked);
        field(out, "tracking_clients", server.tracking().trackingClients());
        field(out, "clients_in_timeout_table", server.keyspace().blocking().clientsWithTimeout());
    }

    private void memorySection(StringBuilder out) {
        MemoryInfo.append(out, server.keyspace(), server);
    }

    /** Redis's bytesToHuman. */
    static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n;
        int unit = -1;
        while (d >= 1024 && unit < units.length - 1) {
            d /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", d, units[unit]);
    }

    private void persistenceSection(StringBuilder out) {
        if (server.persistence().info(out)) {
            return;
        }
        out.append("# Persistence\r\n");
        field(out, "loading", server.replication().isLoading() ? 1 : 0);
        field(out, "async_loading", 0);
        field(out, "rdb_bgsave_in_progress", 0);
        field(out, "rdb_last_save_time", server.startMillis() / 1000);
        field(out, "rdb_last_bgsave_status", "ok");
        field(out, "aof_enabled", 0);
        field(out, "aof_rewrite_in_progress", 0);
        field(out, "aof_last_write_status", "ok");
    }

    private void statsSection(StringBuilder out) {
        ServerStats stats = server.stats();
        ReplicationHooks.SyncStats sync = server.replication().syncStats();
        out.append("# Stats\r\n");
        field(out, "total_connections_received", stats.connectionsReceived());
        field(out, "total_commands_processed", stats.commandsProcessed());
        field(out, "instantaneous_ops_per_sec", stats.instantaneousOpsPerSec());
        field(out, "total_net_input_bytes", stats.netInputBytes());
        field(out, "total_net_output_bytes", stats.netOutputBytes());
        field(out, "rejected_connections", stats.rejectedConnections());
        field(out, "sync_full", sync.syncFull());
        field(out, "sync_partial_ok", sync.syncPartialOk());
        field(out, "sync_partial_err", sync.syncPartialErr());
        field(out, "expired_keys", server.keyspace().stats().expiredKeys());
        field(out, "evicted_keys", server.keyspace().eviction().evictedKeys());
        field(out, "total_eviction_exceeded_time", server.keyspace().eviction().totalExceededMillis());
        field(out, "current_eviction_exceeded_time", server.keyspace().eviction().currentExceededMillis());
        field(out, "pubsub_channels", server.pubsub().size(dev.tandem.replication.internal.pubsub.Message.Kind.CHANNEL));
        field(out, "pubsub_patterns", server.pubsub().size(dev.tandem.replication.internal.pubsub.Message.Kind.PATTERN));
        field(out, "pubsubshard_channels", server.pubsub().size(dev.tandem.replication.internal.pubsub.Message.Kind.SHARD));
        field(out, "tracking_total_keys", server.tracking().totalKeys());
        field(out, "tracking_total_items", server.tracking().totalItems());
        field(out, "tracking_total_prefixes", server.tracking().totalPrefixes());
        field(out, "total_error_replies", stats.errorReplies());
        field(out, "client_output_buffer_limit_disconnections", stats.outputLimitDisconnections());
        // Tandem's own, after Redis's fields: Redis counts a replica's failed stream commands
        // only in total_error_replies/errorstats, mixed with every client's errors.
        field(out, "tandem_propagation_errors", sync.propagationErrors());
    }

    private void keyspaceSection(StringBuilder out) {
        out.append("# Keyspace\r\n");
        Keyspace keyspace = server.keyspace();
        keyspace.lock().readLock().lock();
        try {
            for (int i = 0; i < keyspace.databaseCount(); i++) {
                Database db = keyspace.database(i);
                if (db.size() > 0) {
                    // avg_ttl is an estimate Redis derives from its active expiry sampling;
                    // Tandem does not estimate it and reports 0, Redis's value before a sample.
                    out.append("db").append(i).append(":keys=").append(db.size())
                            .append(",expires=").append(db.expiresSize()).append(",avg_ttl=0\r\n");
                }
            }
        } finally {
            keyspace.lock().readLock().unlock();
        }
    }
}
