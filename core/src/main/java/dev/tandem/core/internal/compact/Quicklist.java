/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.compact;

import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongSupplier;

/**
 * Redis 7.0's quicklist (quicklist.c): a sequence of nodes, each a {@link Listpack} byte array
 * (PACKED) or one large element on its own (PLAIN), with the same fill, split, merge and
 * compression rules, so a list holds what Redis holds and its nodes go to an RDB file as they are.
 *
 * <p>The nodes sit in a ring of parallel arrays (node bytes, per-node metadata) rather than a
 * linked list: one array slot per node instead of a 32-byte node object, O(1) at both ends, and a
 * node inserted or removed in the middle shifts only node references.
 *
 * <p>Pushes and pops at either end change the end node's listpack in place, as Redis's
 * lpInsert/lpDelete do with realloc: a node array this list owns may be longer than its listpack
 * (the header's total-bytes field says where it ends), its capacity rounded up to jemalloc's size
 * class for the listpack's size, which is what Redis's realloc reserves. A tail push writes the
 * entry over the terminator; a head push or pop moves the node's bytes within the array (Redis's
 * memmove); a new array is made only when the class is full (amortized O(1) per byte). Every other
 * change (inserts in the middle, ranges, LSET, LREM, splits, merges) stores a new exact array.
 * {@link #copy()} shares the node arrays and clears both lists' ownership of them, so the next
 * in-place change on either side copies the node first (copy-on-write): a copy taken for a
 * snapshot, DUMP or COPY never sees a later push or pop.
 *
 * <p>Node sizing follows {@code _quicklistNodeAllowInsert} / {@code _quicklistNodeAllowMerge}:
 * a negative fill bounds a node's bytes (-1..-5: 4..64 KB), a positive fill its entries (with
 * the 8 KB safety limit); an element of {@code packed_threshold} bytes or more gets a PLAIN node.
 * With a compress depth, the nodes beyond {@code depth} from either end are LZF-compressed when
 * that saves at least 8 bytes of a node of at least 48 ({@code __quicklistCompress}); such a
 * node is stored as its raw size (u32le) followed by the LZF data.
 *
 * <p>Sequential access by index ({@link #get} from LRANGE, LPOS, LINDEX walks) is O(1) per step
 * through a cursor that remembers the last node and entry visited; random access walks the nodes
 * from the nearer end (or the cursor). Writes need exclusive access (the keyspace's write lock);
 * reads may run concurrently with each other (the cursor is an immutable snapshot).
 */
public final class Quicklist implements Iterable<byte[]> {
    /** quicklist.c optimization_level: node byte limits for fill -1..-5. */
    private static final int[] OPTIMIZATION_LEVEL = {4096, 8192, 16384, 32768, 65536};
    /** SIZE_SAFETY_LIMIT: the byte limit of a node bounded by entry count. */
    private static final int SIZE_SAFETY_LIMIT = 8192;
    /** SIZE_ESTIMATE_OVERHEAD: what one entry is assumed to add besides its bytes. */
    private static final int SIZE_ESTIMATE_OVERHEAD = 8;
    private static final int MIN_COMPRESS_BYTES = 48;
    private static final int MIN_COMPRESS_IMPROVE = 8;
    /** FILL_MAX and COMPRESS_MAX of a 64-bit build (QL_FILL_BITS / QL_COMP_BITS 16). */
    public static final int FILL_MAX = (1 << 15) - 1;
    public static final int COMPRESS_MAX = (1 << 16) - 1;
    /** Redis's default packed_threshold: 1 GB. */
    public static final long DEFAULT_PACKED_THRESHOLD = 1L << 30;

    private static final int COUNT_MASK = (1 << 24) - 1;
    private static final int PLAIN = 1 << 24;
    private static final int LZF = 1 << 25;
    /**
     * The node's array belongs to this list alone (made by an in-place change), so it may be
     * changed in place and may have spare capacity past its listpack. Cleared on both sides by
     * {@link #copy()}; arrays from anywhere else (splice results, RDB payloads) never carry it.
     */
    private static final int OWNED = 1 << 26;
    private static final LongSupplier DEFAULT_THRESHOLD = () -> DEFAULT_PACKED_THRESHOLD;

    private final int fill;
    private final int compress;
    /** Read at every insert, as Redis reads its global packed_threshold. */
    private final LongSupplier packedThreshold;

    /** Node bytes, a ring of capacity a power of two. */
    private byte[][] nodes;
    /** Per node: entry count | PLAIN | LZF. */
    private int[] meta;
    private int headSlot;
    private int len;
    private long count;
    private int modCount;

    /**
     * The last position read, a cache for sequential access. Immutable, so readers running at
     * the same time (reads share the keyspace's read lock) may overwrite each other's cursor but
     * never see a torn one; a cursor from before a change (another modification count) is ignored.
     */
    private Cursor cursor;

    /** Element {@code entry} of node {@code node} (the node's first element has index {@code nodeStart}). */
    private record Cursor(int mod, int node, long nodeStart, byte[] raw, int entry, int pos) {
    }

