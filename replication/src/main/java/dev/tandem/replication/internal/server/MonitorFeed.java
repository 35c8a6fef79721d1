/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.reply.Reply;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.RejectedExecutionException;

/**
 * MONITOR: every command a client ran, as Redis 7.0's replicationFeedMonitors writes it —
 * {@code +<seconds>.<micros> [<db> <addr>] "arg" "arg"...}, each argument quoted as sdscatrepr
 * quotes it, secrets {@code "(redacted)"}, administrative commands (CONFIG, DEBUG, SLOWLOG,
 * LATENCY, CLIENT LIST/KILL/PAUSE, ACL SETUSER, ...) not shown. A line goes to each monitor on
 * its own event loop, behind the replies already written there.
 */
final class MonitorFeed {

    /** Redis 7.0.15's commands (and subcommands) flagged {@code admin} or {@code no-monitor} that Tandem serves. */
    private static final Set<String> HIDDEN = Set.of("config", "debug", "slowlog", "latency", "monitor", "shutdown",
            "save", "bgsave", "bgrewriteaof", "replicaof", "slaveof", "sync", "psync", "replconf", "failover",
            "module", "cluster", "client|kill", "client|list", "client|pause", "client|unpause", "client|no-evict",
            "acl|deluser", "acl|dryrun", "acl|getuser", "acl|list", "acl|load", "acl|log", "acl|save", "acl|setuser",
            "acl|users", "function|restore", "function|flush", "function|delete", "script|flush", "script|kill",
            "function|kill", "pfdebug", "pfselftest");

    private final Set<ClientConnection> monitors = new CopyOnWriteArraySet<>();

    void add(ClientConnection client) {
        monitors.add(client);
    }

    void remove(ClientConnection client) {
        monitors.remove(client);
    }

    boolean isEmpty() {
        return monitors.isEmpty();
    }

    /** Feeds one executed command (its full name decides whether it is shown). */
    void feed(String fullName, String name, ClientConnection origin, byte[][] argv) {
        if (monitors.isEmpty()) {
            return;
        }
        feed(fullName, name, origin.state.db(), origin.address(), origin, argv);
    }

    /**
     * Feeds a command a script runs, as Redis's call() feeds the Lua client's: {@code [db lua]},
     * after the script's own line (which the dispatcher feeds before the script runs).
     */
    void feedScript(int db, byte[][] argv) {
        if (monitors.isEmpty()) {
            return;
        }
        String name = CommandDispatcher.lowerName(argv[0]);
        String fullName = argv.length > 1 ? name + "|" + CommandDispatcher.lowerName(argv[1]) : name;
        feed(fullName, name, db, "lua", null, argv);
    }

    private void feed(String fullName, String name, int db, String source, ClientConnection origin, byte[][] argv) {
        if (monitors.isEmpty() || HIDDEN.contains(fullName) || HIDDEN.contains(name)) {
            return;
        }
        java.time.Instant now = java.time.Instant.now();
        Reply line = Reply.simple(format(now.getEpochSecond() * 1_000_000 + now.getNano() / 1000,
                db, source, CommandRedaction.redact(argv)));
        for (ClientConnection monitor : monitors) {
            boolean onItsLoop = monitor.channel().eventLoop().inEventLoop();
            if (monitor == origin && onItsLoop) {
                monitor.ownMonitorLines.add(line); // after the command's own reply, as Redis writes it
                continue;
            }
            if (onItsLoop) {
                monitor.pushReply(line); // in order with this loop's other commands
                continue;
            }
            try {
                monitor.channel().eventLoop().execute(() -> monitor.pushReply(line));
            } catch (RejectedExecutionException e) {
                monitors.remove(monitor); // its loop is gone, and the connection with it
            }
        }
    }

    static String format(long unixMicros, int db, String source, byte[][] argv) {
        StringBuilder out = new StringBuilder(64);
        out.append(unixMicros / 1_000_000).append('.').append(String.format(java.util.Locale.ROOT, "%06d", unixMicros % 1_000_000))
                .append(" [").append(db).append(' ').append(source).append(']');
        for (byte[] arg : argv) {
            out.append(' ');
            repr(out, arg);
        }
        return out.toString();
    }

    /** Redis's sdscatrepr: a quoted string with C escapes, other non-printable bytes as \xHH. */
    static void repr(StringBuilder out, byte[] bytes) {
        out.append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append((char) c);
                    } else {
                        out.append(String.format(java.util.Locale.ROOT, "\\x%02x", c));
                    }
                }
            }
        }
        out.append('"');
    }
}
