/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.load;

import dev.tandem.core.Key;
import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.StreamConsumer;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.rdb.HashEntry;
import dev.tandem.rdb.Printable;
import dev.tandem.rdb.RdbErrorKind;
import dev.tandem.rdb.RdbFormatException;
import dev.tandem.rdb.RdbKey;
import dev.tandem.rdb.RdbTypes;
import dev.tandem.rdb.RdbVisitor;
import dev.tandem.rdb.StreamConsumerInfo;
import dev.tandem.rdb.StreamEntry;
import dev.tandem.rdb.StreamGroupInfo;
import dev.tandem.rdb.RdbStreamId;
import dev.tandem.rdb.StreamMetadata;
import dev.tandem.rdb.StreamPendingEntry;
import dev.tandem.rdb.ZsetEntry;

import java.util.List;

/**
 * Assembles core values ({@link dev.tandem.core.value}) from {@link dev.tandem.rdb.RdbReader}
 * events, one key at a time, and hands each finished value to {@link #onValue}. Holds only the
 * key in progress, so memory is bounded by the largest value.
 *
 * <p>Values come out as Redis 7.0 would hold them after loading (its encodings are emulated by
 * core's values): hash-table sets, hashes and ZSET/ZSET_2 sorted sets become compact when
 * small enough, compact encodings convert when too big; a stream of RDB type 15 gets the
 * metadata Redis derives for it (first ID, entries added, estimated entries-read of its
 * groups).
 *
 * <p>Rejected as corrupt, as Redis rejects them: duplicate set members, hash fields and
 * sorted-set members; inconsistent streams (entries out of order, a consumer owning an ID the
 * group does not have, a pending entry without a consumer). Hash-field TTLs (Redis 7.4) cannot
 * be represented: the fields are kept without them and counted in
 * {@link #droppedFieldTtls()}.
 */
public abstract class CoreValueAssembler implements RdbVisitor {
    private RdbKey key;
    private RedisValue value;
    private StreamConsumerGroup group;
    private StreamConsumer consumer;
    private long droppedFieldTtls;
    private long keysWithDroppedFieldTtls;
    private boolean keyDroppedTtl;

    /** A complete value, in file order. */
    protected abstract void onValue(RdbKey key, RedisValue value);

    /** Hash fields whose TTL was dropped (the field itself was kept). */
    public long droppedFieldTtls() {
        return droppedFieldTtls;
    }

    /** Keys that had at least one hash-field TTL dropped. */
    public long keysWithDroppedFieldTtls() {
        return keysWithDroppedFieldTtls;
    }

    @Override
    public void onKeyBegin(RdbKey k) {
        key = k;
        keyDroppedTtl = false;
        value = switch (k.kind()) {
            case STRING -> null; // arrives whole
            case LIST -> new ListValue(encodingLimits()); // quicklistSetOptions from the config, as rdbLoadObject
            case SET -> new SetValue();
            case ZSET -> {
                boolean listpackType = k.rdbType() == RdbTypes.ZSET_ZIPLIST || k.rdbType() == RdbTypes.ZSET_LISTPACK;
                yield new ZSetValue(listpackType, 0);
            }
            case HASH -> {
                HashValue h = new HashValue();
                if (k.rdbType() == RdbTypes.HASH_METADATA || k.rdbType() == RdbTypes.HASH_METADATA_PRE_GA) {
                    h.convertToHashTable(); // Redis 7.4's hash-table encoding with field TTLs
                }
                yield h;
            }
            case STREAM -> new StreamValue();
            case MODULE -> throw new IllegalStateException("module values are skipped by the reader");
        };
    }

    /** The thresholds loaded values follow (Redis converts a loaded compact value past them). */
    protected EncodingLimits encodingLimits() {
        return EncodingLimits.DEFAULTS;
    }

    @Override
    public boolean acceptsCompactValues() {
        return true;
    }