    /** An empty quicklist with the given fill and compress depth, clamped as quicklistSetOptions does. */
    public Quicklist(int fill, int compressDepth, LongSupplier packedThreshold) {
        this.fill = fill > FILL_MAX ? FILL_MAX : Math.max(fill, -5);
        this.compress = compressDepth > COMPRESS_MAX ? COMPRESS_MAX : Math.max(compressDepth, 0);
        this.packedThreshold = packedThreshold == null ? DEFAULT_THRESHOLD : packedThreshold;
        this.nodes = new byte[1][];
        this.meta = new int[1];
    }

    /** Redis's defaults: fill -2 (8 KB nodes), no compression, a 1 GB packed threshold. */
    public Quicklist() {
        this(-2, 0, null);
    }

    private Quicklist(Quicklist o) {
        this.fill = o.fill;
        this.compress = o.compress;
        this.packedThreshold = o.packedThreshold;
        int cap = Integer.highestOneBit(Math.max(1, o.len));
        if (cap < o.len) {
            cap <<= 1;
        }
        this.nodes = new byte[cap][];
        this.meta = new int[cap];
        for (int i = 0; i < o.len; i++) {
            int s = o.slot(i);
            // Both lists now share the array: neither may change it in place any more. Only the
            // OWNED bit of the source changes, an int write that concurrent readers of the count
            // and type bits cannot see torn.
            o.meta[s] &= ~OWNED;
            nodes[i] = o.nodes[s];
            meta[i] = o.meta[s];
        }
        this.len = o.len;
        this.count = o.count;
    }

    /**
     * A copy sharing the node arrays, copy-on-write: after it, an in-place change on either side
     * first copies the node it changes. Needs the same exclusive access as a write (it clears this
     * list's ownership of its arrays).
     */
    public Quicklist copy() {
        return new Quicklist(this);
    }

    public int fill() {
        return fill;
    }

    public int compressDepth() {
        return compress;
    }

    /** Elements. */
    public long count() {
        return count;
    }

    /** Nodes. */
    public int nodeCount() {
        return len;
    }

    // ---------------------------------------------------------------- node ring

    private int slot(int i) {
        return (headSlot + i) & (nodes.length - 1);
    }

    private int nodeEntries(int i) {
        return meta[slot(i)] & COUNT_MASK;
    }

    private boolean isPlain(int i) {
        return (meta[slot(i)] & PLAIN) != 0;
    }

    private boolean isCompressed(int i) {
        return (meta[slot(i)] & LZF) != 0;
    }

    /**
     * The node's size as quicklist.c's node->sz: the listpack's (uncompressed) bytes, a PLAIN
     * element's length. A listpack's and a compressed node's first four bytes hold it.
     */
    private int nodeSize(int i) {
        byte[] b = nodes[slot(i)];
        return isPlain(i) && !isCompressed(i) ? b.length : u32(b, 0);
    }

    /**
     * The node's listpack (decompressed when stored compressed) or PLAIN element, as an array of
     * exactly its size: a new array when the stored one has spare capacity. For the changes that
     * build a new node array from the old one (they use the array's length).
     */
    private byte[] raw(int i) {
        byte[] b = nodes[slot(i)];
        if (isCompressed(i)) {
            return decompress(b);
        }
        if (!isPlain(i)) {
            int size = u32(b, 0);
            if (size != b.length) {
                return Arrays.copyOf(b, size);
            }
        }
        return b;
    }

    /**
     * The node's bytes for reading: the stored array itself (possibly with spare capacity past
     * the listpack's end, which {@link Listpack}'s walks never read) or the decompressed bytes.
     */
    private byte[] view(int i) {
        byte[] b = nodes[slot(i)];
        return isCompressed(i) ? decompress(b) : b;
    }

    private void setNode(int i, byte[] lp, int entries) {
        nodes[slot(i)] = lp;
        meta[slot(i)] = entries;
    }

    /** Opens a hole at position {@code at} (0..len) for a new node. */
    private void insertNodeSlot(int at, byte[] data, int metaValue) {
        if (len == nodes.length) {
            byte[][] n = new byte[nodes.length << 1][];
            int[] m = new int[nodes.length << 1];
            for (int i = 0; i < len; i++) {
                n[i] = nodes[slot(i)];
                m[i] = meta[slot(i)];
            }
            nodes = n;
            meta = m;
            headSlot = 0;
        }
        if (at < len / 2) {
            headSlot = (headSlot - 1) & (nodes.length - 1);
            for (int i = 0; i < at; i++) {
                nodes[slot(i)] = nodes[slot(i + 1)];
                meta[slot(i)] = meta[slot(i + 1)];
            }
        } else {
            for (int i = len; i > at; i--) {
                nodes[slot(i)] = nodes[slot(i - 1)];
                meta[slot(i)] = meta[slot(i - 1)];
            }
        }
        nodes[slot(at)] = data;
        meta[slot(at)] = metaValue;
        len++;
    }

