/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code CONFIG REWRITE} does: the owner of a configuration file (the {@code tandem-server}
 * launcher) writes the running values into it. A node embedded in an application has no file:
 * without a rewriter the command answers Redis's {@code ERR The server is running without a
 * config file}. Installed with {@link RespServer#configRewriter}.
 */
@FunctionalInterface
public interface ConfigRewriter {

    /**
     * Rewrites the file. Runs on the requesting client's event loop; a file of a few kilobytes
     * is written synchronously, as Redis does in its main thread.
     *
     * @param values    every directive's current value as {@code CONFIG GET} shows it, by canonical name
     * @param replicaOf {@code host port} of the master while the node is a replica, empty for a master
     * @throws IOException when the file cannot be read or written (the reply names the reason)
     */
    void rewrite(Map<String, String> values, Optional<String> replicaOf) throws IOException;
}
