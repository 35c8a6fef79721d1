/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import static dev.tandem.replication.internal.server.ServerCommand.Flag.LOADING;
import static dev.tandem.replication.internal.server.ServerCommand.Flag.STALE;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.internal.pubsub.Message;
import dev.tandem.replication.internal.pubsub.PubSub;
import dev.tandem.replication.internal.pubsub.Subscriptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The connection side of pub/sub, as Redis 7.0's pubsub.c: (P|S)SUBSCRIBE and (P|S)UNSUBSCRIBE,
 * each confirmation a push frame of its own ({@code subscribe <channel> <count>}), and PUBSUB's
 * introspection. PUBLISH and SPUBLISH are not here: they run in the keyspace, which propagates
 * them (see {@code internal.pubsub.PublishCommands}).
 */
final class PubSubCommands {

    private final RespServer server;
    private final PubSub hub;
    private final Subcommands pubsub;

    private PubSubCommands(RespServer server) {
        this.server = server;
        this.hub = server.pubsub();
        this.pubsub = new Subcommands("pubsub", Set.of())
                .add("channels", -2, (c, argv, tx) -> channels(argv, Message.Kind.CHANNEL))
                .add("shardchannels", -2, (c, argv, tx) -> channels(argv, Message.Kind.SHARD))
                .add("numsub", -2, (c, argv, tx) -> numsub(argv, Message.Kind.CHANNEL))
                .add("shardnumsub", -2, (c, argv, tx) -> numsub(argv, Message.Kind.SHARD))
                .add("numpat", 2, (c, argv, tx) -> Reply.integer(hub.size(Message.Kind.PATTERN)))
                .add("help", 2, (c, argv, tx) -> Subcommands.help("pubsub", List.of(
                        "CHANNELS [<pattern>]",
                        "    Return the currently active channels matching a <pattern> (default: '*').",
                        "NUMPAT",
                        "    Return number of subscriptions to patterns.",
                        "NUMSUB [<channel> ...]",
                        "    Return the number of subscribers for the specified channels, excluding",
                        "    pattern subscriptions(default: no channels).",
                        "SHARDCHANNELS [<pattern>]",
                        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                        "SHARDNUMSUB [<shardchannel> ...]",
                        "    Return the number of subscribers for the specified shard level channel(s)")));
    }

    static List<ServerCommand> all(RespServer server) {
        PubSubCommands p = new PubSubCommands(server);
        return List.of(
                ServerCommand.of("subscribe", -2, (c, argv, tx) -> p.subscribe(c, argv, tx, Message.Kind.CHANNEL),
                        LOADING, STALE),
                ServerCommand.of("psubscribe", -2, (c, argv, tx) -> p.subscribe(c, argv, tx, Message.Kind.PATTERN),
                        LOADING, STALE),
                ServerCommand.of("ssubscribe", -2, (c, argv, tx) -> p.subscribe(c, argv, tx, Message.Kind.SHARD),
                        LOADING, STALE),
                ServerCommand.of("unsubscribe", -1, (c, argv, tx) -> p.unsubscribe(c, argv, tx, Message.Kind.CHANNEL),
                        LOADING, STALE),
                ServerCommand.of("punsubscribe", -1,
                        (c, argv, tx) -> p.unsubscribe(c, argv, tx, Message.Kind.PATTERN), LOADING, STALE),
                ServerCommand.of("sunsubscribe", -1,
                        (c, argv, tx) -> p.unsubscribe(c, argv, tx, Message.Kind.SHARD), LOADING, STALE),
                ServerCommand.of("pubsub", -2, p.pubsub::execute, LOADING, STALE));
    }

    /**
     * Subscribes and confirms each name with a push frame. Inside EXEC Redis lets SUBSCRIBE and
     * PSUBSCRIBE through (backward compatibility) but not SSUBSCRIBE.
     */
    private Reply subscribe(ClientConnection client, byte[][] argv, boolean inTransaction, Message.Kind kind) {
        if (inTransaction && kind == Message.Kind.SHARD) {
            return Reply.error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
        }
        Subscriptions subs = subscriptions(client);
        List<List<Reply>> frames = new ArrayList<>();
        for (int i = 1; i < argv.length; i++) {
            frames.add(confirmation(kind.subscribeType(), argv[i], subs.subscribe(kind, argv[i])));
        }
        updateKind(client);
        return emit(client, frames, inTransaction);
    }

