/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.Key;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A stream: entries ordered by ID, the stream's metadata and its consumer groups, as Redis 7's
 * stream struct and as RDB types 15, 19 and 21 carry them.
 *
 * <p>Metadata, which Redis keeps alongside the entries and which is not derivable from them:
 * <ul>
 *   <li>{@link #lastId()}: the greatest ID ever added (entries may have been deleted since);
 *   <li>{@link #firstId()}: the recorded first ID (0-0 for a new or emptied stream);
 *   <li>{@link #maxDeletedEntryId()}: the greatest ID ever deleted (0-0 if none);
 *   <li>{@link #entriesAdded()}: how many entries were ever added.
 * </ul>
 * {@link #appendEntry} keeps them as XADD does; a loader then overrides them with what the
 * RDB says through {@link #setMetadata}.
 *
 * <p>Building one from an RDB, in the file's order:
 * <pre>{@code
 * StreamValue s = new StreamValue();
 * s.appendEntry(id, fieldsAndValues);                 // each live entry, IDs increasing
 * s.setMetadata(lastId, firstId, maxDeletedId, added);
 * StreamConsumerGroup g = s.createGroup(name, lastDeliveredId, entriesRead);
 * g.addPending(id, deliveryTime, deliveryCount);      // the group PEL
 * StreamConsumer c = g.addConsumer(name, seenTime, activeTime);
 * c.ownPending(id);                                   // each consumer's PEL
 * }</pre>
 * Every step rejects inconsistent input with an {@link IllegalArgumentException} naming the
 * problem (non-increasing IDs, a last ID below the last entry, duplicate groups, consumers or
 * pending entries, a consumer owning an ID the group does not have).
 *
 * <p>Not thread-safe: read under the keyspace's read lock, changed under its write lock.
 */
public final class StreamValue implements RedisValue {
    private final TreeMap<StreamId, StreamEntry> entries = new TreeMap<>();
    private StreamId lastId = StreamId.MIN;
    private StreamId firstId = StreamId.MIN;
    private StreamId maxDeletedEntryId = StreamId.MIN;
    private long entriesAdded;
    private final TreeMap<Key, StreamConsumerGroup> groups = new TreeMap<>();

    @Override
    public ValueType type() {
        return ValueType.STREAM;
    }

    /** Number of entries (XLEN). */
    public long length() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public StreamId lastId() {
        return lastId;
    }

    public StreamId firstId() {
        return firstId;
    }

    public StreamId maxDeletedEntryId() {
        return maxDeletedEntryId;
    }

    public long entriesAdded() {
        return entriesAdded;
    }

    /** The entries by ID (read-only view). */
    public NavigableMap<StreamId, StreamEntry> entries() {
        return Collections.unmodifiableNavigableMap(entries);
    }

    /** The ID of the first live entry, or null when empty. */
    public StreamId firstEntryId() {
        return entries.isEmpty() ? null : entries.firstKey();
    }

    /** The ID of the last live entry, or null when empty. */
    public StreamId lastEntryId() {
        return entries.isEmpty() ? null : entries.lastKey();
    }

    /** Entries with {@code start <= id <= end}, ascending (read-only view). */
    public NavigableMap<StreamId, StreamEntry> range(StreamId start, StreamId end) {
        if (start.compareTo(end) > 0) {
            return Collections.emptyNavigableMap();
        }
        return Collections.unmodifiableNavigableMap(entries.subMap(start, true, end, true));
    }

    /**
     * Appends an entry whose ID is greater than every present entry's (and than the last ID),
     * updating the metadata as XADD does (streamAppendItem).
     */
    public void appendEntry(StreamId id, byte[][] fieldsAndValues) {
        StreamEntry entry = new StreamEntry(id, fieldsAndValues);
        if (!entries.isEmpty() && id.compareTo(entries.lastKey()) <= 0) {
            throw new IllegalArgumentException("stream entry " + id + " is not after " + entries.lastKey());
        }
        if (entriesAdded > 0 && id.compareTo(lastId) <= 0) {
            throw new IllegalArgumentException("stream entry " + id + " is not after the last ID " + lastId);
        }
        entries.put(id, entry);
        entriesAdded++;
        lastId = id;
        if (entries.size() == 1) {
            firstId = id;
        }
    }

    /**
     * Sets the metadata as loaded from an RDB. {@code lastId} must not be below the last entry.
     * For RDB type 15 (no such fields) Redis uses: max deleted 0-0, entries added = length,
     * first ID = the first entry's, or {@link StreamId#MAX} for an empty stream.
     */
    public void setMetadata(StreamId lastId, StreamId firstId, StreamId maxDeletedEntryId, long entriesAdded) {
        if (!entries.isEmpty() && lastId.compareTo(entries.lastKey()) < 0) {
            throw new IllegalArgumentException("stream last ID " + lastId + " is below its last entry "
                    + entries.lastKey());
        }
        if (entriesAdded < 0) {
            throw new IllegalArgumentException("negative entries-added " + Long.toUnsignedString(entriesAdded));
        }
        this.lastId = lastId;
        this.firstId = firstId;
        this.maxDeletedEntryId = maxDeletedEntryId;
        this.entriesAdded = entriesAdded;
    }

    /** Consumer groups by name (read-only view, in Redis's rax order). */
    public NavigableMap<Key, StreamConsumerGroup> groups() {
        return Collections.unmodifiableNavigableMap(groups);
    }

    public StreamConsumerGroup group(Key name) {
        return groups.get(name);
    }

    /** Creates a consumer group; fails when the name exists. */
    public StreamConsumerGroup createGroup(Key name, StreamId lastDeliveredId, long entriesRead) {
        StreamConsumerGroup g = new StreamConsumerGroup(name, lastDeliveredId, entriesRead);
        if (groups.putIfAbsent(name, g) != null) {
            throw new IllegalArgumentException("duplicate consumer group " + name);
        }
        return g;
    }

    /**
     * t_stream.c streamEstimateDistanceFromFirstEverEntry: the entries-read counter that an ID
     * corresponds to, or {@link StreamConsumerGroup#ENTRIES_READ_UNKNOWN}. The RDB loader uses
     * it for groups of type-15 streams, which do not store the counter.
     */
    public long estimateEntriesRead(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        int cmpLast = id.compareTo(lastId);
        if (entries.isEmpty() && cmpLast <= 0) {
            return entriesAdded;
        }
        if (cmpLast == 0) {
            return entriesAdded;
        } else if (cmpLast > 0) {
            return StreamConsumerGroup.ENTRIES_READ_UNKNOWN;
        }
        int cmpIdFirst = id.compareTo(firstId);
        if (maxDeletedEntryId.isZero() || maxDeletedEntryId.compareTo(firstId) < 0) {
            if (cmpIdFirst < 0) {
                return entriesAdded - entries.size();
            } else if (cmpIdFirst == 0) {
                return entriesAdded - entries.size() + 1;
            }
        }
        return StreamConsumerGroup.ENTRIES_READ_UNKNOWN;
    }

    @Override
    public StreamValue deepCopy() {
        StreamValue copy = new StreamValue();
        copy.entries.putAll(entries); // entries are immutable
        copy.lastId = lastId;
        copy.firstId = firstId;
        copy.maxDeletedEntryId = maxDeletedEntryId;
        copy.entriesAdded = entriesAdded;
        for (StreamConsumerGroup g : groups.values()) {
            copy.groups.put(g.name(), g.deepCopy());
        }
        return copy;
    }

    @Override
    public String toString() {
        return "stream{length=" + entries.size() + ", last=" + lastId + ", groups=" + groups.size() + "}";
    }
}
