/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication;

import java.util.Objects;

/**
 * Something that happened to a node's replication, delivered to {@link ReplicationListener}s.
 * Replica-side events name the master as {@code host:port} (or the local endpoint name);
 * master-side events name the replica as it announced itself ({@code ip:listening-port}) or by
 * its connection's address.
 */
public sealed interface ReplicationEvent {

    /** The replica received {@code +FULLRESYNC} or {@code +CONTINUE}. */
    record SyncStarted(String master, SyncKind kind, long offset) implements ReplicationEvent {
        public SyncStarted {
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** Progress of a full sync's snapshot on the replica: payload bytes and keys read so far. */
    record RdbProgress(String master, long bytes, long keys) implements ReplicationEvent {
        public RdbProgress {
            Objects.requireNonNull(master, "master");
        }
    }

    /**
     * The replica is in sync and streams: after a full sync, the new dataset was swapped in
     * ({@code keys} keys from {@code bytes} payload bytes); after a partial one both are 0.
     */
    record SyncCompleted(String master, SyncKind kind, long offset, long keys, long bytes) implements ReplicationEvent {
        public SyncCompleted {
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** A full sync failed (transfer cut, corrupt snapshot); the old dataset was kept. */
    record SyncFailed(String master, String reason) implements ReplicationEvent {
        public SyncFailed {
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The handshake with the master failed (unreachable, refused AUTH, error reply). Emitted once
     * per distinct reason while the same failure repeats, so a retry loop does not flood.
     */
    record HandshakeFailed(String master, String reason) implements ReplicationEvent {
        public HandshakeFailed {
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The link to the master is up: the stream flows ({@code master_link_status:up}). */
    record LinkUp(String master) implements ReplicationEvent {
        public LinkUp {
            Objects.requireNonNull(master, "master");
        }
    }

    /** An established link to the master was lost. */
    record LinkDown(String master, String reason) implements ReplicationEvent {
        public LinkDown {
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A replica's PSYNC/SYNC was accepted by this master, for a full or a partial resync. */
    record ReplicaAttached(String replica, SyncKind kind) implements ReplicationEvent {
        public ReplicaAttached {
            Objects.requireNonNull(replica, "replica");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** A replica of this master started receiving the command stream at {@code offset}. */
    record ReplicaOnline(String replica, long offset) implements ReplicationEvent {
        public ReplicaOnline {
            Objects.requireNonNull(replica, "replica");
        }
    }

    /** A replica's connection to this master closed. */
    record ReplicaDetached(String replica, String reason) implements ReplicationEvent {
        public ReplicaDetached {
            Objects.requireNonNull(replica, "replica");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A replica was disconnected because its output buffer (stream bytes it has not taken yet)
     * passed {@code client-output-buffer-limit replica}; {@code limit} says which part.
     */
    record OutputLimitHit(String replica, String limit, long usedBytes) implements ReplicationEvent {
        public OutputLimitHit {
            Objects.requireNonNull(replica, "replica");
            Objects.requireNonNull(limit, "limit");
        }
    }

    /**
     * The replica refused a full sync that would have replaced its {@code localKeys} keys with
     * the empty data set of a master whose history ({@code masterReplid}) is unrelated to its
     * own: the empty-master-restart hazard. The replica kept its data and stays disconnected
     * from that master until told otherwise ({@code replica-allow-empty-unrelated-master yes},
     * {@code REPLICAOF} another master, or {@code REPLICAOF NO ONE}).
     */
    record EmptyMasterRefused(String master, String masterReplid, long localKeys) implements ReplicationEvent {
        public EmptyMasterRefused {
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(masterReplid, "masterReplid");
        }
    }

    /**
     * A command of the master's stream failed on this replica ({@code error} is the reply it
     * would have sent, e.g. an unknown command), after the stream reached {@code offset} (the
     * replica's offset after the failed unit): the data set may differ from the master's. What
     * follows depends on {@code propagation-error-behavior} ({@code behavior}): a full resync,
     * a stopped link, or nothing ({@code ignore}).
     */
    record ApplyFailed(String master, String command, String error, long offset, PropagationErrorBehavior behavior)
            implements ReplicationEvent {
        public ApplyFailed {
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(behavior, "behavior");
        }
    }

    /** The node changed role ({@code REPLICAOF host port} or {@code REPLICAOF NO ONE}). */
    record RoleChanged(Role from, Role to) implements ReplicationEvent {
        public RoleChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }
    /**
     * A save of the data set to disk started ({@code SAVE}, {@code BGSAVE}, a save rule, a
     * {@code SHUTDOWN}, or the API).
     *
     * @param background whether it runs on the node's save thread ({@code BGSAVE}, a rule)
     */
    record SaveStarted(String file, boolean background) implements ReplicationEvent {
        public SaveStarted {
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * A save ended: {@code error} is null when the file was written, fsynced and renamed into
     * place, else why it failed (the previous file is left as it was).
     */
    record SaveFinished(String file, boolean background, long keys, long bytes, long millis, String error)
            implements ReplicationEvent {
        public SaveFinished {
            Objects.requireNonNull(file, "file");
        }

        public boolean succeeded() {
            return error == null;
        }
    }

    /** Progress of loading the data set from disk at start: bytes read of {@code totalBytes}. */
    record LoadProgress(String file, long bytes, long totalBytes, long keys, boolean done) implements ReplicationEvent {
        public LoadProgress {
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * A replica loading a full sync with {@code repl-diskless-load swapdb} found no room to keep
     * its old data set beside the new one (under {@code maxmemory}, or in the JVM's free heap)
     * and emptied it before loading on: {@code reason} says which limit and by how much.
     */
    record LoadFallback(String master, String reason) implements ReplicationEvent {
        public LoadFallback {
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The embedded node {@code node} stopped after an error the JVM cannot recover from
     * ({@code error}: an OutOfMemoryError, ...). Every later call on it throws
     * {@link IllegalStateException}; the application decides whether to restart it (with more heap
     * or a lower {@code maxmemory}).
     */
    record NodeFailed(String node, String error) implements ReplicationEvent {
        public NodeFailed {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(error, "error");
        }
    }
}
