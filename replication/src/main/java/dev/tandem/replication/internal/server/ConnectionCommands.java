/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static dev.tandem.replication.internal.server.ServerCommand.Flag.LOADING;
import static dev.tandem.replication.internal.server.ServerCommand.Flag.NO_AUTH;
import static dev.tandem.replication.internal.server.ServerCommand.Flag.STALE;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.reply.Reply;
import dev.tandem.replication.internal.acl.AclUser;
import dev.tandem.replication.internal.config.ByteStrings;
import dev.tandem.resp.RespVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Connection commands: AUTH, HELLO, QUIT, RESET, PING, ECHO, TIME, LASTSAVE (Redis 7.0 texts). */
final class ConnectionCommands {

    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    static final String AUTH_WITHOUT_PASSWORD = "ERR AUTH <password> called without any password configured "
            + "for the default user. Are you sure your configuration is correct?";
    static final String HELLO_NOAUTH = "NOAUTH HELLO must be called with the client already authenticated, "
            + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and "
            + "select the RESP protocol version at the same time";
    static final String NOPROTO = "NOPROTO unsupported protocol version";
    static final String BAD_CLIENT_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";

    private final RespServer server;

    private ConnectionCommands(RespServer server) {
        this.server = server;
    }

    static List<ServerCommand> all(RespServer server) {
        ConnectionCommands c = new ConnectionCommands(server);
        return List.of(
                ServerCommand.of("auth", -2, c::auth, NO_AUTH, LOADING, STALE),
                ServerCommand.of("hello", -1, c::hello, NO_AUTH, LOADING, STALE),
                ServerCommand.of("quit", -1, c::quit, NO_AUTH, LOADING, STALE),
                ServerCommand.of("reset", 1, c::reset, NO_AUTH, LOADING, STALE),
                ServerCommand.of("ping", -1, ConnectionCommands::ping),
                ServerCommand.of("echo", 2, (client, argv, tx) -> Reply.bulk(argv[1]), LOADING, STALE),
                ServerCommand.of("time", 1, ConnectionCommands::time, LOADING, STALE),
                // Tandem never saves: LASTSAVE is the start time, as Redis reports before its first save.
                ServerCommand.of("lastsave", 1,
                        (client, argv, tx) -> Reply.integer(server.startMillis() / 1000), LOADING, STALE));
    }

    private Reply auth(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (argv.length > 3) {
            throw RedisError.syntax();
        }
        if (argv.length == 2) {
            // Redis's check: the one-argument form needs a password on the default user.
            if (server.acl().defaultUser().nopass()) {
                return Reply.error(AUTH_WITHOUT_PASSWORD);
            }
            return authenticate(client, "default".getBytes(StandardCharsets.US_ASCII), argv[1])
                    ? Reply.OK : Reply.error(WRONGPASS);
        }
        return authenticate(client, argv[1], argv[2]) ? Reply.OK : Reply.error(WRONGPASS);
    }

    /**
     * Checks the credentials against the ACL users; on success the connection runs as that user
     * and is authenticated (which also lifts the unauthenticated request limits).
     */
    private boolean authenticate(ClientConnection client, byte[] user, byte[] password) {
        AclUser found = server.acl().authenticate(user, password);
        if (found == null) {
            // Redis logs every failed AUTH (HELLO AUTH too) under the name that was tried.
            server.dispatcher().logDenial(client, "auth", "AUTH", ByteStrings.decode(user));
            return false;
        }
        client.user(found);
        client.authenticated(true);
        return true;
    }