    private void removeNodeSlot(int at) {
        if (at < len / 2) {
            for (int i = at; i > 0; i--) {
                nodes[slot(i)] = nodes[slot(i - 1)];
                meta[slot(i)] = meta[slot(i - 1)];
            }
            nodes[headSlot] = null;
            headSlot = (headSlot + 1) & (nodes.length - 1);
        } else {
            for (int i = at; i < len - 1; i++) {
                nodes[slot(i)] = nodes[slot(i + 1)];
                meta[slot(i)] = meta[slot(i + 1)];
            }
            nodes[slot(len - 1)] = null;
        }
        len--;
        if (nodes.length > 4 && len <= nodes.length >>> 2) {
            int cap = nodes.length >>> 1;
            byte[][] n = new byte[cap][];
            int[] m = new int[cap];
            for (int i = 0; i < len; i++) {
                n[i] = nodes[slot(i)];
                m[i] = meta[slot(i)];
            }
            nodes = n;
            meta = m;
            headSlot = 0;
        }
    }

    /** __quicklistInsertNode: links a new node at position {@code at} and applies compression. */
    private void insertNode(int at, byte[] data, int metaValue, int oldNode) {
        insertNodeSlot(at, data, metaValue);
        if (oldNode >= 0) {
            compressAround(oldNode >= at ? oldNode + 1 : oldNode);
        }
        compressAround(at);
    }

    /** __quicklistDelNode: unlinks a node and re-establishes the compression depth. */
    private void deleteNode(int at) {
        count -= nodeEntries(at);
        removeNodeSlot(at);
        compressAround(-1);
    }

    // ---------------------------------------------------------------- sizing rules

    private boolean isLarge(long sz) {
        return sz >= packedThreshold.getAsLong();
    }

    private static boolean meetsOptimization(long sz, int fill) {
        if (fill >= 0) {
            return false;
        }
        int offset = -fill - 1;
        return offset < OPTIMIZATION_LEVEL.length && sz <= OPTIMIZATION_LEVEL[offset];
    }

    /** _quicklistNodeAllowInsert for node {@code i} (may be outside 0..len-1: no node). */
    private boolean allowInsert(int i, long sz) {
        if (i < 0 || i >= len || isPlain(i) || isLarge(sz)) {
            return false;
        }
        long newSz = nodeSize(i) + sz + SIZE_ESTIMATE_OVERHEAD;
        if (meetsOptimization(newSz, fill)) {
            return true;
        }
        if (newSz > SIZE_SAFETY_LIMIT) {
            return false;
        }
        return nodeEntries(i) < fill;
    }

    /** _quicklistNodeAllowMerge for nodes {@code a} and {@code b}. */
    private boolean allowMerge(int a, int b) {
        if (a < 0 || b < 0 || a >= len || b >= len || isPlain(a) || isPlain(b)) {
            return false;
        }
        // Redis computes this in an unsigned int; sizes stay far below 4 GB here.
        long mergeSz = (long) nodeSize(a) + nodeSize(b) - 11;
        if (meetsOptimization(mergeSz, fill)) {
            return true;
        }
        if (mergeSz > SIZE_SAFETY_LIMIT) {
            return false;
        }
        return nodeEntries(a) + nodeEntries(b) <= fill;
    }

    // ---------------------------------------------------------------- compression

    /**
     * __quicklistCompress(node): the {@code compress} nodes at each end are kept raw, the node
     * just past the depth on each side is compressed, and so is {@code node} (a position, or -1)
     * unless it lies within the depth.
     */
    private void compressAround(int node) {
        if (len == 0 || compress == 0 || len < compress * 2) {
            return;
        }
        int forward = 0;
        int reverse = len - 1;
        boolean inDepth = false;
        for (int depth = 0; depth < compress; depth++) {
            decompressNode(forward);
            decompressNode(reverse);
            if (forward == node || reverse == node) {
                inDepth = true;
            }
            if (forward == reverse || forward + 1 == reverse) {
                return;
            }
            forward++;
            reverse--;
        }
        if (!inDepth && node >= 0) {
            compressNode(node);
        }
        compressNode(forward);
        compressNode(reverse);
    }

    private void decompressNode(int i) {
        if (isCompressed(i)) {
            int s = slot(i);
            nodes[s] = decompress(nodes[s]);
            meta[s] &= ~LZF;
        }
    }

    /** __quicklistCompressNode: only when it saves enough; PLAIN nodes too, as Redis does. */
    private void compressNode(int i) {
        if (isCompressed(i) || i <= 0 || i >= len - 1) {
            return; // the head and tail are never compressed
        }
        int s = slot(i);
        byte[] rawBytes = nodes[s];
        int size = nodeSize(i);
        if (size < MIN_COMPRESS_BYTES) {
            return;
        }
        byte[] out = new byte[4 + size];
        int n = Lzf.compress(rawBytes, 0, size, out, 4, size);
        if (n == 0 || n + MIN_COMPRESS_IMPROVE >= size) {
            return;
        }
        byte[] stored = Arrays.copyOf(out, 4 + n);
        putU32(stored, 0, size);
        nodes[s] = stored;
        meta[s] = (meta[s] | LZF) & ~OWNED;
    }

    private static byte[] decompress(byte[] stored) {
        byte[] out = new byte[u32(stored, 0)];
        Lzf.decompress(stored, 4, stored.length - 4, out);
        return out;
    }

