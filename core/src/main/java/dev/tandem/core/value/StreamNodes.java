/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model of how Redis 7.0 groups a stream's entries into listpack nodes of its radix tree:
 * which entries share a node, how many live and deleted entries each node holds and how many
 * bytes its listpack takes. Tandem stores entries in one ordered map; it needs the node
 * boundaries only because Redis's approximate trimming ({@code MAXLEN ~}, {@code MINID ~})
 * removes whole nodes, so the number of entries it trims (the reply of XTRIM, the length after
 * XADD) depends on them, and XINFO STREAM reports the node count.
 *
 * <p>Nodes are formed as {@code streamAppendItem} forms them: an entry opens a new node when the
 * tail node's listpack plus the entry's field and value bytes would reach the byte limit, or the
 * tail node holds (live plus deleted) the entry limit. Deleting an entry marks it deleted in its
 * node; deleting a node's last live entry removes the node. The listpack size is computed with
 * listpack.c's element encodings (integers, strings, back-lengths).
 */
final class StreamNodes {
    /** One listpack node, keyed by its master ID. */
    static final class Node {
        final StreamId masterId;
        final byte[][] masterFields;
        long live;
        long deleted;
        long bytes;
        /** The last ID appended to the node (deleted or not): MINID trimming compares it. */
        StreamId lastId;

        Node(StreamId masterId, byte[][] masterFields) {
            this.masterId = masterId;
            this.masterFields = masterFields;
        }
    }

    private final TreeMap<StreamId, Node> nodes = new TreeMap<>();

    int size() {
        return nodes.size();
    }

    Map.Entry<StreamId, Node> first() {
        return nodes.firstEntry();
    }

    Node higher(StreamId masterId) {
        Map.Entry<StreamId, Node> e = nodes.higherEntry(masterId);
        return e == null ? null : e.getValue();
    }

    void remove(Node n) {
        nodes.remove(n.masterId);
    }

