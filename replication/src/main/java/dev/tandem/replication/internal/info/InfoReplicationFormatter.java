/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.info;

import dev.tandem.replication.ReplicaLinkState;
import dev.tandem.replication.ReplicationInfo;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Renders the {@code # Replication} section of {@code INFO} exactly as Redis 7.0.15's
 * {@code genRedisInfoString} does: field names, order, conditional fields and {@code \r\n}
 * after every line.
 */
public final class InfoReplicationFormatter {

    private InfoReplicationFormatter() {
    }

    public static String format(ReplicationInfo info) {
        StringBuilder out = new StringBuilder(512);
        line(out, "# Replication");
        ReplicationInfo.MasterLink link = info.masterLink();
        field(out, "role", link == null ? "master" : "slave");
        if (link != null) {
            field(out, "master_host", link.host());
            field(out, "master_port", link.port());
            field(out, "master_link_status", link.linkUp() ? "up" : "down");
            field(out, "master_last_io_seconds_ago", link.lastIoSecondsAgo());
            field(out, "master_sync_in_progress", link.state() == ReplicaLinkState.TRANSFER ? 1 : 0);
            field(out, "slave_read_repl_offset", link.readReplOffset());
            field(out, "slave_repl_offset", link.replOffset());
            ReplicationInfo.SyncProgress sync = link.syncProgress();
            if (sync != null) {
                field(out, "master_sync_total_bytes", sync.totalBytes());
                field(out, "master_sync_read_bytes", sync.readBytes());
                field(out, "master_sync_left_bytes", sync.leftBytes());
                field(out, "master_sync_perc", percent(sync.readBytes(), sync.totalBytes()));
                field(out, "master_sync_last_io_seconds_ago", sync.lastIoSecondsAgo());
            }
            if (!link.linkUp()) {
                field(out, "master_link_down_since_seconds", link.linkDownSinceSeconds());
            }
            field(out, "slave_priority", link.slavePriority());
            field(out, "slave_read_only", link.readOnly() ? 1 : 0);
            field(out, "replica_announced", link.announced() ? 1 : 0);
            ReplicationInfo.Delay delay = link.delay();
            if (delay != null) {
                // Tandem's own (delayed replicas): only when the delay is in use, so a replica
                // without it reports exactly Redis's fields.
                field(out, "slave_apply_offset", delay.applyOffset());
                field(out, "replica_delay", delay.delayMillis());
                field(out, "delayed_units", delay.units());
                field(out, "delayed_bytes", delay.bytes());
                field(out, "apply_lag_seconds", delay.applyLagSeconds());
                field(out, "replica_delay_paused", delay.paused() ? 1 : 0);
                field(out, "delayed_spilled_bytes", delay.spilledBytes());
                field(out, "delayed_full_syncs", delay.fullSyncsLoadedAtOnce());
            }
        }
        field(out, "connected_slaves", info.connectedSlaves());
        if (info.minSlavesGoodSlaves().isPresent()) {
            field(out, "min_slaves_good_slaves", info.minSlavesGoodSlaves().getAsInt());
        }
        int index = 0;
        for (ReplicationInfo.ConnectedReplica r : info.replicas()) {
            line(out, "slave" + index++ + ":ip=" + r.ip() + ",port=" + r.port() + ",state=" + r.state().infoName()
                    + ",offset=" + r.ackOffset() + ",lag=" + r.lagSeconds());
        }
        field(out, "master_failover_state", info.failoverState());
        field(out, "master_replid", info.replid().toString());
        field(out, "master_replid2", info.replid2().toString());
        field(out, "master_repl_offset", info.masterReplOffset());
        field(out, "second_repl_offset", info.secondReplOffset());
        field(out, "repl_backlog_active", info.backlogActive() ? 1 : 0);
        field(out, "repl_backlog_size", info.backlogSize());
        field(out, "repl_backlog_first_byte_offset", info.backlogActive() ? info.backlogFirstByteOffset() : 0);
        field(out, "repl_backlog_histlen", info.backlogActive() ? info.backlogHistlen() : 0);
        return out.toString();
    }

    /**
     * {@code printf("%.2f", read / total * 100)}, 0 when the total is 0. C rounds the exact
     * binary value half-to-even; {@code String.format} would round half-up, so do it explicitly.
     * C also keeps the sign of a negative zero: before the payload header is read the total is
     * -1, and Redis shows {@code master_sync_perc:-0.00}.
     */
    public static String percent(long read, long total) {
        double perc = total == 0 ? 0 : ((double) read / total) * 100;
        String magnitude = new BigDecimal(Math.abs(perc)).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = Double.doubleToRawLongBits(perc) < 0; // the sign bit, set for -0.0 too
        return negative ? "-" + magnitude : magnitude;
    }

    private static void field(StringBuilder out, String name, Object value) {
        line(out, name + ":" + value);
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append("\r\n");
    }
}
