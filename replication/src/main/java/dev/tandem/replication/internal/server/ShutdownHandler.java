/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

/**
 * What a node does on {@code SHUTDOWN}. A node embedded in an application has none, so a client
 * cannot stop the application's node (SHUTDOWN replies an error); a standalone server, such as
 * the {@code tandem-server} launcher, installs one with {@link RespServer#shutdownHandler}.
 */
@FunctionalInterface
public interface ShutdownHandler {

    /**
     * A client sent a valid {@code SHUTDOWN}. Runs on the client's event loop, so it must return
     * at once and close the node from another thread (closing waits for the event loops). The
     * requesting connection is closed without a reply, as Redis's is when it exits.
     *
     * @param clientAddress the requesting client's {@code ip:port}
     */
    void shutdownRequested(String clientAddress);
}
