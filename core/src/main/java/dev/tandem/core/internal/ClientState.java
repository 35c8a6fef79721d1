/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the keyspace keeps per client connection (or per API caller): selected database,
 * protocol version, transaction state and watched keys.
 *
 * <p>A ClientState is used by one thread at a time (its connection's event loop, or the
 * thread applying a master's stream).
 */
public final class ClientState {
    private int db;
    private int protocol = 2;
    private final boolean fromMaster;

    /** Non-null while inside MULTI: the queued commands. */
    List<byte[][]> queued;
    /** A command failed to queue (unknown, wrong arity): EXEC must abort. */
    boolean multiError;
    /** A watched key was touched: EXEC must fail with a null array. */
    volatile boolean watchDirty;
    final Map<Keyspace.WatchedKey, Keyspace.Watch> watched = new HashMap<>();
    /** The client's blocking command while it is blocked on keys (set and cleared under the write lock). */
    volatile BlockedClient blocked;
    /** Set when this client's last command blocked it; taken by the connection that waits. */
    BlockedClient justBlocked;
    /**
     * Whether a blocking command may block this client (a connection that can wait for its
     * reply); otherwise it answers at once as on timeout, as Redis's CLIENT_DENY_BLOCKING.
     */
    private volatile boolean blockingAllowed;
    /** Set while the client tracks keys in default mode (CLIENT TRACKING on): its reads are remembered. */
    private volatile TrackedReads trackedReads;
    /** The connection's ACL, for commands scripts call (null: everything allowed). */
    private volatile AclGate aclGate;

    private ClientState(boolean fromMaster) {
        this.fromMaster = fromMaster;
    }

    /** A normal client. */
    public static ClientState client() {
        return new ClientState(false);
    }

    /**
     * The link that applies a master's stream on a replica: commands never see keys as expired
     * (brief §5) and are never refused as writes to a read-only replica.
     */
    public static ClientState master() {
        return new ClientState(true);
    }

    public int db() {
        return db;
    }

    public void select(int db) {
        this.db = db;
    }

    /** 2 or 3, as negotiated with HELLO; some replies differ in shape between them. */
    public int protocol() {
        return protocol;
    }

    public void protocol(int protocol) {
        if (protocol != 2 && protocol != 3) {
            throw new IllegalArgumentException("protocol must be 2 or 3: " + protocol);
        }
        this.protocol = protocol;
    }

    public boolean isFromMaster() {
        return fromMaster;
    }

    /** The blocking command this client waits in, or null. */
    public BlockedClient blocked() {
        return blocked;
    }

    /** The request the client's last command blocked on, once (null if it did not block). */
    public BlockedClient takeJustBlocked() {
        BlockedClient b = justBlocked;
        justBlocked = null;
        return b;
    }

    /** The client's ACL as scripts check it; null when the client is not restricted. */
    public AclGate aclGate() {
        return aclGate;
    }

    public void aclGate(AclGate gate) {
        this.aclGate = gate;
    }

    public boolean blockingAllowed() {
        return blockingAllowed;
    }

    /** Lets blocking commands block this client (a RESP connection); off by default. */
    public void blockingAllowed(boolean allowed) {
        this.blockingAllowed = allowed;
    }

    /** The client's tracking of its reads, or null (no CLIENT TRACKING, or BCAST mode). */
    public TrackedReads trackedReads() {
        return trackedReads;
    }

    public void trackedReads(TrackedReads reads) {
        this.trackedReads = reads;
    }

    public boolean inMulti() {
        return queued != null;
    }

    void beginMulti() {
        queued = new ArrayList<>();
        multiError = false;
    }

    void endMulti() {
        queued = null;
        multiError = false;
    }
}
