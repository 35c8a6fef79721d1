/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.server;

import dev.tandem.core.reply.Reply;
import dev.tandem.replication.internal.pubsub.Message;
import dev.tandem.replication.internal.pubsub.PubSub;
import dev.tandem.replication.internal.pubsub.Subscriber;
import dev.tandem.replication.internal.pubsub.Subscriptions;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * A connection as a pub/sub subscriber: its subscriptions, and the hand-over of each message to
 * the connection's event loop, where it is written as a push frame behind the replies already
 * written (Redis's {@code addReplyPubsubMessage}). Publishing never waits for a subscriber: a
 * subscriber that does not read grows its output until the {@code pubsub} client class's
 * output-buffer limit closes it, as Redis does.
 */
final class ClientPubSub implements Subscriber {

    private final ClientConnection client;
    private final Subscriptions subscriptions;

    ClientPubSub(PubSub hub, ClientConnection client) {
        this.client = client;
        this.subscriptions = new Subscriptions(hub, this);
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    @Override
    public void deliver(Message message) {
        List<Reply> frame = frame(message);
        EventLoop loop = client.channel().eventLoop();
        if (loop.inEventLoop()) {
            // Published on this connection's own loop (by itself, a neighbour, the master link):
            // append now, so the message precedes the publisher's reply as in Redis.
            client.push(frame);
            return;
        }
        try {
            loop.execute(() -> client.push(frame));
        } catch (RejectedExecutionException e) {
            // The event loop is shutting down: the connection is gone with it.
        }
    }

    /** Redis's message push: {@code message ch payload}, {@code pmessage pattern ch payload}, {@code smessage ch payload}. */
    static List<Reply> frame(Message m) {
        Reply type = Reply.bulk(m.kind().messageType());
        return m.kind() == Message.Kind.PATTERN
                ? List.of(type, Reply.bulk(m.pattern()), Reply.bulk(m.channel()), Reply.bulk(m.payload()))
                : List.of(type, Reply.bulk(m.channel()), Reply.bulk(m.payload()));
    }
}