    /** Places an appended entry (its ID above every other) into the tail node or a new one. */
    void append(StreamEntry entry, long maxEntries, long maxBytes) {
        long totalLength = 0;
        for (int i = 0; i < entry.fieldCount(); i++) {
            totalLength += entry.field(i).length + entry.value(i).length;
        }
        Map.Entry<StreamId, Node> tailEntry = nodes.lastEntry();
        Node tail = tailEntry == null ? null : tailEntry.getValue();
        if (tail != null) {
            long limit = maxBytes <= 0 || maxBytes > Integer.MAX_VALUE ? Integer.MAX_VALUE : maxBytes;
            if (tail.bytes + totalLength >= limit
                    || (maxEntries > 0 && tail.live + tail.deleted >= maxEntries)) {
                tail = null;
            }
        }
        if (tail == null) {
            byte[][] fields = new byte[entry.fieldCount()][];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = entry.field(i);
            }
            tail = new Node(entry.id(), fields);
            // Header (6) and end byte (1), then the master entry: count, deleted, field count,
            // the fields and the 0 terminator.
            tail.bytes = 7 + intSize(1) + intSize(0) + intSize(fields.length) + intSize(0);
            for (byte[] f : fields) {
                tail.bytes += elementSize(f);
            }
            nodes.put(entry.id(), tail);
        }
        boolean sameFields = tail.masterFields.length == entry.fieldCount();
        for (int i = 0; sameFields && i < entry.fieldCount(); i++) {
            sameFields = Arrays.equals(tail.masterFields[i], entry.field(i));
        }
        int n = entry.fieldCount();
        long size = intSize(sameFields ? 2 : 0)
                + intSize(entry.id().ms() - tail.masterId.ms())
                + intSize(entry.id().seq() - tail.masterId.seq());
        if (!sameFields) {
            size += intSize(n);
        }
        for (int i = 0; i < n; i++) {
            if (!sameFields) {
                size += elementSize(entry.field(i));
            }
            size += elementSize(entry.value(i));
        }
        size += intSize(sameFields ? n + 3L : 2L * n + 4);
        tail.bytes += size;
        tail.live++;
        tail.lastId = entry.id();
    }

    /** Marks an entry deleted in its node; removes the node when it held the last live entry. */
    void delete(StreamId id) {
        Map.Entry<StreamId, Node> e = nodes.floorEntry(id);
        if (e == null) {
            return;
        }
        Node n = e.getValue();
        if (n.live <= 1) {
            nodes.remove(n.masterId);
        } else {
            n.live--;
            n.deleted++;
        }
    }

    /**
     * The node count of a rax holding the nodes' 16-byte master IDs: a node where keys branch
     * or end, and one compressed node for each run of bytes between them (rax.c's layout;
     * an empty rax is its root alone).
     */
    long raxNodeCount() {
        byte[][] keys = new byte[nodes.size()][];
        int i = 0;
        for (StreamId id : nodes.keySet()) {
            keys[i++] = id.toRaw();
        }
        return keys.length == 0 ? 1 : raxNodes(keys, 0, keys.length, 0);
    }

    /** Nodes under (and including) the one at {@code depth} for the sorted {@code keys[lo, hi)}. */
    private static long raxNodes(byte[][] keys, int lo, int hi, int depth) {
        if (depth == 16) {
            return 1; // a key's leaf
        }
        if (keys[lo][depth] == keys[hi - 1][depth]) {
            // One child: this node is compressed up to where the keys differ (or end).
            int end = depth + 1;
            while (end < 16 && keys[lo][end] == keys[hi - 1][end]) {
                end++;
            }
            return 1 + raxNodes(keys, lo, hi, end);
        }
        long n = 1;
        int start = lo;
        for (int j = lo + 1; j <= hi; j++) {
            if (j == hi || keys[j][depth] != keys[start][depth]) {
                n += raxNodes(keys, start, j, depth + 1);
                start = j;
            }
        }
        return n;
    }

    /** Bytes of a listpack integer element (encoding plus back-length). */
    static int intSize(long v) {
        int enc;
        if (v >= 0 && v <= 127) {
            enc = 1;
        } else if (v >= -4096 && v <= 4095) {
            enc = 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            enc = 3;
        } else if (v >= -8388608 && v <= 8388607) {
            enc = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            enc = 5;
        } else {
            enc = 9;
        }
        return enc + backlenSize(enc);
    }

    /** Bytes of a listpack element holding {@code s}: an integer when it reads as one. */
    static long elementSize(byte[] s) {
        Long asInt = strictLong(s);
        if (asInt != null) {
            return intSize(asInt);
        }
        long enc = s.length <= 63 ? 1 + s.length : s.length <= 4095 ? 2 + s.length : 5L + s.length;
        return enc + backlenSize(enc);
    }

    private static int backlenSize(long l) {
        return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    }

    /** util.c string2ll's strict form (no sign but '-', no leading zeros, at most 20 bytes). */
    private static Long strictLong(byte[] s) {
        int len = s.length;
        if (len == 0 || len > 20) {
            return null;
        }
        if (len == 1 && s[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = s[0] == '-';
        if (negative) {
            i = 1;
            if (len == 1) {
                return null;
            }
        }
        if (s[i] < '1' || s[i] > '9') {
            return null;
        }
        long v = 0;
        for (; i < len; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) {
                return null;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return null;
            }
            v = -v;
        }
        return v;
    }

    StreamNodes deepCopy() {
        StreamNodes copy = new StreamNodes();
        for (Node n : nodes.values()) {
            Node c = new Node(n.masterId, n.masterFields);
            c.live = n.live;
            c.deleted = n.deleted;
            c.bytes = n.bytes;
            c.lastId = n.lastId;
            copy.nodes.put(c.masterId, c);
        }
        return copy;
    }
}
