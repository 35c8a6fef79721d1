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
 * {@code DEBUG SET-ACTIVE-EXPIRE 0|1}; {@code OBJECT}, {@code RELOAD}, {@code LOADAOF}, {@code SLEEP} and
 * {@code STRINGMATCH-TEST} ({@link DebugKeyCommands}); Redis's other subcommands answer that Tandem does not
 * support them.
 */
final class DebugCommand {

    private final RespServer server;
    private final Subcommands subcommands;
    private final DebugListSubcommands lists;

    DebugCommand(RespServer server) {
        this.server = server;
        this.lists = new DebugListSubcommands(server);
        this.subcommands = new Subcommands("debug", Set.of("assert", "crash-and-recover",
                "error", "htstats", "htstats-key", "jmap", "leak", "log", "mallctl",
                "mallctl-str", "populate",
                "replybuffer", "restart", "segfault", "panic", "sdslen",
                "set-skip-checksum-validation",
                "ziplist", "client-eviction", "change-repl-id", "replicate", "structsize", "oom",
                "drop-cluster-packet-filter"))
                .add("digest", 2, this::digest)
                .add("protocol", 3, DebugProtocol::reply)
                .add("digest-value", -2, this::digestValue)
                .add("set-active-expire", 3, this::setActiveExpire)
                .add("pause-cron", 3, this::pauseCron)
                .add("set-disable-deny-scripts", 3, this::setDisableDenyScripts)
                .add("quicklist-packed-threshold", 3, lists::packedThreshold)
                .add("quicklist", -3, lists::quicklist)
                .add("listpack", 3, lists::listpack)
                .add("object", 3, (c, argv, tx) -> DebugKeyCommands.object(server.keyspace(), c.state, argv[2]))
                .add("reload", -2, (c, argv, tx) -> DebugKeyCommands.reload(server.keyspace(), server.persistence(), argv))
                .add("loadaof", 2, (c, argv, tx) -> server.persistence().debugLoadAof())
                .add("sleep", 3, (c, argv, tx) -> DebugKeyCommands.sleep(server.keyspace(), argv[2]))
                .add("stringmatch-test", 2, (c, argv, tx) -> DebugKeyCommands.stringMatchTest())
                .add("help", 2, (c, argv, tx) -> Subcommands.help("debug", List.of(
                        "DIGEST", "    Output a hex signature representing the current DB content.",
                        "DIGEST-VALUE <key> [<key> ...]", "    Output a hex signature of the values of all the specified keys.",
                        "LOADAOF", "    Flush the AOF buffers on disk and reload the AOF in memory.",
                        "OBJECT <key>", "    Show low level info about `key` and associated value.",
                        "RELOAD [option ...]",
                        "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
                        "    * MERGE: conflicting keys will be loaded from RDB.",
                        "    * NOFLUSH: the existing database will not be removed before load, but",
                        "      conflicting keys will generate an exception and kill the server.",
                        "    * NOSAVE: the database will be loaded from an existing RDB file.",
                        "    Examples:",
                        "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
                        "      the database.",
                        "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
                        "      existing RDB file.",
                        "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
                        "      file to the database.",
                        "SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed.",
                        "STRINGMATCH-TEST", "    Run a fuzz tester against the stringmatchlen() function.",
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

    /**
     * debug.c's PAUSE-CRON 0|1 (atoi): the node's 10 Hz cron (active expiry, eviction and
     * failover ticks, replication cron) skips its ticks while paused, as Redis's serverCron.
     */
    private Reply pauseCron(ClientConnection client, byte[][] argv, boolean inTransaction) {
        server.keyspace().cronPaused(atoi(argv[2]) != 0);
        return Reply.OK;
    }

    /** debug.c's SET-DISABLE-DENY-SCRIPTS: atoi of the argument, as Redis reads it. */
    private Reply setDisableDenyScripts(ClientConnection client, byte[][] argv, boolean inTransaction) {
        server.keyspace().scriptDenyDisabled(atoi(argv[2]) != 0);
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
