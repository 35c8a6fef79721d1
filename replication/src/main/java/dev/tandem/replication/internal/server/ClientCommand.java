/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.internal.pubsub.Message;
import dev.tandem.replication.internal.pubsub.Subscriptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code CLIENT ID|INFO|LIST|KILL|SETNAME|GETNAME|HELP} as Redis 7.0. */
final class ClientCommand {

    private final RespServer server;
    private final Subcommands subcommands;

    ClientCommand(RespServer server) {
        this.server = server;
        ClientModes modes = new ClientModes(server);
        TrackingCommands tracking = new TrackingCommands(server);
        this.subcommands = new Subcommands("client", Set.of())
                .add("unblock", -3, this::unblock)
                .add("reply", 3, ClientModes::reply)
                .add("pause", -3, modes::pause)
                .add("unpause", 2, modes::unpause)
                .add("no-evict", 3, ClientModes::noEvict)
                .add("tracking", -3, tracking::tracking)
                .add("getredir", 2, TrackingCommands::getRedir)
                .add("trackinginfo", 2, tracking::trackingInfo)
                .add("caching", 3, TrackingCommands::caching)
                .add("id", 2, (c, argv, tx) -> Reply.integer(c.id()))
                .add("info", 2, (c, argv, tx) -> new Reply.VerbatimReply("txt",
                        (describe(c, System.currentTimeMillis()) + "\n").getBytes(StandardCharsets.UTF_8)))
                .add("list", -2, this::list)
                .add("kill", -3, this::kill)
                .add("setname", 3, ClientCommand::setName)
                .add("getname", 2, (c, argv, tx) -> c.name()
                        .<Reply>map(Reply::bulk).orElse(Reply.NULL))
                .add("help", 2, (c, argv, tx) -> Subcommands.help("client", HELP));
    }

    /** Redis 7.0.15's CLIENT HELP, line for line. */
    private static final List<String> HELP = List.of(
            "CACHING (YES|NO)",
            "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR",
            "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "UNPAUSE",
            "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Control the replies sent to the current connection.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
            "         [OPTIN] [OPTOUT] [NOLOOP]",
            "    Control server assisted client side caching.",
            "TRACKINGINFO",
            "    Report tracking status for the current connection.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.");

    ServerCommand command() {
        return ServerCommand.of("client", -2, subcommands::execute,
                ServerCommand.Flag.LOADING, ServerCommand.Flag.STALE);
    }

