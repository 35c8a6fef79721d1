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

    @Override
    public byte[] get(byte[] key) {
        byte[] value = node.directGet(db, key);
        return value != dev.tandem.core.internal.DirectReads.FALLBACK ? value : KeyspaceCommands.super.get(key);
    }

    @Override
    public boolean exists(String key) {
        int found = node.directExists(db, key);
        return found >= 0 ? found == 1 : KeyspaceCommands.super.exists(key);
    }

    @Override
    public String hget(String key, String field) {
        byte[] value = node.directHget(db, key, field);
        return value != dev.tandem.core.internal.DirectReads.FALLBACK
                ? ReplicatedKeyspace.utf8(value) : KeyspaceCommands.super.hget(key, field);
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
