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
    /**
     * Redis's listpack node boundaries (for approximate trimming), built on first need: a
     * loaded stream packs its live entries as Redis would append them.
     */
    private StreamNodes nodes;
    /** The node limits of the last XADD (what a model built later packs with). */
    private long nodeMaxEntries = NODE_MAX_ENTRIES;
    private long nodeMaxBytes = NODE_MAX_BYTES;

    /** {@code stream-node-max-entries}' default. */
    public static final int NODE_MAX_ENTRIES = 100;
    /** {@code stream-node-max-bytes}' default. */
    public static final long NODE_MAX_BYTES = 4096;

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
        if (nodes != null) {
            nodes.append(entry, nodeMaxEntries, nodeMaxBytes);
        }
        entriesAdded++;
        lastId = id;
        if (entries.size() == 1) {
            firstId = id;
        }
    }

    /**
     * XADD's append: as {@link #appendEntry}, with the node limits in force
     * ({@code stream-node-max-entries} / {@code -bytes}, 0 for none) deciding whether the entry
     * opens a new node.
     */
    public void appendEntry(StreamId id, byte[][] fieldsAndValues, long maxEntries, long maxBytes) {
        this.nodeMaxEntries = maxEntries;
        this.nodeMaxBytes = maxBytes;
        appendEntry(id, fieldsAndValues);
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

    private StreamNodes nodes() {
        if (nodes == null) {
            StreamNodes built = new StreamNodes();
            for (StreamEntry e : entries.values()) {
                built.append(e, nodeMaxEntries, nodeMaxBytes);
            }
            nodes = built;
        }
        return nodes;
    }

    /**
     * t_stream.c streamGetEdgeID(s, 1, 0): the first ID Redis's nodes still hold, a deleted
     * one included (a node's first entry stays as a tombstone until the node goes), or
     * {@link StreamId#MAX} when there is no node. XADD and XTRIM propagate it as the effective
     * {@code MINID} of an approximate trim.
     */
    public StreamId firstIdWithTombstones() {
        java.util.Map.Entry<StreamId, StreamNodes.Node> first = nodes().first();
        return first == null ? StreamId.MAX : first.getKey();
    }

    /** How many listpack nodes Redis would hold this stream in (XINFO's radix-tree-keys). */
    public long nodeCount() {
        return nodes().size();
    }

    /** How many nodes Redis's radix tree of listpack nodes has (XINFO's radix-tree-nodes). */
    public long radixTreeNodeCount() {
        return nodes().raxNodeCount();
    }

    /**
     * Deletes one entry (XDEL's streamDeleteItem); the metadata is the caller's to update, as
     * XDEL and trimming update it differently. Returns whether the entry existed.
     */
    public boolean deleteEntry(StreamId id) {
        if (!entries.containsKey(id)) {
            return false;
        }
        StreamNodes model = nodes(); // built before the removal: the entry is in its node
        entries.remove(id);
        model.delete(id);
        return true;
    }

    /**
     * t_stream.c streamTrim: removes entries from the head while the stream is longer than
     * {@code maxlen} ({@code minId} null) or while they are below {@code minId}. Whole nodes go
     * first; {@code approx} stops at the first node that cannot go whole, otherwise that node is
     * trimmed entry by entry. {@code limit} (0: none) caps the entries removed as whole nodes.
     * Updates the recorded first ID (not the max deleted ID, as Redis). Returns how many went.
     */
    public long trim(long maxlen, StreamId minId, boolean approx, long limit) {
        StreamNodes model = nodes();
        long deleted = 0;
        java.util.Map.Entry<StreamId, StreamNodes.Node> first = model.first();
        StreamNodes.Node node = first == null ? null : first.getValue();
        while (node != null) {
            if (minId == null && entries.size() <= maxlen) {
                break;
            }
            if (limit != 0 && deleted + node.live > limit) {
                break;
            }
            boolean removeNode = minId == null
                    ? entries.size() - node.live >= maxlen
                    : node.lastId.compareTo(minId) < 0;
            StreamNodes.Node next = model.higher(node.masterId);
            if (removeNode) {
                StreamId end = next == null ? null : next.masterId;
                NavigableMap<StreamId, StreamEntry> span = end == null
                        ? entries.tailMap(node.masterId, true) : entries.subMap(node.masterId, true, end, false);
                deleted += span.size();
                span.clear();
                model.remove(node);
                node = next;
                continue;
            }
            if (approx) {
                break;
            }
            java.util.Iterator<StreamId> it = entries.tailMap(node.masterId, true).keySet().iterator();
            while (it.hasNext()) {
                StreamId id = it.next();
                boolean stop = minId == null ? entries.size() <= maxlen : id.compareTo(minId) >= 0;
                if (stop) {
                    break;
                }
                it.remove();
                node.live--;
                node.deleted++;
                deleted++;
            }
            break;
        }
        firstId = entries.isEmpty() ? StreamId.MIN : entries.firstKey();
        return deleted;
    }

    public void setLastId(StreamId lastId) {
        this.lastId = lastId;
    }

    public void setFirstId(StreamId firstId) {
        this.firstId = firstId;
    }

    public void setMaxDeletedEntryId(StreamId id) {
        this.maxDeletedEntryId = id;
    }

    public void setEntriesAdded(long entriesAdded) {
        this.entriesAdded = entriesAdded;
    }

    /** Removes a consumer group; returns whether it existed. */
    public boolean destroyGroup(Key name) {
        return groups.remove(name) != null;
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

    /**
     * t_stream.c streamRangeHasTombstones: whether an entry deleted from the middle of the
     * stream (the max deleted ID at or after the first entry) lies in {@code [start, end]}
     * ({@code end} null: to the end).
     */
    public boolean rangeHasTombstones(StreamId start, StreamId end) {
        if (entries.isEmpty() || maxDeletedEntryId.isZero()) {
            return false;
        }
        if (firstId.compareTo(maxDeletedEntryId) > 0) {
            return false;
        }
        StreamId from = start == null ? StreamId.MIN : start;
        StreamId to = end == null ? StreamId.MAX : end;
        return from.compareTo(maxDeletedEntryId) <= 0 && maxDeletedEntryId.compareTo(to) <= 0;
    }

    /**
     * t_stream.c streamReplyWithCGLag: how many entries the group has yet to read, or null
     * when that cannot be known (fragmentation ahead of its last delivered ID).
     */
    public Long lag(StreamConsumerGroup g) {
        if (entriesAdded == 0) {
            return 0L;
        }
        if (g.entriesRead() != StreamConsumerGroup.ENTRIES_READ_UNKNOWN
                && !rangeHasTombstones(g.lastDeliveredId(), null)) {
            return entriesAdded - g.entriesRead();
        }
        long read = estimateEntriesRead(g.lastDeliveredId());
        return read == StreamConsumerGroup.ENTRIES_READ_UNKNOWN ? null : entriesAdded - read;
    }

    @Override
    public StreamValue deepCopy() {
        StreamValue copy = new StreamValue();
        copy.entries.putAll(entries); // entries are immutable
        copy.lastId = lastId;
        copy.firstId = firstId;
        copy.maxDeletedEntryId = maxDeletedEntryId;
        copy.entriesAdded = entriesAdded;
        copy.nodes = nodes == null ? null : nodes.deepCopy();
        copy.nodeMaxEntries = nodeMaxEntries;
        copy.nodeMaxBytes = nodeMaxBytes;
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
