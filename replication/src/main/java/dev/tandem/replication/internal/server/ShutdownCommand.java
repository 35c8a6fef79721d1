/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.reply.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]} with Redis 7.0's argument checks and
 * replies. The node stops through its {@link ShutdownHandler}; without one SHUTDOWN is refused.
 * Before it stops, the node saves as Redis 7.0 does ({@link PersistenceHooks#saveBeforeShutdown}):
 * with {@code SAVE}, or with save rules unless {@code NOSAVE}; a failed save (or {@code SAVE} on a
 * node without persistence) refuses the shutdown unless {@code FORCE}. It does not wait for
 * lagging replicas, so {@code NOW} changes nothing and no shutdown is ever in progress for
 * {@code ABORT} to cancel.
 */
final class ShutdownCommand {

    static final String NO_HANDLER = "ERR SHUTDOWN is disabled on this node: "
            + "the application that embeds it decides when it stops";
    static final String NOT_IN_PROGRESS = "ERR No shutdown in progress.";
    static final String FAILED = "ERR Errors trying to SHUTDOWN. Check logs.";

    private static final Logger log = LoggerFactory.getLogger(ShutdownCommand.class);

    private final RespServer server;

    ShutdownCommand(RespServer server) {
        this.server = server;
    }

    ServerCommand command() {
        return ServerCommand.of("shutdown", -1, this::shutdown, ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE,
                ServerCommand.Flag.NO_MULTI);
    }

    private Reply shutdown(ClientConnection client, byte[][] argv, boolean inTransaction) {
        boolean nosave = false;
        boolean save = false;
        boolean now = false;
        boolean force = false;
        boolean abort = false;
        for (int i = 1; i < argv.length; i++) {
            if (Args.is(argv[i], "nosave")) {
                nosave = true;
            } else if (Args.is(argv[i], "save")) {
                save = true;
            } else if (Args.is(argv[i], "now")) {
                now = true;
            } else if (Args.is(argv[i], "force")) {
                force = true;
            } else if (Args.is(argv[i], "abort")) {
                abort = true;
            } else {
                throw RedisError.syntax();
            }
        }
        if ((abort && (nosave || save || now || force)) || (nosave && save)) {
            throw RedisError.syntax();
        }
        if (abort) {
            return Reply.error(NOT_IN_PROGRESS);
        }
        ShutdownHandler handler = server.shutdownHandler();
        if (handler == null) {
            return Reply.error(NO_HANDLER);
        }
        // Redis 7.0: save when asked, or when save rules are set unless NOSAVE; a failed save
        // refuses the shutdown unless FORCE.
        if (!server.persistence().saveBeforeShutdown(save, nosave) && !force) {
            log.warn(server.persistence() == PersistenceHooks.NONE
                    ? "SHUTDOWN SAVE refused: this node keeps no files, so it cannot save before exiting "
                            + "(SHUTDOWN NOSAVE, or SAVE FORCE, shuts down without saving)"
                    : "Errors trying to shut down the server. Check the logs for more information.");
            return Reply.error(FAILED);
        }
        handler.shutdownRequested(client.address());
        client.closeAfterReply = true;
        return null;
    }
}
