/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A chained hash table with Redis's dictScan cursor semantics, the one structure behind the
 * keyspace, hashes and sets.
 *
 * <p>Why not {@link java.util.HashMap}: SCAN/HSCAN/SSCAN and the forkless snapshot walk must
 * resume iteration across writes, which a Java iterator cannot do. The reverse-binary cursor
 * of {@link #scan} guarantees that every element present for the whole iteration is visited
 * at least once, even when the table grows or shrinks between calls.
 *
 * <p>It is also the one place where anything is chosen at random (RANDOMKEY, SPOP, SRANDMEMBER,
 * HRANDFIELD, for every encoding, since the compact encodings are tracked, not stored
 * differently): {@link #randomNode} and {@link #randomDistinctNodes} pick every element with the
 * same probability whatever the lengths of the chains (issue #22).
 *
 * <p>Resizing is incremental, as Redis's dict.c: a grow (past one element per bucket) or a
 * shrink (below 10%) allocates the new table and leaves both in place; every put and remove
 * then moves one bucket of the old table, and the owner's cron may move more within a time
 * budget ({@link #rehashFor}). No single operation pays O(n) for a resize; lookups look in
 * both tables, new elements go to the new one. Reads never move buckets (readers share the
 * keyspace's read lock), so a table that stops being written stays two-tabled until the cron
 * or the next write finishes the move.
 *
 * <p>Not thread-safe: the keyspace's lock serializes writers against readers.
 */
public final class Dict<K, V> implements Iterable<Dict.Node<K, V>> {
    private static final int MIN_CAPACITY = 4;
    /**
     * Draws {@link #randomNode} makes before it walks to a random index instead. With the load
     * factor between 0.1 and 1 (remove shrinks a table below 10%) and chains as short as
     * {@link dev.tandem.core.Key}'s spread hashes make them, a draw succeeds on average within
     * ten times the longest chain; only a table with one abnormally long chain (colliding
     * hashes) gets here, and that table is already linear.
     */
    private static final int MAX_RANDOM_DRAWS = 1024;

    /**
     * A table slot's chain link; the entry handed to scan and iteration callbacks. The keyspace
     * extends it ({@link Entry}) so that a key costs one object with its TTL and snapshot epoch,
     * not a node plus an entry (issue #13).
     */
    public static class Node<K, V> {
        final K key;
        final int hash;
        V value;
        Node<K, V> next;

        Node(K key, int hash, V value, Node<K, V> next) {
            this.key = key;
            this.hash = hash;
            this.value = value;
            this.next = next;
        }

        public K key() {
            return key;
        }

        public V value() {
            return value;
        }

        public void setValue(V value) {
            this.value = value;
        }
    }

    /**
     * The main table; while a rehash is in progress, the old one, emptied bucket by bucket from
     * index 0 up to {@link #rehashIdx}.
     */
    private Node<K, V>[] table;
    /** The table being filled by a rehash in progress, or null (Redis's {@code ht_table[1]}). */
    private Node<K, V>[] target;
    /** Next bucket of {@link #table} to move into {@link #target}; -1 when not rehashing. */
    private int rehashIdx = -1;
    private int size;
    /**
     * {@code chainsOfLength[n]}: how many buckets (of both tables) hold exactly n nodes (index 0
     * unused). Kept so that {@link #longestChain} is exact after removals and rehash steps too,
     * which the uniform pick relies on.
     */
    private int[] chainsOfLength = new int[4];
    private int longestChain;
    /** Bumped on every structural change; iterators fail fast instead of yielding garbage. */
    private int modCount;

    public Dict() {
        this(MIN_CAPACITY);
    }

    public Dict(int expectedSize) {
        table = newTable(capacityFor(Math.min(expectedSize, MAX_PRESIZE)));
    }

    /**
     * Pre-sizing is capped: callers may pass a length claimed by untrusted input (an RDB's
     * collection length). {@link #expand} takes larger figures from trusted callers.
     */
    private static final int MAX_PRESIZE = 1 << 20;
    /** The largest power-of-two array Java allows. */
    private static final int MAX_CAPACITY = 1 << 30;

    private static int capacityFor(long elements) {
        int cap = MIN_CAPACITY;
        while (cap < elements && cap < MAX_CAPACITY) {
            cap <<= 1;
        }
        return cap;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Node<K, V>[] newTable(int capacity) {
        return (Node<K, V>[]) new Node[capacity];
    }

    private static int hash(Object key) {
        return key.hashCode();
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public V get(Object key) {
        Node<K, V> n = node(key);
        return n == null ? null : n.value;
    }

    public boolean containsKey(Object key) {
        return node(key) != null;
    }

    /**
     * The node of {@code key}, or null. A pure read (no rehash step, unlike Redis's dictFind):
     * readers run concurrently under the keyspace's read lock, so only writers move buckets.
     */
    public Node<K, V> node(Object key) {
        int h = hash(key);
        Node<K, V> n = find(table, h, key);
        if (n == null && target != null) {
            n = find(target, h, key);
        }
        return n;
    }

    private static <K, V> Node<K, V> find(Node<K, V>[] t, int h, Object key) {
        for (Node<K, V> n = t[h & (t.length - 1)]; n != null; n = n.next) {
            if (n.hash == h && n.key.equals(key)) {
                return n;
            }
        }
        return null;
    }

    /** Inserts or replaces; returns the previous value or null. */
    public V put(K key, V value) {
        Node<K, V> existing = node(key);
        if (existing != null) {
            rehashStep();
            V old = existing.value;
            existing.value = value;
            return old;
        }
        link(new Node<>(key, hash(key), value, null));
        return null;
    }

    /**
     * Inserts {@code node} (its hash must be its key's {@code hashCode}) unless its key is
     * present; returns the present node, or null when inserted. For callers that keep their own
     * node subclass.
     */
    public Node<K, V> putNodeIfAbsent(Node<K, V> node) {
        Node<K, V> existing = node(node.key);
        if (existing != null) {
            return existing;
        }
        link(node);
        return null;
    }

    private void link(Node<K, V> node) {
        rehashStep();
        // New keys go to the table being filled, so the old one only ever empties (Redis too).
        Node<K, V>[] t = target != null ? target : table;
        int idx = node.hash & (t.length - 1);
        int chain = chainLength(t[idx]);
        node.next = t[idx];
        t[idx] = node;
        chainChanged(chain, chain + 1);
        size++;
        modCount++;
        if (target == null && size > table.length && table.length < MAX_CAPACITY) {
            startRehash(table.length << 1);
        }
    }

    /** Inserts only if absent; returns the existing value, or null when inserted. */
    public V putIfAbsent(K key, V value) {
        Node<K, V> n = node(key);
        if (n != null) {
            return n.value;
        }
        put(key, value);
        return null;
    }

    public V remove(Object key) {
        rehashStep();
        int h = hash(key);
        V removed = unlink(table, h, key);
        if (removed == null && target != null) {
            removed = unlink(target, h, key);
        }
        return removed;
    }

    private V unlink(Node<K, V>[] t, int h, Object key) {
        int idx = h & (t.length - 1);
        Node<K, V> prev = null;
        for (Node<K, V> n = t[idx]; n != null; prev = n, n = n.next) {
            if (n.hash == h && n.key.equals(key)) {
                int chain = chainLength(t[idx]);
                if (prev == null) {
                    t[idx] = n.next;
                } else {
                    prev.next = n.next;
                }
                chainChanged(chain, chain - 1);
                size--;
                modCount++;
                // Shrink like Redis (fill below 10%), so a table emptied by DELs gives memory back.
                if (target == null && table.length > MIN_CAPACITY && size * 10 < table.length) {
                    startRehash(capacityFor(size));
                }
                return n.value;
            }
        }
        return null;
    }

    public void clear() {
        table = newTable(MIN_CAPACITY);
        target = null;
        rehashIdx = -1;
        chainsOfLength = new int[4];
        longestChain = 0;
        size = 0;
        modCount++;
    }

    /**
     * Grows the table at once to hold {@code expectedSize} elements without a rehash (Redis's
     * dictExpand from RESIZEDB). Only for an empty table (a loader's fresh one), where there is
     * nothing to move; ignored otherwise, and for sizes the table already holds.
     */
    public void expand(long expectedSize) {
        if (size != 0 || target != null) {
            return;
        }
        int cap = capacityFor(expectedSize);
        if (cap > table.length) {
            table = newTable(cap);
            modCount++;
        }
    }

    /**
     * This class's own instance size, read once: {@link #tableBytes()} runs for every database
     * after every write (used_memory), and a {@code ClassValue} lookup each time cost ~10% of
     * a write's CPU under redis-benchmark.
     */
    private static final long SHALLOW_BYTES = MemoryLayout.shallow(Dict.class);
    /** A node's own instance size, read once (see {@link #SHALLOW_BYTES}). */
    static final long NODE_BYTES = MemoryLayout.shallow(Node.class);

    /** Heap bytes of the table object and its arrays (both while rehashing), without the nodes: O(1). */
    public long tableBytes() {
        return SHALLOW_BYTES + MemoryLayout.referenceArray(table.length)
                + (target == null ? 0 : MemoryLayout.referenceArray(target.length))
                + MemoryLayout.intArray(chainsOfLength.length);
    }

    /**
     * Estimated heap bytes of this table with its nodes (memory accounting, MEMORY USAGE):
     * {@link #tableBytes()}, plus the first {@code samples} nodes' own sizes and
     * {@code elementBytes} of their key and value, scaled to the size ({@code samples} 0: all).
     * O(samples) plus the empty buckets before them.
     */
    public long memoryUsage(int samples, java.util.function.ToLongBiFunction<K, V> elementBytes) {
        long fixed = tableBytes();
        long limit = MemoryLayout.sampleLimit(samples, size);
        long sampled = 0;
        int seen = 0;
        long node = MemoryLayout.shallow(Node.class);
        for (Iterator<Node<K, V>> it = iterator(); seen < limit && it.hasNext(); seen++) {
            Node<K, V> n = it.next();
            sampled += node + elementBytes.applyAsLong(n.key, n.value);
        }
        return fixed + MemoryLayout.extrapolate(sampled, seen, size);
    }

    /** Whether a rehash is in progress (two tables). */
    public boolean isRehashing() {
        return target != null;
    }

    /**
     * Tables up to this many buckets are moved in one go: that is a bounded, tiny amount of work,
     * and a small collection left mid-rehash would keep two arrays alive until its next write.
     */
    private static final int MOVE_AT_ONCE_BUCKETS = 128;

    private void startRehash(int capacity) {
        if (capacity == table.length) {
            return;
        }
        target = newTable(capacity);
        rehashIdx = 0;
        modCount++;
        if (table.length <= MOVE_AT_ONCE_BUCKETS) {
            rehash(table.length);
        }
    }

    /**
     * One step of the incremental rehash, as Redis's _dictRehashStep: every put and remove moves
     * one bucket, so no single write pays for moving the whole table.
     */
    private void rehashStep() {
        if (target != null) {
            rehash(1);
        }
    }

    /**
     * Moves up to {@code buckets} non-empty buckets of the old table into the new one, visiting
     * at most ten times as many empty ones (Redis's dictRehash bound, so a sparse table after a
     * shrink does not make one call long). Returns whether a rehash is still in progress.
     */
    public boolean rehash(int buckets) {
        if (target == null) {
            return false;
        }
        int emptyVisits = buckets * 10;
        int mask = target.length - 1;
        while (buckets-- > 0 && rehashIdx < table.length) {
            while (rehashIdx < table.length && table[rehashIdx] == null) {
                rehashIdx++;
                if (--emptyVisits == 0) {
                    break;
                }
            }
            if (rehashIdx >= table.length || emptyVisits == 0) {
                break;
            }
            Node<K, V> n = table[rehashIdx];
            chainChanged(chainLength(n), 0);
            table[rehashIdx] = null;
            while (n != null) {
                Node<K, V> next = n.next;
                int idx = n.hash & mask;
                int chain = chainLength(target[idx]);
                n.next = target[idx];
                target[idx] = n;
                chainChanged(chain, chain + 1);
                n = next;
            }
            rehashIdx++;
        }
        modCount++;
        if (rehashIdx >= table.length) {
            table = target;
            target = null;
            rehashIdx = -1;
            return false;
        }
        return true;
    }

    /**
     * Rehashes in steps of 100 buckets until done or {@code budgetNanos} has passed (Redis's
     * dictRehashMilliseconds, which the cron calls so that an idle table finishes its rehash
     * without waiting for writes). Returns whether a rehash is still in progress.
     */
    public boolean rehashFor(long budgetNanos, java.util.function.LongSupplier nanoTime) {
        long start = nanoTime.getAsLong();
        while (rehash(100)) {
            if (nanoTime.getAsLong() - start > budgetNanos) {
                return true;
            }
        }
        return false;
    }

    private static int chainLength(Node<?, ?> head) {
        int len = 0;
        for (Node<?, ?> n = head; n != null; n = n.next) {
            len++;
        }
        return len;
    }

    /** Books one bucket's chain going from {@code from} to {@code to} nodes. */
    private void chainChanged(int from, int to) {
        if (from > 0) {
            chainsOfLength[from]--;
        }
        if (to > 0) {
            if (to >= chainsOfLength.length) {
                chainsOfLength = Arrays.copyOf(chainsOfLength,
                        Math.max(to + 1, chainsOfLength.length * 2));
            }
            chainsOfLength[to]++;
        }
        if (to > longestChain) {
            longestChain = to;
        }
        while (longestChain > 0 && chainsOfLength[longestChain] == 0) {
            longestChain--;
        }
    }

    /**
     * Visits the bucket(s) at {@code cursor} and returns the next cursor, 0 when done
     * (Redis's dictScan: the cursor's bits are incremented from the high end, so buckets that
     * split or merge on resize are neither skipped nor, mostly, revisited).
     *
     * <p>While a rehash is in progress, the cursor's bucket of the smaller table is visited and
     * then every bucket of the larger table that it expands to (the indices sharing its low
     * bits), so an element is seen whichever of the two tables holds it at the time.
     */
    public long scan(long cursor, BiConsumer<K, V> visitor) {
        return scanNodes(cursor, n -> visitor.accept(n.key, n.value));
    }

    /** {@link #scan} handing over the nodes themselves. */
    public long scanNodes(long cursor, java.util.function.Consumer<? super Node<K, V>> visitor) {
        if (size == 0) {
            return 0;
        }
        if (target == null) {
            Node<K, V>[] t = table;
            long mask = t.length - 1;
            visitBucket(t[(int) (cursor & mask)], visitor);
            return nextCursor(cursor, mask);
        }
        Node<K, V>[] small = table.length <= target.length ? table : target;
        Node<K, V>[] large = small == table ? target : table;
        long m0 = small.length - 1;
        long m1 = large.length - 1;
        visitBucket(small[(int) (cursor & m0)], visitor);
        do {
            visitBucket(large[(int) (cursor & m1)], visitor);
            cursor = nextCursor(cursor, m1);
            // Continue while the bits the larger mask adds are not back to zero.
        } while ((cursor & (m0 ^ m1)) != 0);
        return cursor;
    }

    private static <K, V> void visitBucket(Node<K, V> head,
                                           java.util.function.Consumer<? super Node<K, V>> visitor) {
        for (Node<K, V> n = head; n != null; n = n.next) {
            visitor.accept(n);
        }
    }

    /** Increments the reversed cursor over the bits of {@code mask}. */
    private static long nextCursor(long cursor, long mask) {
        // Set the unmasked bits so incrementing the reversed cursor operates on masked bits.
        cursor |= ~mask;
        cursor = Long.reverse(cursor);
        cursor++;
        return Long.reverse(cursor);
    }

    /**
     * An element chosen uniformly at random, or null when empty.
     *
     * <p>Picking a random bucket and then a random element of its chain, as Redis's
     * {@code dictGetRandomKey} does, favours the elements of short chains: in a table of 16
     * buckets holding 10 elements, one alone in its bucket comes up three times as often as
     * one sharing its bucket with two others (issue #22). Redis softens that with
     * {@code dictGetFairRandomKey} (one pick among a sample of neighbouring buckets), which
     * is fairer but still not uniform. Here every draw is a random bucket and a random
     * position below the longest chain's length; a draw that lands past the end of its chain
     * is discarded and drawn again. Each element owns exactly one (bucket, position) pair of
     * the same probability, so an accepted draw is exactly uniform.
     */
    public Node<K, V> randomNode(RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        // While rehashing, the candidate buckets are the old table's not yet moved and all of
        // the new table's: every element is in exactly one of them, and the moved buckets
        // (all empty) are left out so that they do not waste draws.
        int fromOld = target == null ? table.length : table.length - rehashIdx;
        int buckets = fromOld + (target == null ? 0 : target.length);
        for (int draw = 0; draw < MAX_RANDOM_DRAWS; draw++) {
            int b = random.nextInt(buckets);
            Node<K, V> n = b < fromOld ? table[table.length - fromOld + b] : target[b - fromOld];
            for (int pos = random.nextInt(longestChain); n != null && pos > 0; pos--) {
                n = n.next;
            }
            if (n != null) {
                return n;
            }
        }
        return nodeAt(random.nextInt(size));
    }

    /** The element at {@code index} in iteration order: O(size), uniform when the index is. */
    private Node<K, V> nodeAt(int index) {
        for (Node<K, V> n : this) {
            if (index-- == 0) {
                return n;
            }
        }
        throw new IllegalStateException("size out of step with the table");
    }

    /**
     * {@code count} distinct elements, every subset of that size equally likely; all the
     * elements when {@code count >= size()}. This is the positive-count path of SRANDMEMBER,
     * HRANDFIELD and SPOP, shaped as Redis's: for a count close to the size (more than a third)
     * a walk over a copy of the table (Redis copies the set and removes random elements until
     * {@code count} remain), otherwise uniform picks with repeats skipped.
     */
    public List<Node<K, V>> randomDistinctNodes(int count, RandomGenerator random) {
        if (count <= 0) {
            return List.of();
        }
        if (count >= size) {
            List<Node<K, V>> all = new ArrayList<>(size);
            iterator().forEachRemaining(all::add);
            return all;
        }
        List<Node<K, V>> picked = new ArrayList<>(count);
        if ((long) count * 3 > size) {
            // A partial Fisher-Yates shuffle of the copy: its first count slots are the sample.
            List<Node<K, V>> all = new ArrayList<>(size);
            iterator().forEachRemaining(all::add);
            for (int i = 0; i < count; i++) {
                Collections.swap(all, i, i + random.nextInt(size - i));
                picked.add(all.get(i));
            }
            return picked;
        }
        // Nodes are compared by identity: one node is one element.
        Set<Node<K, V>> seen = Collections.newSetFromMap(new IdentityHashMap<>(count * 2));
        while (picked.size() < count) {
            Node<K, V> n = randomNode(random);
            if (seen.add(n)) {
                picked.add(n);
            }
        }
        return picked;
    }

    /** The length of the longest chain, exposed for tests. */
    int longestChain() {
        return longestChain;
    }

    public void forEach(BiConsumer<? super K, ? super V> action) {
        forEachIn(table, action);
        if (target != null) {
            forEachIn(target, action);
        }
    }

    private static <K, V> void forEachIn(Node<K, V>[] t, BiConsumer<? super K, ? super V> action) {
        for (Node<K, V> head : t) {
            for (Node<K, V> n = head; n != null; n = n.next) {
                action.accept(n.key, n.value);
            }
        }
    }

    /** Every node, the old table's then (while rehashing) the new one's; fails fast on change. */
    @Override
    public Iterator<Node<K, V>> iterator() {
        return new Iterator<>() {
            private final int expectedMod = modCount;
            private final Node<K, V>[] first = table;
            private final Node<K, V>[] second = target;
            private Node<K, V>[] t = first;
            private int bucket = -1;
            private Node<K, V> next = advance(null);

            private Node<K, V> advance(Node<K, V> from) {
                if (from != null && from.next != null) {
                    return from.next;
                }
                while (true) {
                    while (++bucket < t.length) {
                        if (t[bucket] != null) {
                            return t[bucket];
                        }
                    }
                    if (t != first || second == null) {
                        return null;
                    }
                    t = second;
                    bucket = -1;
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Node<K, V> next() {
                if (modCount != expectedMod) {
                    throw new java.util.ConcurrentModificationException();
                }
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Node<K, V> n = next;
                next = advance(n);
                return n;
            }
        };
    }

    /** Table capacity (the new table's while rehashing), exposed for tests and memory accounting. */
    int capacity() {
        return target != null ? target.length : table.length;
    }

    /**
     * The length of every non-empty chain of both tables, walked from the arrays (not from the
     * bookkeeping), for tests that check {@link #longestChain}.
     */
    List<Integer> chainLengths() {
        List<Integer> out = new ArrayList<>();
        addChainLengths(table, out);
        if (target != null) {
            addChainLengths(target, out);
        }
        return out;
    }

    private static void addChainLengths(Node<?, ?>[] t, List<Integer> out) {
        for (Node<?, ?> head : t) {
            if (head != null) {
                out.add(chainLength(head));
            }
        }
    }
}
