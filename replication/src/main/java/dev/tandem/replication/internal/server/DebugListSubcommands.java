/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.internal.compact.Quicklist;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ListValue;
import dev.tandem.replication.internal.config.ConfigValues;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The list-related DEBUG subcommands of Redis 7.0 (debug.c): {@code QUICKLIST-PACKED-THRESHOLD}
 * (the element size from which a list element gets a PLAIN node of its own; the Redis test suite
 * lowers it to exercise PLAIN nodes), {@code QUICKLIST key [full]} and {@code LISTPACK key}
 * (Redis prints the structure on its stdout; Tandem logs it at INFO and answers the same status).
 */
final class DebugListSubcommands {
    private static final Logger log = LoggerFactory.getLogger(DebugListSubcommands.class);

    private final RespServer server;

    DebugListSubcommands(RespServer server) {
        this.server = server;
    }

    /** DEBUG QUICKLIST-PACKED-THRESHOLD size: memtoull, then quicklistisSetPackedThreshold's bounds. */
    Reply packedThreshold(ClientConnection client, byte[][] argv, boolean inTransaction) {
        String text = new String(argv[2], StandardCharsets.UTF_8);
        long sz;
        try {
            sz = ConfigValues.memtoull("quicklist-packed-threshold", text, "argument must be a memory value");
        } catch (IllegalArgumentException e) {
            sz = -1;
        }
        if (sz < 0 || !server.keyspace().encodingLimits().listPackedThreshold(sz)) {
            return Reply.error("ERR argument must be a memory value bigger than 1 and smaller than 4gb");
        }
        return Reply.OK;
    }

    /** DEBUG QUICKLIST key [full]: the structure, as quicklistRepr prints it, to the log. */
    Reply quicklist(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (argv.length > 4) {
            return Reply.error("ERR unknown subcommand or wrong number of arguments for 'quicklist'. Try DEBUG HELP.");
        }
        Keyspace keyspace = server.keyspace();
        keyspace.lock().readLock().lock();
        try {
            Entry e = live(keyspace, client, argv[2]);
            if (e == null) {
                return Reply.error("ERR no such key");
            }
            if (!(e.value() instanceof ListValue list)) {
                return Reply.error("ERR Not a quicklist encoded object.");
            }
            boolean full = argv.length == 4 && atoi(argv[3]) != 0;
            if (log.isInfoEnabled()) {
                log.info("DEBUG QUICKLIST {}\n{}", new String(argv[2], StandardCharsets.UTF_8), repr(list.quicklist(), full));
            }
            return Reply.simple("Quicklist structure printed on stdout");
        } finally {
            keyspace.lock().readLock().unlock();
        }
    }

    /** DEBUG LISTPACK key: Redis 7.0 keeps no list, hash or sorted set of this name for lists. */
    Reply listpack(ClientConnection client, byte[][] argv, boolean inTransaction) {
        Keyspace keyspace = server.keyspace();
        keyspace.lock().readLock().lock();
        try {
            Entry e = live(keyspace, client, argv[2]);
            if (e == null) {
                return Reply.error("ERR no such key");
            }
            if (e.value() instanceof ListValue) {
                // Every 7.0 list is a quicklist; the listpack-encoded hashes and sorted sets
                // are not printed by Tandem.
                return Reply.error("ERR Not a listpack encoded object.");
            }
            return Reply.error("ERR DEBUG LISTPACK is supported by Tandem for lists only");
        } finally {
            keyspace.lock().readLock().unlock();
        }
    }

    private static Entry live(Keyspace keyspace, ClientConnection client, byte[] key) {
        Entry e = keyspace.database(client.state.db()).peek(Key.of(key));
        return e == null || e.isExpiredAt(keyspace.clock().nowMillis()) ? null : e;
    }

    /** quicklistRepr's text (bookmarks, recompress and attempted_compress are always 0 here). */
    static String repr(Quicklist ql, boolean full) {
        StringBuilder sb = new StringBuilder();
        sb.append("{count : ").append(ql.count()).append("}\n");
        sb.append("{len : ").append(ql.nodeCount()).append("}\n");
        sb.append("{fill : ").append(ql.fill()).append("}\n");
        sb.append("{compress : ").append(ql.compressDepth()).append("}\n");
        sb.append("{bookmark_count : 0}\n");
        for (int i = 0; i < ql.nodeCount(); i++) {
            Quicklist.Node n = ql.node(i);
            sb.append("{quicklist node(").append(i).append(")\n");
            sb.append("{container : ").append(n.plain() ? "PLAIN" : "PACKED")
                    .append(", encoding: ").append(n.compressed() ? "LZF" : "RAW")
                    .append(", size: ").append(n.size())
                    .append(", count: ").append(n.entries())
                    .append(", recompress: 0, attempted_compress: 0}\n");
            if (full) {
                sb.append(n.plain() ? "{ entry : " + new String(n.bytes(), StandardCharsets.ISO_8859_1) + " }\n"
                        : "{ listpack: " + n.bytes().length + " bytes }\n");
                sb.append("}\n");
            }
        }
        return sb.toString();
    }

    private static long atoi(byte[] text) {
        long v = 0;
        int i = 0;
        boolean neg = i < text.length && text[i] == '-';
        if (neg || (i < text.length && text[i] == '+')) {
            i++;
        }
        for (; i < text.length && text[i] >= '0' && text[i] <= '9' && v < Integer.MAX_VALUE; i++) {
            v = v * 10 + (text[i] - '0');
        }
        return neg ? -v : v;
    }
}
