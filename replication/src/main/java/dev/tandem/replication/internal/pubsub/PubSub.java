/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.pubsub;

import dev.tandem.core.Key;
import dev.tandem.core.internal.command.GlobPattern;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node's pub/sub hub: for each kind (channels, patterns, shard channels) who is subscribed to
 * what, Redis's {@code server.pubsub_channels}, {@code pubsub_patterns} and
 * {@code pubsub_shard_channels}. Subscribers live on many threads (connections on several event
 * loops, the API), so one lock guards the tables; a publish copies its receivers under it and
 * delivers outside it, in publish order per subscriber because a {@link Subscriber} only queues.
 *
 * <p>Patterns are matched with core's {@link GlobPattern}, the linear matcher KEYS and SCAN use,
 * so a hostile pattern costs O(pattern × channel) per publish, never exponential time.
 */
public final class PubSub {

    private final Map<Message.Kind, Map<Key, Set<Subscriber>>> tables = new EnumMap<>(Message.Kind.class);

    public PubSub() {
        for (Message.Kind kind : Message.Kind.values()) {
            tables.put(kind, new HashMap<>());
        }
    }

    /** Adds {@code subscriber} to {@code name}; false when it already was. */
    boolean add(Message.Kind kind, Key name, Subscriber subscriber) {
        synchronized (tables) {
            return tables.get(kind).computeIfAbsent(name, k -> new LinkedHashSet<>()).add(subscriber);
        }
    }

    /** Removes {@code subscriber} from {@code name}; false when it was not there. */
    boolean remove(Message.Kind kind, Key name, Subscriber subscriber) {
        synchronized (tables) {
            Map<Key, Set<Subscriber>> table = tables.get(kind);
            Set<Subscriber> set = table.get(name);
            if (set == null || !set.remove(subscriber)) {
                return false;
            }
            if (set.isEmpty()) {
                table.remove(name); // Redis drops a channel with no subscribers: PUBSUB CHANNELS stops listing it
            }
            return true;
        }
    }

    /**
     * {@code PUBLISH}: delivers to the channel's subscribers, then to each pattern subscription
     * that matches, as Redis's pubsubPublishMessage; returns the number of receivers it counts
     * (a client subscribed to the channel and to two matching patterns counts three times).
     */
    public int publish(byte[] channel, byte[] payload) {
        List<Message> messages = new ArrayList<>();
        List<Subscriber> targets = new ArrayList<>();
        synchronized (tables) {
            Set<Subscriber> direct = tables.get(Message.Kind.CHANNEL).get(Key.of(channel));
            if (direct != null) {
                Message m = new Message(Message.Kind.CHANNEL, null, channel, payload);
                for (Subscriber s : direct) {
                    messages.add(m);
                    targets.add(s);
                }
            }
            for (Map.Entry<Key, Set<Subscriber>> e : tables.get(Message.Kind.PATTERN).entrySet()) {
                byte[] pattern = e.getKey().bytes();
                if (GlobPattern.matches(pattern, channel)) {
                    Message m = new Message(Message.Kind.PATTERN, pattern, channel, payload);
                    for (Subscriber s : e.getValue()) {
                        messages.add(m);
                        targets.add(s);
                    }
                }
            }
        }
        return deliver(messages, targets);
    }

    /** {@code SPUBLISH}: delivers to the shard channel's subscribers only. */
    public int spublish(byte[] channel, byte[] payload) {
        List<Message> messages = new ArrayList<>();
        List<Subscriber> targets = new ArrayList<>();
        synchronized (tables) {
            Set<Subscriber> direct = tables.get(Message.Kind.SHARD).get(Key.of(channel));
            if (direct != null) {
                Message m = new Message(Message.Kind.SHARD, null, channel, payload);
                for (Subscriber s : direct) {
                    messages.add(m);
                    targets.add(s);
                }
            }
        }
        return deliver(messages, targets);
    }

    private static int deliver(List<Message> messages, List<Subscriber> targets) {
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).deliver(messages.get(i));
        }
        return targets.size();
    }

    /**
     * {@code PUBSUB CHANNELS} / {@code SHARDCHANNELS}: the channels with at least one subscriber,
     * those matching {@code pattern} when it is not null.
     */
    public List<byte[]> channels(Message.Kind kind, byte[] pattern) {
        List<byte[]> out = new ArrayList<>();
        synchronized (tables) {
            for (Key name : tables.get(kind).keySet()) {
                if (pattern == null || GlobPattern.matches(pattern, name.bytes())) {
                    out.add(name.bytes());
                }
            }
        }
        return out;
    }

    /** {@code PUBSUB NUMSUB} / {@code SHARDNUMSUB}: subscribers of one channel. */
    public int subscribers(Message.Kind kind, byte[] channel) {
        synchronized (tables) {
            Set<Subscriber> set = tables.get(kind).get(Key.of(channel));
            return set == null ? 0 : set.size();
        }
    }

    /** How many distinct names of {@code kind} have subscribers: {@code PUBSUB NUMPAT}, INFO's counts. */
    public int size(Message.Kind kind) {
        synchronized (tables) {
            return tables.get(kind).size();
        }
    }
}
