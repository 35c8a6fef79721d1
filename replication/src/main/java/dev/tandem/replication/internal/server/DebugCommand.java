/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code DEBUG DIGEST} and {@code DEBUG DIGEST-VALUE key [key ...]} (computed under the read lock), and
 * {@code DEBUG SET-ACTIVE-EXPIRE 0|1}; Redis's other subcommands answer that Tandem does not support them.
 */
final class DebugCommand {

    private final RespServer server;
    private final Subcommands subcommands;

    DebugCommand(RespServer server) {
        this.server = server;
        this.subcommands = new Subcommands("debug", Set.of("assert", "change-repl-id", "crash-and-recover",
                "error", "htstats", "htstats-key", "jmap", "listpack", "leak", "loadaof", "log", "mallctl",
                "mallctl-str", "object", "pause-cron", "populate", "protocol", "quicklist-packed-threshold",
                "reload", "replybuffer", "restart", "segfault", "panic", "sdslen",
                "set-disable-deny-scripts", "set-skip-checksum-validation", "sleep", "stringmatch-len",
                "ziplist", "client-eviction"))
                .add("digest", 2, this::digest)
                .add("digest-value", -2, this::digestValue)
                .add("set-active-expire", 3, this::setActiveExpire)
                .add("loadaof", 2, (c, argv, tx) -> server.persistence().debugLoadAof())
                .add("help", 2, (c, argv, tx) -> Subcommands.help("debug", List.of(
                        "DIGEST", "    Output a hex signature representing the current DB content.",
                        "DIGEST-VALUE <key> [<key> ...]", "    Output a hex signature of the values of all the specified keys.",
                        "SET-ACTIVE-EXPIRE <0|1>",
                        "    Setting it to 0 disables expiring keys in background when they are not accessed (otherwise the Redis behavior). Setting it to 1 reenables back the default.")));
    }

    ServerCommand command() {
        return ServerCommand.of("debug", -2, subcommands::execute, ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE);
    }

    private Reply digest(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (server.digest().isEmpty()) {
            return noDigest();
        }
        Keyspace keyspace = server.keyspace();
        keyspace.lock().readLock().lock();
        try {
            return Reply.simple(server.digest().get().digest(keyspace));
        } finally {
            keyspace.lock().readLock().unlock();
        }
    }

    private Reply digestValue(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (server.digest().isEmpty()) {
            return noDigest();
        }
        Keyspace keyspace = server.keyspace();
        List<Reply> out = new ArrayList<>(argv.length - 2);
        keyspace.lock().readLock().lock();
        try {
            for (int i = 2; i < argv.length; i++) {
                out.add(Reply.simple(server.digest().get().digestValue(keyspace, client.state.db(), argv[i])));
            }
        } finally {
            keyspace.lock().readLock().unlock();
        }
        return Reply.array(out);
    }

    /** Redis's {@code atoi}: a leading optional sign and digits, anything else 0; non-zero enables. */
    private Reply setActiveExpire(ClientConnection client, byte[][] argv, boolean inTransaction) {
        server.keyspace().activeExpireEnabled(atoi(argv[2]) != 0);
        return Reply.OK;
    }

    private static long atoi(byte[] text) {
        int i = 0;
        while (i < text.length && Character.isWhitespace(text[i])) {
            i++;
        }
        boolean negative = i < text.length && text[i] == '-';
        if (i < text.length && (text[i] == '-' || text[i] == '+')) {
            i++;
        }
        long value = 0;
        for (; i < text.length && text[i] >= '0' && text[i] <= '9' && value < Integer.MAX_VALUE; i++) {
            value = value * 10 + (text[i] - '0');
        }
        return negative ? -value : value;
    }

    private static Reply noDigest() {
        return Reply.error("ERR DEBUG DIGEST is not available: the node was built without a dataset digest");
    }
}
