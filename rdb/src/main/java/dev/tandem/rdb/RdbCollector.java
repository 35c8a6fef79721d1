/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Adapter that assembles the reader's batches into whole {@link RdbValue}s, one per key, and
 * checks that no set member, hash field or zset member repeats within a key
 * ({@link RdbErrorKind#DUPLICATE_MEMBER}; Redis refuses those too).
 *
 * <p>Either keeps everything in memory ({@link #RdbCollector()}, then {@link #contents()}) —
 * for tests and small files — or hands each finished value to a {@link ValueSink} and keeps
 * only the file-level data (for tools that stream a large file key by key).
 */
public final class RdbCollector implements RdbVisitor {
    /** Receives each finished key. */
    @FunctionalInterface
    public interface ValueSink {
        void accept(RdbKey key, RdbValue value);
    }

    /** An AUX field. */
    public record AuxField(byte[] key, byte[] value) {
        public String keyString() {
            return new String(key, StandardCharsets.UTF_8);
        }

        public String valueString() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    /** A key with its whole value. */
    public record Entry(RdbKey key, RdbValue value) {
    }

    /** Everything read from a file. */
    public record Contents(int version, List<AuxField> aux, List<RdbFunction> functions,
                           List<RdbModuleId> moduleAux, List<Entry> entries, List<RdbWarning> warnings,
                           RdbChecksum checksum) {
        /** The value of an AUX field as UTF-8, or null. */
        public String aux(String name) {
            for (AuxField f : aux) {
                if (f.keyString().equals(name)) {
                    return f.valueString();
                }
            }
            return null;
        }

        /** The entry for {@code key} in {@code db}, or null. */
        public Entry entry(int db, String key) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            for (Entry e : entries) {
                if (e.key().db() == db && Arrays.equals(e.key().key(), k)) {
                    return e;
                }
            }
            return null;
        }
    }

    private final ValueSink sink;
    private final List<Entry> entries = new ArrayList<>();
    private final List<AuxField> aux = new ArrayList<>();
    private final List<RdbFunction> functions = new ArrayList<>();
    private final List<RdbModuleId> moduleAux = new ArrayList<>();
    private final List<RdbWarning> warnings = new ArrayList<>();
    private int version;
    private RdbChecksum checksum;

    private List<Object> elements;
    private Set<ByteArrayKey> seen;
    private byte[] stringValue;
    private StreamMetadata streamMetadata;
    private List<RdbValue.Group> groups;
    private List<StreamPendingEntry> groupPending;
    private List<RdbValue.Consumer> groupConsumers;
    private List<RdbStreamId> consumerPending;

    /** Keeps every value; read them with {@link #contents()}. */
    public RdbCollector() {
        this.sink = (key, value) -> entries.add(new Entry(key, value));
    }

    /** Hands every value to {@code sink} and does not keep it. */
    public RdbCollector(ValueSink sink) {
        this.sink = sink;
    }

    public Contents contents() {
        return new Contents(version, List.copyOf(aux), List.copyOf(functions), List.copyOf(moduleAux),
                List.copyOf(entries), List.copyOf(warnings), checksum);
    }

    @Override
    public void onHeader(int v) {
        version = v;
    }

    @Override
    public void onAux(byte[] key, byte[] value) {
        aux.add(new AuxField(key, value));
    }

    @Override
    public void onFunction(RdbFunction function) {
        functions.add(function);
    }

    @Override
    public void onModuleAux(RdbModuleId module, long when) {
        moduleAux.add(module);
    }

    @Override
    public void onWarning(RdbWarning warning) {
        warnings.add(warning);
    }

    @Override
    public void onKeyBegin(RdbKey key) {
        elements = new ArrayList<>();
        seen = null;
        stringValue = null;
        streamMetadata = null;
        groups = new ArrayList<>();
    }

    @Override
    public void onStringValue(RdbKey key, byte[] value) {
        stringValue = value;
    }

    @Override
    public void onListElements(RdbKey key, List<byte[]> batch) {
        elements.addAll(batch);
    }

    @Override
    public void onSetMembers(RdbKey key, List<byte[]> batch) {
        for (byte[] m : batch) {
            unique(key, m, "member");
        }
        elements.addAll(batch);
    }

    @Override
    public void onZsetEntries(RdbKey key, List<ZsetEntry> batch) {
        for (ZsetEntry e : batch) {
            unique(key, e.member(), "member");
        }
        elements.addAll(batch);
    }

    @Override
    public void onHashEntries(RdbKey key, List<HashEntry> batch) {
        for (HashEntry e : batch) {
            unique(key, e.field(), "field");
        }
        elements.addAll(batch);
    }

    @Override
    public void onStreamEntries(RdbKey key, List<StreamEntry> batch) {
        elements.addAll(batch);
    }

    @Override
    public void onStreamMetadata(RdbKey key, StreamMetadata metadata) {
        streamMetadata = metadata;
    }

    @Override
    public void onStreamGroup(RdbKey key, StreamGroupInfo group) {
        groupPending = new ArrayList<>();
        groupConsumers = new ArrayList<>();
        groups.add(new RdbValue.Group(group, groupPending, groupConsumers));
    }

    @Override
    public void onStreamPending(RdbKey key, StreamGroupInfo group, List<StreamPendingEntry> pending) {
        groupPending.addAll(pending);
    }

    @Override
    public void onStreamConsumer(RdbKey key, StreamGroupInfo group, StreamConsumerInfo consumer) {
        consumerPending = new ArrayList<>();
        groupConsumers.add(new RdbValue.Consumer(consumer, consumerPending));
    }

    @Override
    public void onStreamConsumerPending(RdbKey key, StreamGroupInfo group, StreamConsumerInfo consumer,
                                        List<RdbStreamId> ids) {
        consumerPending.addAll(ids);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onKeyEnd(RdbKey key) {
        List<?> items = elements;
        RdbValue value = switch (key.kind()) {
            case STRING -> new RdbValue.StringValue(stringValue);
            case LIST -> new RdbValue.ListValue((List<byte[]>) items);
            case SET -> new RdbValue.SetValue((List<byte[]>) items);
            case ZSET -> new RdbValue.ZsetValue((List<ZsetEntry>) items);
            case HASH -> new RdbValue.HashValue((List<HashEntry>) items);
            case STREAM -> new RdbValue.StreamValue((List<StreamEntry>) items, streamMetadata, groups);
            case MODULE -> throw new IllegalStateException("module values are never emitted");
        };
        elements = null;
        seen = null;
        sink.accept(key, value);
    }

    @Override
    public void onEnd(RdbChecksum result) {
        checksum = result;
    }

    private void unique(RdbKey key, byte[] member, String what) {
        if (seen == null) {
            seen = new HashSet<>();
        }
        if (!seen.add(new ByteArrayKey(member))) {
            throw new RdbFormatException(RdbErrorKind.DUPLICATE_MEMBER, "duplicate " + what + " "
                    + Printable.of(member) + " in " + key.kind().redisName() + " " + Printable.of(key.key()),
                    RdbFormatException.UNKNOWN_OFFSET);
        }
    }
}