    private Reply hello(ClientConnection client, byte[][] argv, boolean inTransaction) {
        RespVersion version = null;
        if (argv.length >= 2) {
            long requested = Args.parseLong(argv[1], "ERR Protocol version is not an integer or out of range");
            if (requested < 2 || requested > 3) {
                return Reply.error(NOPROTO);
            }
            version = requested == 3 ? RespVersion.RESP3 : RespVersion.RESP2;
        }
        byte[] user = null;
        byte[] password = null;
        byte[] clientName = null;
        for (int j = 2; j < argv.length; j++) {
            int moreArgs = argv.length - 1 - j;
            if (Args.is(argv[j], "AUTH") && moreArgs >= 2) {
                user = argv[j + 1];
                password = argv[j + 2];
                j += 2;
            } else if (Args.is(argv[j], "SETNAME") && moreArgs >= 1) {
                clientName = argv[j + 1];
                j++;
            } else {
                return Reply.error("ERR Syntax error in HELLO option '" + CommandDispatcher.text(argv[j]) + "'");
            }
        }
        if (user != null && !authenticate(client, user, password)) {
            return Reply.error(WRONGPASS);
        }
        if (server.dispatcher().authRequired(client)) {
            return Reply.error(HELLO_NOAUTH);
        }
        if (clientName != null) {
            if (!validClientName(clientName)) {
                return Reply.error(BAD_CLIENT_NAME);
            }
            client.name(new String(clientName, StandardCharsets.UTF_8));
        }
        if (version != null) {
            client.protocol(version);
        }
        boolean replica = server.replication().replicationInfo().isReplica();
        List<Reply> map = new ArrayList<>(14);
        map.add(Reply.bulk("server"));
        map.add(Reply.bulk("redis"));
        map.add(Reply.bulk("version"));
        map.add(Reply.bulk(RespServer.REDIS_VERSION));
        map.add(Reply.bulk("proto"));
        map.add(Reply.integer(client.protocol() == RespVersion.RESP3 ? 3 : 2));
        map.add(Reply.bulk("id"));
        map.add(Reply.integer(client.id()));
        map.add(Reply.bulk("mode"));
        map.add(Reply.bulk("standalone"));
        map.add(Reply.bulk("role"));
        map.add(Reply.bulk(replica ? "replica" : "master"));
        map.add(Reply.bulk("modules"));
        map.add(Reply.EMPTY_ARRAY);
        return new Reply.MapReply(map);
    }

    /** Redis's clientSetName rule: printable ASCII without spaces ('!' to '~'); empty clears the name. */
    static boolean validClientName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    private Reply quit(ClientConnection client, byte[][] argv, boolean inTransaction) {
        client.closeAfterReply = true;
        return Reply.OK;
    }

    /** Redis's clearClientConnectionState: as if the connection were new. */
    private Reply reset(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (client.state.inMulti()) {
            server.keyspace().execute(client.state, "DISCARD");
        }
        client.transaction.reset();
        server.keyspace().unwatchAll(client.state);
        server.tracking().disable(client); // CLIENT TRACKING off, as Redis's clearClientConnectionState
        client.state.select(0);
        if (client.pubsub != null) {
            client.pubsub.subscriptions().clear();
            PubSubCommands.updateKind(client);
        }
        client.protocol(RespVersion.RESP2);
        client.name(null);
        client.user(server.acl().defaultUser());
        client.authenticated(!server.acl().authRequired());
        // Redis's clearClientConnectionState also ends MONITOR, CLIENT REPLY OFF/SKIP and NO-EVICT.
        client.monitor = false;
        server.monitors().remove(client);
        client.replyOff = false;
        client.skipNextReply = false;
        client.noEvict = false;
        return Reply.simple("RESET");
    }

    private static Reply ping(ClientConnection client, byte[][] argv, boolean inTransaction) {
        if (argv.length > 2) {
            throw RedisError.wrongArity("ping");
        }
        if (client.protocol() == RespVersion.RESP2 && client.isSubscribed()) {
            // Redis's subscribed-mode PING: a two-element array a RESP2 subscriber can tell apart.
            return Reply.array(List.of(Reply.bulk("pong"), Reply.bulk(argv.length == 1 ? new byte[0] : argv[1])));
        }
        return argv.length == 1 ? Reply.PONG : Reply.bulk(argv[1]);
    }

    private static Reply time(ClientConnection client, byte[][] argv, boolean inTransaction) {
        Instant now = Instant.now();
        return Reply.array(List.of(Reply.bulk(Long.toString(now.getEpochSecond())),
                Reply.bulk(Long.toString(now.getNano() / 1000))));
    }
}
