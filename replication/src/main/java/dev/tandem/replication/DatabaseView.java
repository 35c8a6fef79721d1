/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import dev.tandem.core.reply.Reply;
import java.util.Map;

/**
 * The commands of one database of a {@link ReplicatedKeyspace} (Redis's {@code SELECT <db>}
 * followed by the command). Every call is independent: there is no connection state, so
 * {@code MULTI}/{@code WATCH} across calls are not supported here (the RESP server offers them).
 */
public final class DatabaseView implements KeyspaceCommands {

    private final ReplicatedKeyspace node;
    private final int db;

    DatabaseView(ReplicatedKeyspace node, int db) {
        this.node = node;
        this.db = db;
    }

    /** The database's index. */
    public int index() {
        return db;
    }

    @Override
    public Reply execute(byte[]... argv) {
        return node.execute(db, argv);
    }

    /**
     * A live {@link Map} view of this database's string keys (keys holding other types are not
     * part of it): {@code get} is {@code GET}, {@code put} is {@code SET ... GET}, {@code remove}
     * is {@code GETDEL}; iteration walks the keys with {@code SCAN ... TYPE string}. Writes
     * through the view replicate like any other write, and fail with {@link RedisReplyException}
     * ({@code READONLY}) on a read-only replica.
     */
    public Map<String, String> asMap() {
        return new StringMapView(this);
    }

    @Override
    public String toString() {
        return "DatabaseView[db=" + db + " of " + node + "]";
    }
}
