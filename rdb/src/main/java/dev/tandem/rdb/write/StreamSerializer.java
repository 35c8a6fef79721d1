/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.core.value.StreamConsumer;
import dev.tandem.core.value.StreamConsumerGroup;
import dev.tandem.core.value.StreamEntry;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamPendingEntry;
import dev.tandem.core.value.StreamValue;
import dev.tandem.rdb.internal.codec.ListpackBuilder;

import java.util.Arrays;
import java.util.Iterator;

/**
 * Writes a stream as RDB type 15 (STREAM_LISTPACKS, what Redis 5.0–6.2 write and every Redis
 * from 5.0 on loads) or 19 (STREAM_LISTPACKS_2, Redis 7.0, with the extra metadata).
 *
 * <p>Entries are packed into listpack nodes the way {@code streamAppendItem} builds them: a
 * node starts with a master entry ({@code count, deleted, n_fields, fields…, 0}) taking the
 * fields of its first entry; each entry is {@code flags, ms_diff, seq_diff}, then either just
 * the values (flag SAMEFIELDS, when its fields equal the master's) or {@code n_fields} and the
 * pairs, then {@code lp_count}. A new node starts when the current one would reach
 * {@value #NODE_MAX_BYTES} bytes or holds {@value #NODE_MAX_ENTRIES} entries
 * ({@code stream-node-max-bytes} / {@code -entries} defaults). Deleted entries do not exist in
 * a {@link StreamValue}, so nodes never hold tombstones.
 *
 * <p>Then: length, last ID, [type 19: first ID, max deleted ID, entries added], and the
 * consumer groups with their PELs (raw 16-byte IDs, delivery time, delivery count) and
 * consumers (name, seen time, owned IDs).
 */
final class StreamSerializer {
    static final int NODE_MAX_BYTES = 4096;
    static final int NODE_MAX_ENTRIES = 100;
    private static final int FLAG_SAME_FIELDS = 2;
    /** Offset of the master entry's count in a node: right after the 6-byte listpack header. */
    private static final int MASTER_COUNT_OFFSET = 6;

    private final RdbEncoder enc;

    StreamSerializer(RdbEncoder enc) {
        this.enc = enc;
    }

    void write(StreamValue stream, boolean v2) {
        // Node boundaries are planned from encoded sizes first, because the node count comes
        // before the nodes; each node is then built and written at once, so a long stream is
        // never held as listpacks in memory.
        int[] entriesPerNode = planNodes(stream);
        enc.length(entriesPerNode.length);
        Iterator<StreamEntry> entries = stream.entries().values().iterator();
        for (int n : entriesPerNode) {
            StreamEntry first = entries.next();
            Node node = new Node(first);
            node.append(first);
            for (int i = 1; i < n; i++) {
                node.append(entries.next());
            }
            enc.string(node.masterId.toRaw());
            byte[] lp = node.listpack.build();
            // The count is at most NODE_MAX_ENTRIES (< 128), so it is a one-byte 7-bit integer
            // and the placeholder written when the node started can be replaced in place.
            lp[MASTER_COUNT_OFFSET] = (byte) node.count;
            enc.string(lp);
        }
        enc.length(stream.length());
        id(stream.lastId());
        if (v2) {
            id(stream.firstId());
            id(stream.maxDeletedEntryId());
            enc.length(stream.entriesAdded());
        }
        enc.length(stream.groups().size());
        for (StreamConsumerGroup group : stream.groups().values()) {
            writeGroup(group, v2);
        }
    }

    private void writeGroup(StreamConsumerGroup group, boolean v2) {
        enc.string(group.name().bytes());
        id(group.lastDeliveredId());
        if (v2) {
            enc.length(group.entriesRead());
        }
        enc.length(group.pending().size());
        for (StreamPendingEntry nack : group.pending().values()) {
            enc.raw(nack.id().toRaw());
            enc.millis(nack.deliveryTime());
            enc.length(nack.deliveryCount());
        }
        enc.length(group.consumers().size());
        for (StreamConsumer consumer : group.consumers().values()) {
            enc.string(consumer.name().bytes());
            enc.millis(consumer.seenTime());
            enc.length(consumer.pending().size());
            for (StreamId id : consumer.pending().keySet()) {
                enc.raw(id.toRaw());
            }
        }
    }

    private void id(StreamId id) {
        enc.length(id.ms());
        enc.length(id.seq());
    }

