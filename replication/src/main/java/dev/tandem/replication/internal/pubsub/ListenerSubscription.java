/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.pubsub;

import dev.tandem.replication.MessageListener;
import dev.tandem.replication.PubSubMessage;
import dev.tandem.replication.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An API subscription: a {@link Subscriber} that hands each message to the node's event thread
 * for its {@link MessageListener}, so a slow or failing listener never runs on the publisher's
 * thread or under the keyspace lock.
 */
public final class ListenerSubscription implements Subscriber, Subscription {

    private static final Logger log = LoggerFactory.getLogger(ListenerSubscription.class);

    private final MessageListener listener;
    private final Executor executor;
    private final Subscriptions subscriptions;
    private final Message.Kind kind;
    private final List<String> names;
    private volatile boolean active = true;

    private ListenerSubscription(PubSub hub, Message.Kind kind, List<String> names, MessageListener listener,
                                 Executor executor) {
        this.listener = listener;
        this.executor = executor;
        this.kind = kind;
        this.names = List.copyOf(names);
        this.subscriptions = new Subscriptions(hub, this);
    }

    /** Subscribes {@code listener} to {@code names} (channels, or patterns for {@link Message.Kind#PATTERN}). */
    public static ListenerSubscription open(PubSub hub, Message.Kind kind, List<String> names,
                                            MessageListener listener, Executor executor) {
        ListenerSubscription s = new ListenerSubscription(hub, kind, names, listener, executor);
        for (String name : s.names) {
            s.subscriptions.subscribe(kind, name.getBytes(StandardCharsets.UTF_8));
        }
        return s;
    }

    @Override
    public void deliver(Message message) {
        PubSubMessage m = new PubSubMessage(new String(message.channel(), StandardCharsets.UTF_8),
                message.pattern() == null ? Optional.empty()
                        : Optional.of(new String(message.pattern(), StandardCharsets.UTF_8)),
                message.payload());
        executor.execute(() -> {
            if (!active) {
                return;
            }
            try {
                listener.onMessage(m);
            } catch (RuntimeException e) {
                log.warn("Pub/sub listener {} failed on a message of {}", listener, m.channel(), e);
            }
        });
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public void close() {
        active = false;
        subscriptions.clear();
    }

    @Override
    public String toString() {
        return kind.subscribeType() + " " + names;
    }
}