    /**
     * Stores a node changed in place (its entries or bytes) and compresses it again when it was
     * compressed before the change (quicklistDecompressNodeForUse + quicklistRecompressOnly).
     */
    private void storeChanged(int i, byte[] lp, int entries, boolean wasCompressed) {
        setNode(i, lp, entries);
        if (wasCompressed) {
            compressNode(i);
        }
    }

    // ---------------------------------------------------------------- pushes and pops

    /** quicklistPushHead. */
    public void pushHead(byte[] value) {
        modCount++;
        if (isLarge(value.length)) {
            insertNode(0, value, PLAIN | 1, len > 0 ? 0 : -1);
        } else if (allowInsert(0, value.length)) {
            insertAtHeadInPlace(Listpack.encode(value));
        } else {
            insertNode(0, Listpack.append(Listpack.empty(), Listpack.encode(value)), 1, len > 0 ? 0 : -1);
        }
        count++;
    }

    /** quicklistPushTail. */
    public void pushTail(byte[] value) {
        modCount++;
        if (isLarge(value.length)) {
            insertNode(len, value, PLAIN | 1, len - 1);
        } else if (allowInsert(len - 1, value.length)) {
            appendAtTailInPlace(Listpack.encode(value));
        } else {
            insertNode(len, Listpack.append(Listpack.empty(), Listpack.encode(value)), 1, len - 1);
        }
        count++;
    }

    /** Removes and returns the first element, or null when empty. */
    public byte[] popHead() {
        if (len == 0) {
            return null;
        }
        modCount++;
        if (isPlain(0) || nodeEntries(0) == 1) {
            byte[] v = isPlain(0) ? nodes[slot(0)] : Listpack.bytes(view(0), Listpack.HEADER_SIZE);
            deleteNode(0);
            return v;
        }
        // The head node is never compressed (compressAround keeps both ends raw).
        byte[] lp = nodes[slot(0)];
        byte[] v = Listpack.bytes(lp, Listpack.HEADER_SIZE);
        removeInPlace(0, Listpack.HEADER_SIZE, Listpack.entrySize(lp, Listpack.HEADER_SIZE));
        count--;
        return v;
    }

    /** Removes and returns the last element, or null when empty. */
    public byte[] popTail() {
        if (len == 0) {
            return null;
        }
        modCount++;
        int tail = len - 1;
        if (isPlain(tail) || nodeEntries(tail) == 1) {
            byte[] v = isPlain(tail) ? nodes[slot(tail)] : Listpack.bytes(view(tail), Listpack.HEADER_SIZE);
            deleteNode(tail);
            return v;
        }
        byte[] lp = nodes[slot(tail)];
        int p = Listpack.last(lp);
        byte[] v = Listpack.bytes(lp, p);
        removeInPlace(tail, p, Listpack.totalBytes(lp) - 1 - p);
        count--;
        return v;
    }

    /** quicklistDelIndex: removes one entry; an emptied node goes, nothing merges. */
    private void deleteEntry(int node, int offset) {
        modCount++;
        if (isPlain(node) || nodeEntries(node) == 1) {
            deleteNode(node);
            return;
        }
        boolean wasCompressed = isCompressed(node);
        byte[] lp = raw(node);
        int p = entryAt(lp, offset, nodeEntries(node));
        storeChanged(node, Listpack.splice(lp, p, p + Listpack.entrySize(lp, p), 1), nodeEntries(node) - 1,
                wasCompressed);
        count--;
    }

    // ---------------------------------------------------------------- in-place changes of an end node

    /**
     * The capacity Redis's allocator would reserve for {@code size} bytes: jemalloc's size class
     * (16-byte steps up to 128, then four classes per power of two), so a node grown push by push
     * holds the spare bytes Redis's realloc'd listpack holds, and a new array is needed only when
     * the class is full: amortized O(1) per byte pushed.
     */
    static int capacityFor(int size) {
        if (size <= 8) {
            return 8;
        }
        if (size <= 128) {
            return (size + 15) & ~15;
        }
        int k = 31 - Integer.numberOfLeadingZeros(size - 1); // 2^k < size <= 2^(k+1)
        int step = 1 << (k - 2);
        long rounded = ((long) size + step - 1) & ~((long) step - 1);
        return rounded > Integer.MAX_VALUE - 16 ? size : (int) rounded;
    }

    /**
     * The head node's listpack with {@code entry} in front of its first entry: moved up within
     * its own array when this list owns it and it has room, else written into a new owned array
     * with the gap left in one pass.
     */
    private void insertAtHeadInPlace(byte[] entry) {
        int s = slot(0);
        byte[] lp = nodes[s];
        int used = Listpack.totalBytes(lp);
        int size = used + entry.length;
        int body = used - Listpack.HEADER_SIZE; // entries and terminator
        byte[] out;
        if ((meta[s] & OWNED) != 0 && lp.length >= size) {
            out = lp;
            System.arraycopy(lp, Listpack.HEADER_SIZE, out, Listpack.HEADER_SIZE + entry.length, body);
        } else {
            out = new byte[capacityFor(size)];
            System.arraycopy(lp, 0, out, 0, Listpack.HEADER_SIZE);
            System.arraycopy(lp, Listpack.HEADER_SIZE, out, Listpack.HEADER_SIZE + entry.length, body);
        }
        System.arraycopy(entry, 0, out, Listpack.HEADER_SIZE, entry.length);
        int entries = (meta[s] & COUNT_MASK) + 1;
        finishInPlace(s, out, size, entries);
    }