    /** Unsubscribes the names given, or everything of the kind; with nothing to drop, one frame with a null name. */
    private Reply unsubscribe(ClientConnection client, byte[][] argv, boolean inTransaction, Message.Kind kind) {
        Subscriptions subs = subscriptions(client);
        List<byte[]> names = new ArrayList<>();
        if (argv.length == 1) {
            names.addAll(subs.names(kind));
        } else {
            for (int i = 1; i < argv.length; i++) {
                names.add(argv[i]);
            }
        }
        List<List<Reply>> frames = new ArrayList<>();
        if (names.isEmpty()) {
            frames.add(confirmation(kind.unsubscribeType(), null, subs.count(kind)));
        }
        for (byte[] name : names) {
            frames.add(confirmation(kind.unsubscribeType(), name, subs.unsubscribe(kind, name)));
        }
        updateKind(client);
        return emit(client, frames, inTransaction);
    }

    /**
     * Confirmations are push frames of their own. Inside EXEC they must be the command's one
     * entry in EXEC's array: one confirmation is that entry (as from Redis, but an array rather
     * than a {@code >} frame in RESP3); several become one nested array, where Redis writes them
     * one after the other and so breaks EXEC's element count.
     */
    private static Reply emit(ClientConnection client, List<List<Reply>> frames, boolean inTransaction) {
        if (inTransaction) {
            if (frames.size() == 1) {
                return Reply.array(frames.get(0));
            }
            List<Reply> all = new ArrayList<>(frames.size());
            frames.forEach(f -> all.add(Reply.array(f)));
            return Reply.array(all);
        }
        frames.forEach(client::push);
        return null;
    }

    private Subscriptions subscriptions(ClientConnection client) {
        if (client.pubsub == null) {
            client.pubsub = new ClientPubSub(hub, client);
        }
        return client.pubsub.subscriptions();
    }

    /**
     * Redis's client class follows the CLIENT_PUBSUB flag, set while anything is subscribed: it
     * picks the {@code pubsub} output-buffer limit and {@code CLIENT KILL TYPE pubsub}.
     */
    static void updateKind(ClientConnection client) {
        ClientKind kind = client.kind();
        if (kind == ClientKind.NORMAL || kind == ClientKind.PUBSUB) {
            client.kind(client.isSubscribed() ? ClientKind.PUBSUB : ClientKind.NORMAL);
        }
    }

    private static List<Reply> confirmation(String type, byte[] name, int count) {
        return List.of(Reply.bulk(type), name == null ? Reply.NULL : Reply.bulk(name), Reply.integer(count));
    }

    private Reply channels(byte[][] argv, Message.Kind kind) {
        if (argv.length > 3) {
            return wrongArguments(argv);
        }
        List<Reply> out = new ArrayList<>();
        for (byte[] channel : hub.channels(kind, argv.length == 3 ? argv[2] : null)) {
            out.add(Reply.bulk(channel));
        }
        return Reply.array(out);
    }

    private Reply numsub(byte[][] argv, Message.Kind kind) {
        List<Reply> out = new ArrayList<>();
        for (int i = 2; i < argv.length; i++) {
            out.add(Reply.bulk(argv[i]));
            out.add(Reply.integer(hub.subscribers(kind, argv[i])));
        }
        return Reply.array(out);
    }

    /** Redis's addReplySubcommandSyntaxError for PUBSUB CHANNELS with more than one pattern. */
    private static Reply wrongArguments(byte[][] argv) {
        return Reply.error("ERR unknown subcommand or wrong number of arguments for '"
                + CommandDispatcher.text(argv[1]) + "'. Try PUBSUB HELP.");
    }
}
