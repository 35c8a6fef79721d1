/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.pubsub;

import dev.tandem.core.Key;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One subscriber's subscriptions (Redis's {@code c->pubsub_channels}, {@code c->pubsub_patterns},
 * {@code c->pubsub_shard_channels}), kept in step with the hub. The counts Redis puts in its
 * (un)subscribe confirmations come from here: channels plus patterns for SUBSCRIBE and
 * PSUBSCRIBE, shard channels alone for SSUBSCRIBE. Synchronized: a connection uses it from its
 * event loop, but CLIENT LIST and INFO read its counts from other threads.
 */
public final class Subscriptions {

    private final PubSub hub;
    private final Subscriber subscriber;
    private final Map<Message.Kind, Set<Key>> mine = new EnumMap<>(Message.Kind.class);

    public Subscriptions(PubSub hub, Subscriber subscriber) {
        this.hub = hub;
        this.subscriber = subscriber;
        for (Message.Kind kind : Message.Kind.values()) {
            mine.put(kind, new LinkedHashSet<>());
        }
    }

    /** Subscribes to {@code name}; the count for the confirmation, whether or not it was new. */
    public synchronized int subscribe(Message.Kind kind, byte[] name) {
        Key key = Key.of(name);
        if (mine.get(kind).add(key)) {
            hub.add(kind, key, subscriber);
        }
        return count(kind);
    }

    /** Unsubscribes from {@code name} (a no-op when not subscribed); the count for the confirmation. */
    public synchronized int unsubscribe(Message.Kind kind, byte[] name) {
        Key key = Key.of(name);
        if (mine.get(kind).remove(key)) {
            hub.remove(kind, key, subscriber);
        }
        return count(kind);
    }

    /** What {@code kind} is subscribed to, in subscription order (UNSUBSCRIBE without arguments). */
    public synchronized List<byte[]> names(Message.Kind kind) {
        List<byte[]> out = new ArrayList<>(mine.get(kind).size());
        for (Key key : mine.get(kind)) {
            out.add(key.bytes());
        }
        return out;
    }

    /** The count Redis reports in a confirmation of {@code kind}. */
    public synchronized int count(Message.Kind kind) {
        return kind == Message.Kind.SHARD ? mine.get(Message.Kind.SHARD).size()
                : mine.get(Message.Kind.CHANNEL).size() + mine.get(Message.Kind.PATTERN).size();
    }

    /** Subscriptions of exactly this kind (CLIENT LIST's sub, psub, ssub). */
    public synchronized int size(Message.Kind kind) {
        return mine.get(kind).size();
    }

    /** Whether anything is subscribed: Redis's CLIENT_PUBSUB flag, the pubsub client class. */
    public synchronized boolean any() {
        for (Set<Key> set : mine.values()) {
            if (!set.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Drops every subscription (RESET, a closed connection, an API handle closed). */
    public synchronized void clear() {
        for (Map.Entry<Message.Kind, Set<Key>> e : mine.entrySet()) {
            for (Key key : e.getValue()) {
                hub.remove(e.getKey(), key, subscriber);
            }
            e.getValue().clear();
        }
    }
}