    /**
     * A listpack hash or sorted set or an intset, adopted as it is (rdbLoadObject keeps the
     * structure and converts only past the entry limit); the reader checked its structure, this
     * checks its meaning (duplicate fields; sorted-set order, scores and duplicates).
     */
    @Override
    public void onCompactValue(RdbKey k, byte[] blob, int entries) {
        EncodingLimits limits = encodingLimits();
        try {
            switch (k.rdbType()) {
                case RdbTypes.SET_INTSET -> {
                    SetValue set = SetValue.adoptIntset(blob);
                    if (set.size() > limits.setMaxIntsetEntries()) {
                        set.convertToHashTable();
                    }
                    value = set;
                }
                case RdbTypes.ZSET_LISTPACK -> {
                    ZSetValue zset = ZSetValue.adoptListpack(blob, entries);
                    if (zset.size() > limits.zsetMaxListpackEntries()) {
                        zset.convertToSkiplist();
                    }
                    value = zset;
                }
                case RdbTypes.HASH_LISTPACK -> {
                    HashValue hash = HashValue.adoptListpack(blob, entries);
                    if (hash.size() > limits.hashMaxListpackEntries()) {
                        hash.convertToHashTable();
                    }
                    value = hash;
                }
                default -> throw corrupt("unexpected compact type " + k.rdbType());
            }
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage());
        }
    }

    @Override
    public void onStringValue(RdbKey k, byte[] bytes) {
        // As Redis (tryObjectEncoding on a loaded string): canonical integers are kept as longs.
        value = StringValue.encoded(bytes);
    }

    @Override
    public void onListElements(RdbKey k, List<byte[]> elements) {
        ListValue list = (ListValue) value;
        for (byte[] e : elements) {
            list.addLast(e);
        }
    }

    /** A quicklist node adopted as it is, whatever its size (quicklistAppendListpack / AppendPlainNode). */
    @Override
    public void onListNode(RdbKey k, byte[] node, int entries, boolean plain) {
        ListValue list = (ListValue) value;
        if (plain) {
            list.quicklist().appendPlainNode(node);
        } else {
            list.quicklist().appendListpackNode(node, entries);
        }
    }

    @Override
    public void onSetMembers(RdbKey k, List<byte[]> members) {
        SetValue set = (SetValue) value;
        for (byte[] m : members) {
            if (!set.add(Key.of(m), encodingLimits())) {
                throw duplicate("set member", m);
            }
        }
    }

    @Override
    public void onZsetEntries(RdbKey k, List<ZsetEntry> entries) {
        ZSetValue zset = (ZSetValue) value;
        for (ZsetEntry e : entries) {
            if (!zset.add(Key.of(e.member()), e.score())) {
                throw duplicate("sorted set member", e.member());
            }
        }
    }

    @Override
    public void onHashEntries(RdbKey k, List<HashEntry> entries) {
        HashValue hash = (HashValue) value;
        for (HashEntry e : entries) {
            if (!hash.put(Key.of(e.field()), e.value(), encodingLimits())) {
                throw duplicate("hash field", e.field());
            }
            if (e.hasExpiry()) {
                droppedFieldTtls++;
                if (!keyDroppedTtl) {
                    keyDroppedTtl = true;
                    keysWithDroppedFieldTtls++;
                }
            }
        }
    }

    @Override
    public void onStreamEntries(RdbKey k, List<StreamEntry> entries) {
        StreamValue stream = (StreamValue) value;
        for (StreamEntry e : entries) {
            if (e.deleted()) {
                continue; // a tombstone: invisible to every command, not part of the value
            }
            List<byte[]> fv = e.fieldsAndValues();
            try {
                stream.appendEntry(id(e.id()), fv.toArray(new byte[0][]));
            } catch (IllegalArgumentException ex) {
                throw corrupt(ex.getMessage());
            }
        }
    }

    @Override
    public void onStreamMetadata(RdbKey k, StreamMetadata m) {
        StreamValue stream = (StreamValue) value;
        dev.tandem.core.value.StreamId firstId = id(m.firstId());
        if (k.rdbType() == RdbTypes.STREAM_LISTPACKS && stream.isEmpty()) {
            // Redis 7.0 derives the first ID of a type-15 stream with streamGetEdgeID, which
            // answers the maximum ID for a stream without entries.
            firstId = dev.tandem.core.value.StreamId.MAX;
        }
        if (m.length() != stream.length()) {
            throw corrupt("stream length " + m.length() + " but " + stream.length() + " live entries");
        }
        try {
            stream.setMetadata(id(m.lastId()), firstId, id(m.maxDeletedEntryId()), m.entriesAdded());
        } catch (IllegalArgumentException ex) {
            throw corrupt(ex.getMessage());
        }
    }

    @Override
    public void onStreamGroup(RdbKey k, StreamGroupInfo g) {
        StreamValue stream = (StreamValue) value;
        finishGroup();
        dev.tandem.core.value.StreamId lastDelivered = id(g.lastId());
        long entriesRead = g.entriesRead();
        if (k.rdbType() == RdbTypes.STREAM_LISTPACKS) {
            // Type 15 does not store the counter; Redis 7.0 estimates it on load.
            entriesRead = stream.estimateEntriesRead(lastDelivered);
        }
        try {
            group = stream.createGroup(Key.of(g.name()), lastDelivered, entriesRead);
        } catch (IllegalArgumentException ex) {
            throw corrupt(ex.getMessage());
        }
        consumer = null;
    }

    @Override
    public void onStreamPending(RdbKey k, StreamGroupInfo g, List<StreamPendingEntry> pending) {
        try {
            for (StreamPendingEntry p : pending) {
                group.addPending(id(p.id()), p.deliveryTimeMs(), p.deliveryCount());
            }
        } catch (IllegalArgumentException ex) {
            throw corrupt(ex.getMessage());
        }
    }

    @Override
    public void onStreamConsumer(RdbKey k, StreamGroupInfo g, StreamConsumerInfo c) {
        try {
            consumer = group.addConsumer(Key.of(c.name()), c.seenTimeMs(), c.activeTimeMs());
        } catch (IllegalArgumentException ex) {
            throw corrupt(ex.getMessage());
        }
    }

    @Override
    public void onStreamConsumerPending(RdbKey k, StreamGroupInfo g, StreamConsumerInfo c,
                                        List<RdbStreamId> ids) {
        try {
            for (RdbStreamId id : ids) {
                consumer.ownPending(id(id));
            }
        } catch (IllegalArgumentException ex) {
            throw corrupt(ex.getMessage());
        }
    }

    @Override
    public void onKeyEnd(RdbKey k) {
        RedisValue v = value;
        if (v == null) {
            throw corrupt("no value");
        }
        if (v instanceof ZSetValue zset) {
            if (zset.isCompact() && zset.size() > encodingLimits().zsetMaxListpackEntries()) {
                zset.convertToSkiplist();
            } else if (!zset.isCompact()) {
                zset.compactIfSmall(encodingLimits()); // zsetConvertToListpackIfNeeded after loading a skiplist
            }
        } else if (v instanceof StreamValue) {
            finishGroup();
        }
        key = null;
        value = null;
        group = null;
        consumer = null;
        onValue(k, v);
    }

    private void finishGroup() {
        if (group != null && group.unownedPendingCount() > 0) {
            throw corrupt("consumer group " + group.name() + " has " + group.unownedPendingCount()
                    + " pending entries that no consumer owns");
        }
        group = null;
    }

    private static dev.tandem.core.value.StreamId id(RdbStreamId id) {
        return new dev.tandem.core.value.StreamId(id.ms(), id.seq());
    }

    private RdbFormatException duplicate(String what, byte[] member) {
        return new RdbFormatException(RdbErrorKind.DUPLICATE_MEMBER, "duplicate " + what + " "
                + Printable.of(member) + " in key " + Printable.of(key.key()), key.offset());
    }

    private RdbFormatException corrupt(String detail) {
        return new RdbFormatException(RdbErrorKind.CORRUPT_VALUE, "key " + Printable.of(key.key()) + ": " + detail,
                key.offset());
    }
}
