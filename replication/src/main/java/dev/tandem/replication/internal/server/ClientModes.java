/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.reply.Reply;

/**
 * The CLIENT subcommands that change how the server treats a connection, or all of them:
 * {@code REPLY}, {@code PAUSE}/{@code UNPAUSE}, {@code NO-EVICT}, with Redis 7.0.15's replies
 * and error texts (the tracking ones are {@link TrackingCommands}).
 */
final class ClientModes {

    private final RespServer server;

    ClientModes(RespServer server) {
        this.server = server;
    }

    /**
     * CLIENT REPLY ON|OFF|SKIP. OFF and SKIP have no reply of their own (the handler drops the
     * reply written while the flag is set); ON clears both and answers +OK.
     */
    static Reply reply(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (Args.is(argv[2], "on")) {
            client.replyOff = false;
            client.skipThisReply = false;
            client.skipNextReply = false;
            return Reply.OK;
        }
        if (Args.is(argv[2], "off")) {
            client.replyOff = true;
            return Reply.OK;
        }
        if (Args.is(argv[2], "skip")) {
            if (!client.replyOff) {
                client.skipThisReply = true; // this command's own reply
                client.skipNextReply = true;
            }
            return Reply.OK;
        }
        throw RedisError.syntax();
    }

    /** CLIENT PAUSE timeout [WRITE|ALL]. */
    Reply pause(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (argv.length > 4) {
            return Reply.error("ERR unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP.");
        }
        ClientPause.Mode mode = ClientPause.Mode.ALL;
        if (argv.length == 4) {
            if (Args.is(argv[3], "write")) {
                mode = ClientPause.Mode.WRITE;
            } else if (!Args.is(argv[3], "all")) {
                return Reply.error("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        Long timeout = Args.parseLongStrict(argv[2]);
        if (timeout == null) {
            return Reply.error("ERR timeout is not an integer or out of range");
        }
        if (timeout < 0) {
            return Reply.error("ERR timeout is negative");
        }
        server.clientPause().pause(timeout, mode, client.channel().eventLoop());
        return Reply.OK;
    }

    Reply unpause(ClientConnection client, byte[][] argv, boolean inTransaction) {
        server.clientPause().unpause();
        return Reply.OK;
    }

    /** CLIENT NO-EVICT ON|OFF: Tandem has no client eviction (maxmemory-clients); the flag shows as {@code e}. */
    static Reply noEvict(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (Args.is(argv[2], "on")) {
            client.noEvict = true;
        } else if (Args.is(argv[2], "off")) {
            client.noEvict = false;
        } else {
            throw RedisError.syntax();
        }
        return Reply.OK;
    }
}
