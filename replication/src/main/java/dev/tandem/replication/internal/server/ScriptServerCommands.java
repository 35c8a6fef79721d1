/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.resp.RespVersion;
import dev.tandem.scripting.ScriptServer;
import java.util.Map;
import java.util.Set;

/**
 * The server's own commands as {@code redis.call} sees them, and its MONITOR feed for commands
 * scripts run. As Redis's scripts run on a fake "lua" client, server commands called from a
 * script run on one connection-less {@link ClientConnection} of this server, set to the script's
 * database and RESP version for each call; scripts run one at a time under the keyspace write
 * lock, so the one client is never shared by two calls at once.
 */
final class ScriptServerCommands implements ScriptServer {

    /**
     * Redis 7.0.15's server commands (and {@code container|sub}commands) flagged {@code noscript}
     * among those this server runs (from {@code COMMAND} of redis-server 7.0.15). Blocking,
     * connection-state, replication and persistence commands cannot run inside a script's unit.
     */
    private static final Set<String> NO_SCRIPT = Set.of("auth", "hello", "quit", "reset", "monitor", "wait",
            "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe",
            "psync", "sync", "replconf", "replicaof", "slaveof", "role", "failover", "shutdown",
            "save", "bgsave", "bgrewriteaof", "debug", "repldelay",
            "acl|cat", "acl|deluser", "acl|dryrun", "acl|genpass", "acl|getuser", "acl|list", "acl|load", "acl|log",
            "acl|save", "acl|setuser", "acl|users", "acl|whoami",
            "client|caching", "client|getname", "client|getredir", "client|id", "client|info", "client|kill",
            "client|list", "client|no-evict", "client|pause", "client|reply", "client|setname", "client|tracking",
            "client|trackinginfo", "client|unblock", "client|unpause",
            "config|get", "config|resetstat", "config|rewrite", "config|set",
            "latency|doctor", "latency|graph", "latency|histogram", "latency|history", "latency|latest",
            "latency|reset");
    /** Containers whose subcommands carry their own flags. */
    private static final Set<String> CONTAINERS = Set.of("acl", "client", "config", "latency");

    private final Map<String, ServerCommand> commands;
    private final MonitorFeed monitors;
    private final ClientConnection luaClient;

    ScriptServerCommands(Map<String, ServerCommand> commands, MonitorFeed monitors, long nowMillis) {
        this.commands = commands;
        this.monitors = monitors;
        // Id 0 is never a connection's; no channel: nothing a script may call writes to one.
        this.luaClient = new ClientConnection(0, null, "lua", "", nowMillis, true, null);
    }

    @Override
    public Command lookup(byte[][] argv) {
        String name = CommandDispatcher.lowerName(argv[0]);
        ServerCommand command = commands.get(name);
        return command == null ? null : new Call(name, command);
    }

    @Override
    public void commandCalled(int db, byte[][] argv) {
        monitors.feedScript(db, argv);
    }

    private final class Call implements Command {
        private final String name;
        private final ServerCommand command;

        Call(String name, ServerCommand command) {
            this.name = name;
            this.command = command;
        }

        @Override
        public boolean arityMatches(int argc) {
            return command.arityMatches(argc);
        }

        @Override
        public boolean noScript(byte[][] argv) {
            if (NO_SCRIPT.contains(name)) {
                return true;
            }
            return CONTAINERS.contains(name) && argv.length > 1
                    && NO_SCRIPT.contains(name + "|" + CommandDispatcher.lowerName(argv[1]));
        }

        @Override
        public Reply call(int db, byte[][] argv, int resp) {
            luaClient.protocol(resp == 3 ? RespVersion.RESP3 : RespVersion.RESP2);
            luaClient.state.select(db);
            try {
                Reply reply = command.body().execute(luaClient, argv, false);
                // A command that would answer later (it blocks or hands the connection over)
                // cannot be part of a script; such commands are noscript, this is the backstop.
                return reply != null ? reply : Reply.error("ERR This Redis command is not allowed from script");
            } catch (RedisError e) {
                return Reply.error(e.text());
            }
        }
    }
}