    /** The tail node's listpack with {@code entry} written over its terminator (Redis's lpAppend). */
    private void appendAtTailInPlace(byte[] entry) {
        int s = slot(len - 1);
        byte[] lp = nodes[s];
        int used = Listpack.totalBytes(lp);
        int size = used + entry.length;
        byte[] out;
        if ((meta[s] & OWNED) != 0 && lp.length >= size) {
            out = lp;
        } else {
            out = new byte[capacityFor(size)];
            System.arraycopy(lp, 0, out, 0, used - 1);
        }
        System.arraycopy(entry, 0, out, used - 1, entry.length);
        out[size - 1] = (byte) Listpack.EOF;
        int entries = (meta[s] & COUNT_MASK) + 1;
        finishInPlace(s, out, size, entries);
    }

    /**
     * Node {@code i} (an end node, raw, more than one entry) without the {@code n} bytes of the
     * entry at {@code p}: closed up within its own array when this list owns it, else copied
     * (copy-on-write). An owned array left less than half used is given back for a smaller one,
     * so popping a list down does not pin its peak capacity (Redis's realloc shrinks too).
     */
    private void removeInPlace(int i, int p, int n) {
        int s = slot(i);
        byte[] lp = nodes[s];
        int used = Listpack.totalBytes(lp);
        int size = used - n;
        byte[] out;
        if ((meta[s] & OWNED) != 0 && size >= lp.length / 2) {
            out = lp;
        } else {
            out = new byte[capacityFor(size)];
            System.arraycopy(lp, 0, out, 0, p);
        }
        System.arraycopy(lp, p + n, out, p, used - p - n); // the rest, terminator included
        finishInPlace(s, out, size, (meta[s] & COUNT_MASK) - 1);
    }

    /** Writes the header (total bytes, count as {@link Listpack#splice} keeps it) and stores the owned array. */
    private void finishInPlace(int s, byte[] out, int size, int entries) {
        putU32(out, 0, size);
        int c = Math.min(entries, Listpack.UNKNOWN_COUNT);
        out[4] = (byte) c;
        out[5] = (byte) (c >>> 8);
        nodes[s] = out;
        meta[s] = entries | OWNED;
    }

    // ---------------------------------------------------------------- access by index

    /** Offset of the {@code k}-th entry of a listpack of {@code n} entries, from the nearer end. */
    private static int entryAt(byte[] lp, int k, int n) {
        if (k < n / 2) {
            int p = Listpack.first(lp);
            for (int j = 0; j < k; j++) {
                p = Listpack.next(lp, p);
            }
            return p;
        }
        int p = Listpack.last(lp);
        for (int j = n - 1; j > k; j--) {
            p = Listpack.prev(lp, p);
        }
        return p;
    }

