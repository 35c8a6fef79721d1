/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.stream;

import dev.tandem.core.internal.Propagated;
import java.util.List;

/**
 * Sees what the node appends to its replication stream, under the keyspace write lock and in
 * stream order: a master's execution units and the commands a replica forwards from its master.
 * The append-only file is written from here, so it holds exactly what the node propagates (on
 * a replica: what it applied).
 */
public interface StreamTap {

    /** A master's execution unit (wrapped in MULTI/EXEC when it has several commands). */
    void unit(List<Propagated> unit);

    /** One command of the master's stream that a replica forwarded (SELECT, PING and REPLCONF included). */
    void forwarded(byte[][] argv);

    /**
     * The last stream offset the replica senders may send now: with {@code appendfsync always}
     * the offset before the first unit the file has not forced yet; {@link Long#MAX_VALUE} for
     * no limit. The stream calls the tap before it appends, so a unit's gate is set before its
     * bytes can be read.
     */
    default long sendableOffset() {
        return Long.MAX_VALUE;
    }

    /** Sees nothing. */
    StreamTap NONE = new StreamTap() {
        @Override
        public void unit(List<Propagated> unit) {
        }

        @Override
        public void forwarded(byte[][] argv) {
        }
    };
}