    /**
     * How many entries each node gets, by streamAppendItem's rule: an entry goes to a new node
     * when the current node's bytes plus the entry's field and value lengths reach
     * {@value #NODE_MAX_BYTES}, or when the node holds {@value #NODE_MAX_ENTRIES} entries.
     */
    static int[] planNodes(StreamValue stream) {
        int[] counts = new int[16];
        int nodes = 0;
        long nodeBytes = 0;
        StreamId masterId = null;
        byte[][] masterFields = null;
        for (StreamEntry e : stream.entries().values()) {
            long rawBytes = 0;
            for (int i = 0; i < e.fieldCount(); i++) {
                rawBytes += e.field(i).length + e.value(i).length;
            }
            if (nodes == 0 || nodeBytes + rawBytes >= NODE_MAX_BYTES || counts[nodes - 1] >= NODE_MAX_ENTRIES) {
                if (nodes == counts.length) {
                    counts = Arrays.copyOf(counts, nodes * 2);
                }
                nodes++;
                masterId = e.id();
                masterFields = fieldsOf(e);
                nodeBytes = ListpackSizes.EMPTY + masterEntryBytes(masterFields);
            }
            nodeBytes += entryBytes(e, masterId, masterFields);
            counts[nodes - 1]++;
        }
        return Arrays.copyOf(counts, nodes);
    }

    private static byte[][] fieldsOf(StreamEntry e) {
        byte[][] fields = new byte[e.fieldCount()][];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = e.field(i);
        }
        return fields;
    }

    private static boolean hasFields(StreamEntry e, byte[][] fields) {
        if (e.fieldCount() != fields.length) {
            return false;
        }
        for (int i = 0; i < fields.length; i++) {
            if (!Arrays.equals(e.field(i), fields[i])) {
                return false;
            }
        }
        return true;
    }

    private static long masterEntryBytes(byte[][] fields) {
        long n = ListpackSizes.integer(1) + ListpackSizes.integer(0) + ListpackSizes.integer(fields.length)
                + ListpackSizes.integer(0);
        for (byte[] f : fields) {
            n += ListpackSizes.element(f);
        }
        return n;
    }

    private static long entryBytes(StreamEntry e, StreamId masterId, byte[][] masterFields) {
        long n = ListpackSizes.integer(FLAG_SAME_FIELDS) + ListpackSizes.integer(e.id().ms() - masterId.ms())
                + ListpackSizes.integer(e.id().seq() - masterId.seq());
        if (hasFields(e, masterFields)) {
            for (int i = 0; i < e.fieldCount(); i++) {
                n += ListpackSizes.element(e.value(i));
            }
            n += ListpackSizes.integer(3 + masterFields.length);
        } else {
            n += ListpackSizes.integer(e.fieldCount());
            for (int i = 0; i < e.fieldCount(); i++) {
                n += ListpackSizes.element(e.field(i)) + ListpackSizes.element(e.value(i));
            }
            n += ListpackSizes.integer(3 + 2L * e.fieldCount() + 1);
        }
        return n;
    }

    /** One listpack node being filled. */
    private static final class Node {
        final StreamId masterId;
        final byte[][] masterFields;
        final ListpackBuilder listpack = new ListpackBuilder();
        int count;

        Node(StreamEntry first) {
            masterId = first.id();
            masterFields = fieldsOf(first);
            listpack.addInteger(1); // count placeholder, patched when the node is written
            listpack.addInteger(0); // deleted
            listpack.addInteger(masterFields.length);
            for (byte[] f : masterFields) {
                listpack.add(f);
            }
            listpack.addInteger(0); // master entry terminator
        }

        void append(StreamEntry e) {
            boolean sameFields = hasFields(e, masterFields);
            listpack.addInteger(sameFields ? FLAG_SAME_FIELDS : 0);
            listpack.addInteger(e.id().ms() - masterId.ms());
            listpack.addInteger(e.id().seq() - masterId.seq());
            if (sameFields) {
                for (int i = 0; i < masterFields.length; i++) {
                    listpack.add(e.value(i));
                }
                listpack.addInteger(3 + masterFields.length);
            } else {
                listpack.addInteger(e.fieldCount());
                for (int i = 0; i < e.fieldCount(); i++) {
                    listpack.add(e.field(i));
                    listpack.add(e.value(i));
                }
                listpack.addInteger(3 + 2L * e.fieldCount() + 1);
            }
            count++;
        }
    }
}