    /**
     * CLIENT UNBLOCK id [TIMEOUT|ERROR] (networking.c): a client blocked on keys gets its timeout
     * reply, or {@code -UNBLOCKED client unblocked via CLIENT UNBLOCK}; 1 if it was blocked.
     * Clients in WAIT or behind a running script are not unblocked here (0).
     */
    private Reply unblock(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (argv.length > 4) {
            return Reply.error("ERR unknown subcommand or wrong number of arguments for '"
                    + CommandDispatcher.text(argv[1]) + "'. Try CLIENT HELP.");
        }
        boolean error = false;
        if (argv.length == 4) {
            if (Args.is(argv[3], "timeout")) {
                error = false;
            } else if (Args.is(argv[3], "error")) {
                error = true;
            } else {
                return Reply.error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        Long id = Args.parseLongStrict(argv[2]);
        if (id == null) {
            throw RedisError.notInteger();
        }
        for (ClientConnection c : server.registry().all()) {
            if (c.id() == id) {
                dev.tandem.core.internal.BlockedClient blocked = c.state.blocked();
                if (blocked != null && server.keyspace().blocking().unblock(blocked, error
                        ? Reply.error("UNBLOCKED client unblocked via CLIENT UNBLOCK") : blocked.timeoutReply())) {
                    return Reply.ONE;
                }
                break;
            }
        }
        return Reply.ZERO;
    }

    private static Reply setName(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (!ConnectionCommands.validClientName(argv[2])) {
            return Reply.error(ConnectionCommands.BAD_CLIENT_NAME);
        }
        client.name(new String(argv[2], StandardCharsets.UTF_8));
        return Reply.OK;
    }

    private Reply list(ClientConnection self, byte[][] argv, boolean inTransaction) {
        ClientKind kind = null;
        Set<Long> ids = null;
        if (argv.length == 4 && Args.is(argv[2], "type")) {
            kind = ClientKind.byRedisName(CommandDispatcher.text(argv[3]));
            if (kind == null) {
                return Reply.error("ERR Unknown client type '" + CommandDispatcher.text(argv[3]) + "'");
            }
        } else if (argv.length > 3 && Args.is(argv[2], "id")) {
            ids = new HashSet<>();
            for (int i = 3; i < argv.length; i++) {
                Long id = Args.parseLongStrict(argv[i]);
                if (id == null || id <= 0) {
                    return Reply.error("ERR Invalid client ID");
                }
                ids.add(id);
            }
        } else if (argv.length != 2) {
            throw RedisError.syntax();
        }
        long now = System.currentTimeMillis();
        StringBuilder out = new StringBuilder();
        for (ClientConnection c : server.registry().sorted()) {
            if ((kind == null || c.kind() == kind) && (ids == null || ids.contains(c.id()))) {
                out.append(describe(c, now)).append('\n');
            }
        }
        return new Reply.VerbatimReply("txt", out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One CLIENT LIST line. Only fields Tandem measures are printed (no fd, query or reply buffer
     * sizes); {@code omem} is the output waiting in the channel.
     */
    static String describe(ClientConnection c, long now) {
        return "id=" + c.id()
                + " addr=" + c.address()
                + " laddr=" + c.localAddress()
                + " name=" + c.name().orElse("")
                + " age=" + Math.max(0, (now - c.createdMillis()) / 1000)
                + " idle=" + Math.max(0, (now - c.lastInteractionMillis()) / 1000)
                + " flags=" + flags(c)
                + " db=" + c.state.db()
                + subscriptionCounts(c)
                + " multi=" + (c.state.inMulti() ? c.transaction.queuedCount() : -1)
                + " omem=" + c.pendingOutputBytes()
                + " cmd=" + c.lastCommand()
                + " user=" + (c.user() != null ? c.user().name() : "default")
                + " redir=" + TrackingCommands.redirectField(c)
                + " resp=" + (c.protocol() == dev.tandem.resp.RespVersion.RESP3 ? 3 : 2);
    }

    private static String subscriptionCounts(ClientConnection c) {
        ClientPubSub p = c.pubsub;
        if (p == null) {
            return " sub=0 psub=0 ssub=0";
        }
        Subscriptions s = p.subscriptions();
        return " sub=" + s.size(Message.Kind.CHANNEL) + " psub=" + s.size(Message.Kind.PATTERN)
                + " ssub=" + s.size(Message.Kind.SHARD);
    }

    private static String flags(ClientConnection c) {
        StringBuilder f = new StringBuilder();
        if (c.monitor) {
            f.append('O');
        }
        if (c.kind() == ClientKind.REPLICA) {
            f.append('S');
        }
        if (c.kind() == ClientKind.MASTER) {
            f.append('M');
        }
        if (c.isSubscribed()) {
            f.append('P');
        }
        if (c.state.inMulti()) {
            f.append('x');
        }
        if (c.isBlocked()) {
            f.append('b');
        }
        TrackingCommands.appendFlags(c, f);
        if (c.closeAfterReply) {
            f.append('c');
        }
        if (c.noEvict) {
            f.append('e');
        }
        return f.length() == 0 ? "N" : f.toString();
    }

    /** CLIENT KILL addr (old form, +OK or "No such client") or filters (count of killed clients). */
    private Reply kill(ClientConnection self, byte[][] argv, boolean inTransaction) {
        if (argv.length == 3) {
            String addr = CommandDispatcher.text(argv[2]);
            for (ClientConnection c : server.registry().all()) {
                if (c.address().equals(addr)) {
                    kill(self, c);
                    return Reply.OK;
                }
            }
            return Reply.error("ERR No such client");
        }
        KillFilter filter = new KillFilter();
        for (int i = 2; i < argv.length; i += 2) {
            if (i + 1 >= argv.length) {
                throw RedisError.syntax();
            }
            byte[] option = argv[i];
            String value = CommandDispatcher.text(argv[i + 1]);
            if (Args.is(option, "id")) {
                Long id = Args.parseLongStrict(argv[i + 1]);
                if (id == null || id < 1) {
                    return Reply.error("ERR client-id should be greater than 0");
                }
                filter.id = id;
            } else if (Args.is(option, "type")) {
                filter.kind = ClientKind.byRedisName(value);
                if (filter.kind == null) {
                    return Reply.error("ERR Unknown client type '" + value + "'");
                }
            } else if (Args.is(option, "addr")) {
                filter.addr = value;
            } else if (Args.is(option, "laddr")) {
                filter.laddr = value;
            } else if (Args.is(option, "user")) {
                if (server.acl().get(value) == null) {
                    return Reply.error("ERR No such user '" + value + "'"); // Redis 7.0's clientKillCommand
                }
                filter.user = value;
            } else if (Args.is(option, "skipme")) {
                if (Args.is(argv[i + 1], "yes")) {
                    filter.skipMe = true;
                } else if (Args.is(argv[i + 1], "no")) {
                    filter.skipMe = false;
                } else {
                    throw RedisError.syntax();
                }
            } else {
                throw RedisError.syntax();
            }
        }
        long killed = 0;
        if (filter.kind == ClientKind.MASTER && filter.matchesAnyMasterLink()) {
            killed += server.replication().killMasterLink();
        }
        List<ClientConnection> victims = new ArrayList<>();
        for (ClientConnection c : server.registry().all()) {
            if (filter.matches(c) && !(filter.skipMe && c == self)) {
                victims.add(c);
            }
        }
        for (ClientConnection c : victims) {
            kill(self, c);
        }
        return Reply.integer(killed + victims.size());
    }

    /** Closes a connection; the calling connection itself is closed once this reply is written. */
    private static void kill(ClientConnection self, ClientConnection victim) {
        if (victim == self) {
            self.closeAfterReply = true;
        } else {
            victim.channel().close();
        }
    }

    private static final class KillFilter {
        Long id;
        ClientKind kind;
        String addr;
        String laddr;
        String user;
        boolean skipMe = true;

        boolean matches(ClientConnection c) {
            return (id == null || c.id() == id)
                    && (kind == null || c.kind() == kind)
                    && (addr == null || c.address().equals(addr))
                    && (laddr == null || c.localAddress().equals(laddr))
                    && (user == null || user.equals(c.user() != null ? c.user().name() : "default"));
        }

        /** The master link is not a server connection; only TYPE (and USER default) can select it. */
        boolean matchesAnyMasterLink() {
            return id == null && addr == null && laddr == null && (user == null || user.equals("default"));
        }
    }
}