    /** The position of element {@code index} (0..count-1), starting from the cursor when it helps. */
    private Cursor seek(long index) {
        Cursor c = cursor;
        if (c != null && c.mod != modCount) {
            c = null;
        }
        int node;
        long start;
        if (c != null && Math.abs(index - c.nodeStart) < Math.min(index, count - index)) {
            node = c.node;
            start = c.nodeStart;
        } else if (index < count - index) {
            node = 0;
            start = 0;
        } else {
            node = len - 1;
            start = count - nodeEntries(len - 1);
        }
        while (index < start) {
            node--;
            start -= nodeEntries(node);
        }
        while (index >= start + nodeEntries(node)) {
            start += nodeEntries(node);
            node++;
        }
        byte[] lp;
        int known = -1;
        int knownPos = 0;
        if (c != null && node == c.node) {
            lp = c.raw;
            known = c.entry;
            knownPos = c.pos;
        } else {
            lp = view(node);
        }
        int k = (int) (index - start);
        int pos;
        if (isPlain(node)) {
            pos = 0;
        } else if (known == k) {
            pos = knownPos;
        } else if (known >= 0 && k == known + 1) {
            pos = Listpack.next(lp, knownPos);
        } else if (known >= 0 && k == known - 1) {
            pos = Listpack.prev(lp, knownPos);
        } else {
            pos = entryAt(lp, k, nodeEntries(node));
        }
        Cursor fresh = new Cursor(modCount, node, start, lp, k, pos);
        cursor = fresh;
        return fresh;
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + count);
        }
    }

    /** The element at {@code index}: a new array, or a PLAIN node's own (do not mutate it). */
    public byte[] get(long index) {
        checkIndex(index);
        Cursor c = seek(index);
        return isPlain(c.node) ? c.raw : Listpack.bytes(c.raw, c.pos);
    }

    /** Whether the element at {@code index} equals {@code value} ({@code asInt} = its strict integer parse). */
    public boolean elementEquals(long index, byte[] value, Long asInt) {
        checkIndex(index);
        Cursor c = seek(index);
        return isPlain(c.node) ? Arrays.equals(c.raw, value) : Listpack.equalsEntry(c.raw, c.pos, value, asInt);
    }

    /** quicklistReplaceAtIndex (LSET). */
    public void replace(long index, byte[] value) {
        checkIndex(index);
        Cursor c = seek(index);
        int node = c.node;
        int k = c.entry;
        boolean large = isLarge(value.length);
        modCount++;
        if (!isPlain(node) && !large) {
            boolean wasCompressed = isCompressed(node);
            byte[] lp = wasCompressed ? c.raw : raw(node);
            int p = c.pos;
            setNode(node, Listpack.splice(lp, p, p + Listpack.entrySize(lp, p), 1, Listpack.encode(value)),
                    nodeEntries(node));
            if (wasCompressed) {
                compressNode(node);
            } else {
                compressAround(node);
            }
        } else if (isPlain(node) && large) {
            nodes[slot(node)] = value;
            meta[slot(node)] = PLAIN | 1;
            compressAround(node);
        } else if (isPlain(node)) {
            // A small element replacing a PLAIN one: inserted after it, then the PLAIN node goes.
            insertAt(node, 0, true, value);
            deleteNode(node);
        } else {
            // A large element into a packed node: a PLAIN node after the entry (splitting the
            // node if needed, which leaves the entry last in its node), then the entry goes.
            insertAt(node, k, true, value);
            deleteEntry(node, k);
        }
    }

    /** LINSERT AFTER the element at {@code index}. */
    public void insertAfter(long index, byte[] value) {
        checkIndex(index);
        Cursor c = seek(index);
        insertAt(c.node, c.entry, true, value);
    }

    /** LINSERT BEFORE the element at {@code index}. */
    public void insertBefore(long index, byte[] value) {
        checkIndex(index);
        Cursor c = seek(index);
        insertAt(c.node, c.entry, false, value);
    }

    /** _quicklistInsert next to entry {@code offset} of node {@code node}. */
    private void insertAt(int node, int offset, boolean after, byte[] value) {
        modCount++;
        long sz = value.length;
        boolean full = !allowInsert(node, sz);
        boolean atTail = false;
        boolean atHead = false;
        boolean availNext = false;
        boolean availPrev = false;
        int n = nodeEntries(node);
        if (after && offset == n - 1) {
            atTail = true;
            availNext = allowInsert(node + 1, sz);
        }
        if (!after && offset == 0) {
            atHead = true;
            availPrev = allowInsert(node - 1, sz);
        }
        count++;
        if (isLarge(sz)) {
            if (isPlain(node) || atTail || atHead) {
                insertNode(after ? node + 1 : node, value, PLAIN | 1, node);
            } else {
                // Split at the entry; the PLAIN node goes between the halves (left at 'node').
                split(node, offset, after);
                insertNodeSlot(node + 1, value, PLAIN | 1);
                compressAround(node);
                compressAround(node + 1);
                compressAround(node + 2);
            }
            return;
        }
        byte[] enc = Listpack.encode(value);
        if (!full) {
            boolean wasCompressed = isCompressed(node);
            byte[] lp = raw(node);
            int p = entryAt(lp, offset, n);
            int at = after ? p + Listpack.entrySize(lp, p) : p;
            storeChanged(node, Listpack.splice(lp, at, at, 0, enc), n + 1, wasCompressed);
        } else if (atTail && availNext) {
            int next = node + 1;
            boolean wasCompressed = isCompressed(next);
            byte[] lp = raw(next);
            storeChanged(next, Listpack.splice(lp, Listpack.HEADER_SIZE, Listpack.HEADER_SIZE, 0, enc),
                    nodeEntries(next) + 1, wasCompressed);
        } else if (atHead && availPrev) {
            int prev = node - 1;
            boolean wasCompressed = isCompressed(prev);
            byte[] lp = raw(prev);
            storeChanged(prev, Listpack.append(lp, enc), nodeEntries(prev) + 1, wasCompressed);
        } else if (atTail || atHead) {
            insertNode(after ? node + 1 : node, Listpack.append(Listpack.empty(), enc), 1, node);
        } else {
            // Full and in the middle: split the node at the entry and put the element at the
            // near end of the split-off part, then try merges around the original node.
            split(node, offset, after);
            int newNode = after ? node + 1 : node;
            int orig = after ? node : node + 1;
            byte[] lp = raw(newNode);
            byte[] grown = after ? Listpack.splice(lp, Listpack.HEADER_SIZE, Listpack.HEADER_SIZE, 0, enc)
                    : Listpack.append(lp, enc);
            setNode(newNode, grown, nodeEntries(newNode) + 1);
            compressAround(orig);
            compressAround(newNode);
            mergeAround(orig);
        }
    }

    /**
     * _quicklistSplitNode: node {@code node} keeps [0, offset] and a new node after it gets the
     * rest when {@code after}; otherwise a new node before it gets [0, offset) and the node keeps
     * [offset, end]. Returns the position of the new node. Neither half is compressed here.
     */
    private int split(int node, int offset, boolean after) {
        byte[] lp = raw(node);
        int n = nodeEntries(node);
        int cut = after ? offset + 1 : offset; // entries before the cut stay left
        int p = cut < n ? entryAt(lp, cut, n) : lp.length - 1;
        byte[] left = Listpack.splice(lp, p, lp.length - 1, n - cut);
        byte[] right = Listpack.splice(lp, Listpack.HEADER_SIZE, p, cut);
        if (after) {
            setNode(node, left, cut);
            insertNodeSlot(node + 1, right, n - cut);
            return node + 1;
        }
        setNode(node, right, n - cut);
        insertNodeSlot(node, left, cut);
        return node;
    }

    /** _quicklistMergeNodes around {@code center}. */
    private void mergeAround(int center) {
        int prev = center - 1;
        int prevPrev = center - 2;
        int next = center + 1;
        int nextNext = center + 2;
        if (prevPrev >= 0 && allowMerge(prev, prevPrev)) {
            merge(prevPrev);
            center--;
            next--;
            nextNext--;
        }
        if (nextNext < len && allowMerge(next, nextNext)) {
            merge(next);
        }
        int target = center;
        if (center >= 1 && allowMerge(center, center - 1)) {
            merge(center - 1);
            target = center - 1;
        }
        if (target + 1 < len && allowMerge(target, target + 1)) {
            merge(target);
        }
    }

    /** _quicklistListpackMerge of nodes {@code a} and {@code a + 1} into one at {@code a}. */
    private void merge(int a) {
        byte[] la = raw(a);
        byte[] lb = raw(a + 1);
        int entries = nodeEntries(a) + nodeEntries(a + 1);
        byte[] body = Arrays.copyOfRange(lb, Listpack.HEADER_SIZE, lb.length - 1);
        byte[] merged = spliceRaw(la, body, nodeEntries(a + 1));
        setNode(a, merged, entries);
        removeNodeSlot(a + 1);
        compressAround(-1);
        compressAround(a);
    }

    /** Appends already encoded entry bytes ({@code added} entries) to a listpack. */
    private static byte[] spliceRaw(byte[] lp, byte[] entryBytes, int added) {
        byte[] out = Listpack.splice(lp, lp.length - 1, lp.length - 1, 0, entryBytes);
        // splice counted the byte block as one entry; correct the header count.
        int c = Listpack.headerCount(lp);
        int total = c == Listpack.UNKNOWN_COUNT ? Listpack.UNKNOWN_COUNT : Math.min(c + added, Listpack.UNKNOWN_COUNT);
        out[4] = (byte) total;
        out[5] = (byte) (total >>> 8);
        return out;
    }

    // ---------------------------------------------------------------- ranges

    /**
     * quicklistDelRange: removes {@code n} elements from {@code start} (negative counts from the
     * tail, -1 the last), node by node; whole nodes go without touching their bytes.
     */
    public void deleteRange(long start, long n) {
        if (n <= 0) {
            return;
        }
        long extent = n;
        if (start >= 0 && extent > count - start) {
            extent = count - start;
        } else if (start < 0 && extent > -start) {
            extent = -start;
        }
        long first = start >= 0 ? start : count + start;
        if (first < 0 || first >= count) {
            return;
        }
        Cursor c = seek(first);
        int node = c.node;
        int offset = c.entry;
        modCount++;
        while (extent > 0) {
            int entries = nodeEntries(node);
            long del;
            boolean whole = false;
            if (offset == 0 && extent >= entries) {
                whole = true;
                del = entries;
            } else if (extent + offset >= entries) {
                del = entries - offset;
            } else {
                del = extent;
            }
            if (whole || isPlain(node)) {
                deleteNode(node);
            } else {
                boolean wasCompressed = isCompressed(node);
                byte[] lp = raw(node);
                int p = entryAt(lp, offset, entries);
                int q = p;
                for (long j = 0; j < del; j++) {
                    q += Listpack.entrySize(lp, q);
                }
                storeChanged(node, Listpack.splice(lp, p, q, (int) del), entries - (int) del, wasCompressed);
                count -= del;
                node++;
            }
            extent -= del;
            offset = 0;
        }
    }

    /**
     * Removes up to {@code limit} elements equal to {@code value}, from the head or from the tail
     * (LREM through quicklistDelEntry: entries go one by one, emptied nodes go, nothing merges).
     *
     * @return how many were removed
     */
    public long removeMatching(byte[] value, Long asInt, long limit, boolean fromTail) {
        long removed = 0;
        if (!fromTail) {
            for (int node = 0; node < len && removed < limit; ) {
                int before = len;
                removed += removeInNode(node, value, asInt, limit - removed, false);
                if (len == before) {
                    node++;
                }
            }
        } else {
            for (int node = len - 1; node >= 0 && removed < limit; node--) {
                removed += removeInNode(node, value, asInt, limit - removed, true);
            }
        }
        if (removed > 0) {
            modCount++;
        }
        return removed;
    }

    private long removeInNode(int node, byte[] value, Long asInt, long limit, boolean fromTail) {
        if (isPlain(node)) {
            if (Arrays.equals(nodes[slot(node)], value)) {
                deleteNode(node);
                return 1;
            }
            return 0;
        }
        boolean wasCompressed = isCompressed(node);
        byte[] lp = raw(node);
        int n = nodeEntries(node);
        boolean[] drop = null;
        int removed = 0;
        if (!fromTail) {
            for (int p = Listpack.first(lp); p >= 0 && removed < limit; p = Listpack.next(lp, p)) {
                if (Listpack.equalsEntry(lp, p, value, asInt)) {
                    drop = mark(drop, p, lp);
                    removed++;
                }
            }
        } else {
            for (int p = Listpack.last(lp); p >= 0 && removed < limit; p = Listpack.prev(lp, p)) {
                if (Listpack.equalsEntry(lp, p, value, asInt)) {
                    drop = mark(drop, p, lp);
                    removed++;
                }
            }
        }
        if (removed == 0) {
            return 0;
        }
        if (removed == n) {
            deleteNode(node);
            return removed;
        }
        // Rebuild the node's bytes without the dropped entries, in one pass.
        byte[] out = new byte[lp.length];
        System.arraycopy(lp, 0, out, 0, Listpack.HEADER_SIZE);
        int w = Listpack.HEADER_SIZE;
        for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, p)) {
            int es = Listpack.entrySize(lp, p);
            if (!drop[p]) {
                System.arraycopy(lp, p, out, w, es);
                w += es;
            }
        }
        out[w++] = (byte) Listpack.EOF;
        byte[] fresh = Arrays.copyOf(out, w);
        putU32(fresh, 0, w);
        int c = n - removed;
        fresh[4] = (byte) c;
        fresh[5] = (byte) (c >>> 8);
        storeChanged(node, fresh, c, wasCompressed);
        count -= removed;
        return removed;
    }

    /** Marks the entry at byte offset {@code p} for removal. */
    private static boolean[] mark(boolean[] drop, int p, byte[] lp) {
        boolean[] d = drop == null ? new boolean[lp.length] : drop;
        d[p] = true;
        return d;
    }

    // ---------------------------------------------------------------- nodes from outside

    /**
     * quicklistAppendListpack: adopts a listpack (validated by the caller) as a new tail node,
     * whatever its size, as RDB loading does. An empty listpack is skipped, as Redis skips it.
     */
    public void appendListpackNode(byte[] lp, int entries) {
        if (entries == 0) {
            return;
        }
        modCount++;
        insertNode(len, lp, entries, len - 1);
        count += entries;
    }

    /** quicklistAppendPlainNode: a PLAIN node of one element as the new tail. */
    public void appendPlainNode(byte[] element) {
        modCount++;
        insertNode(len, element, PLAIN | 1, len - 1);
        count++;
    }

    /** A view of one node for writers and DEBUG QUICKLIST. */
    public record Node(boolean plain, boolean compressed, int size, int entries, byte[] bytes) {
    }

    /** Node {@code i} with its raw (decompressed) bytes: a listpack, or the PLAIN element. */
    public Node node(int i) {
        if (i < 0 || i >= len) {
            throw new IndexOutOfBoundsException("node " + i + ", nodes " + len);
        }
        return new Node(isPlain(i), isCompressed(i), nodeSize(i), nodeEntries(i), raw(i));
    }

    /**
     * Heap bytes of the representation (the two node arrays, the node bytes, this object),
     * estimated for a 64-bit JVM with compressed references: 16-byte array headers, 8-byte
     * alignment. Node arrays are shared with copies; each copy counts them.
     */
    public long heapBytes() {
        long total = 48 + align(16 + 4L * nodes.length) + align(16 + 4L * meta.length);
        for (int i = 0; i < len; i++) {
            total += align(16 + nodes[slot(i)].length);
        }
        return total;
    }

    /**
     * This quicklist's heap bytes as Redis's objectComputeSize estimates a quicklist: its ring
     * arrays plus the first {@code samples} nodes (0: all) scaled to the node count, O(samples).
     */
    public long memoryUsage(int samples) {
        long n = dev.tandem.core.internal.MemoryLayout.sampleLimit(samples, len);
        long sampled = 0;
        for (int i = 0; i < n; i++) {
            sampled += dev.tandem.core.internal.MemoryLayout.byteArray(nodes[slot(i)].length);
        }
        return dev.tandem.core.internal.MemoryLayout.shallow(Quicklist.class)
                + dev.tandem.core.internal.MemoryLayout.referenceArray(nodes.length)
                + dev.tandem.core.internal.MemoryLayout.intArray(meta.length)
                + dev.tandem.core.internal.MemoryLayout.extrapolate(sampled, (int) n, len);
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** Head to tail; fails fast if the list changes during the iteration. */
    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private final int expectedMod = modCount;
            private int node;
            private byte[] lp;
            private int pos = -1;

            @Override
            public boolean hasNext() {
                return node < len;
            }

            @Override
            public byte[] next() {
                if (modCount != expectedMod) {
                    throw new ConcurrentModificationException();
                }
                if (node >= len) {
                    throw new NoSuchElementException();
                }
                if (lp == null) {
                    lp = view(node);
                    if (isPlain(node)) {
                        byte[] v = lp;
                        lp = null;
                        node++;
                        return v;
                    }
                    pos = Listpack.first(lp);
                }
                byte[] v = Listpack.bytes(lp, pos);
                pos = Listpack.next(lp, pos);
                if (pos < 0) {
                    lp = null;
                    node++;
                }
                return v;
            }
        };
    }

    private static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static void putU32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
