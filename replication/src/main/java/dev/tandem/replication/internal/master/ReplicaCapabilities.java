/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.master;

import java.util.Optional;

/**
 * What a replica told its master with {@code REPLCONF} before {@code PSYNC}: where it listens
 * and which protocol capabilities it has (reference §3.3).
 *
 * @param listeningPort {@code REPLCONF listening-port}; 0 when never sent (INFO shows 0)
 * @param ipAddress {@code REPLCONF ip-address}, or null when never sent (the peer address is shown)
 * @param eof {@code capa eof}: it can read the diskless {@code $EOF:<mark>} payload
 * @param psync2 {@code capa psync2}: it understands {@code +CONTINUE <replid>}
 * @param rdbOnly {@code REPLCONF rdb-only 1}: send the snapshot, then close (no stream)
 * @param rdbExcludeData {@code REPLCONF rdb-filter-only <filters>}: the snapshot leaves out every
 *     key (only AUX fields, plus function libraries when asked for, which a Tandem node has
 *     none of); such a snapshot is always sent in the {@code $EOF:} form
 */
public record ReplicaCapabilities(int listeningPort, String ipAddress, boolean eof, boolean psync2, boolean rdbOnly,
        boolean rdbExcludeData) {

    /** A replica that announced nothing (e.g. legacy {@code SYNC} from a tool). */
    public static final ReplicaCapabilities NONE = new ReplicaCapabilities(0, null, false, false, false, false);

    public Optional<String> announcedIp() {
        return Optional.ofNullable(ipAddress);
    }

    public ReplicaCapabilities withListeningPort(int port) {
        return new ReplicaCapabilities(port, ipAddress, eof, psync2, rdbOnly, rdbExcludeData);
    }

    public ReplicaCapabilities withIpAddress(String ip) {
        return new ReplicaCapabilities(listeningPort, ip, eof, psync2, rdbOnly, rdbExcludeData);
    }

    public ReplicaCapabilities withEof() {
        return new ReplicaCapabilities(listeningPort, ipAddress, true, psync2, rdbOnly, rdbExcludeData);
    }

    public ReplicaCapabilities withPsync2() {
        return new ReplicaCapabilities(listeningPort, ipAddress, eof, true, rdbOnly, rdbExcludeData);
    }

    public ReplicaCapabilities withRdbOnly(boolean value) {
        return new ReplicaCapabilities(listeningPort, ipAddress, eof, psync2, value, rdbExcludeData);
    }

    public ReplicaCapabilities withRdbExcludeData(boolean value) {
        return new ReplicaCapabilities(listeningPort, ipAddress, eof, psync2, rdbOnly, value);
    }
}
