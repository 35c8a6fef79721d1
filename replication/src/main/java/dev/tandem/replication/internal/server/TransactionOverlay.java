/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's share of a client's MULTI block. The keyspace queues data commands and runs them
 * atomically at EXEC; server commands (INFO, CLIENT, CONFIG, ...) queued in the same block are
 * remembered here with their position and run right after the keyspace's EXEC, their replies
 * spliced into EXEC's array in queue order. A command refused while queueing (unknown, wrong
 * arity, NOAUTH, READONLY, ...) poisons the block, so EXEC answers EXECABORT as Redis does.
 */
final class TransactionOverlay {

    /** A server command queued at {@code position} among all queued commands. */
    record QueuedServerCommand(int position, ServerCommand command, byte[][] argv) { }

    private final List<QueuedServerCommand> serverCommands = new ArrayList<>();
    /** The keyspace's queued commands in order (references only): EXEC reports each to INFO and MONITOR. */
    private final List<byte[][]> keyspaceCommands = new ArrayList<>();
    private int queued;
    private boolean poisoned;
    private boolean hasWrite;
    private boolean hasNonStale;
    private boolean hasNonLoading;

    void reset() {
        serverCommands.clear();
        keyspaceCommands.clear();
        queued = 0;
        poisoned = false;
        hasWrite = false;
        hasNonStale = false;
        hasNonLoading = false;
    }

    void poison() {
        poisoned = true;
    }

    /** Commands queued so far (CLIENT LIST's multi=). */
    int queuedCount() {
        return queued;
    }

    boolean isPoisoned() {
        return poisoned;
    }

    /** A command the keyspace queued, with the server's view of its flags. */
    void queuedInKeyspace(byte[][] argv, boolean write, boolean stale, boolean loading) {
        keyspaceCommands.add(argv);
        queued++;
        hasWrite |= write;
        hasNonStale |= !stale;
        hasNonLoading |= !loading;
    }

    void queuedServer(ServerCommand command, byte[][] argv) {
        serverCommands.add(new QueuedServerCommand(queued, command, argv));
        queued++;
        hasNonStale |= !command.has(ServerCommand.Flag.STALE);
        hasNonLoading |= !command.has(ServerCommand.Flag.LOADING);
    }

    List<byte[][]> keyspaceCommands() {
        return keyspaceCommands;
    }

    List<QueuedServerCommand> serverCommands() {
        return serverCommands;
    }

    boolean hasWrite() {
        return hasWrite;
    }

    boolean hasNonStale() {
        return hasNonStale;
    }

    boolean hasNonLoading() {
        return hasNonLoading;
    }
}
