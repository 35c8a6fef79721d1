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

    /** A table slot's chain link; the entry handed to scan and iteration callbacks. */
    public static final class Node<K, V> {
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

    private Node<K, V>[] table;
    private int size;
    /**
     * {@code chainsOfLength[n]}: how many buckets hold exactly n nodes (index 0 unused). Kept so
     * that {@link #longestChain} is exact after removals too, which the uniform pick relies on.
     */
    private int[] chainsOfLength = new int[4];
    private int longestChain;
    /** Bumped on every structural change; iterators fail fast instead of yielding garbage. */
    private int modCount;

    public Dict() {
        this(MIN_CAPACITY);
    }

    public Dict(int expectedSize) {
        int cap = MIN_CAPACITY;
        // Pre-sizing is capped: callers may pass a length claimed by untrusted input.
        int want = Math.min(Math.max(expectedSize, MIN_CAPACITY), 1 << 20);
        while (cap < want) {
            cap <<= 1;
        }
        table = newTable(cap);
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

    public Node<K, V> node(Object key) {
        int h = hash(key);
        for (Node<K, V> n = table[h & (table.length - 1)]; n != null; n = n.next) {
            if (n.hash == h && n.key.equals(key)) {
                return n;
            }
        }
        return null;
    }

    /** Inserts or replaces; returns the previous value or null. */
    public V put(K key, V value) {
        int h = hash(key);
        int idx = h & (table.length - 1);
        int chain = 0;
        for (Node<K, V> n = table[idx]; n != null; n = n.next) {
            if (n.hash == h && n.key.equals(key)) {
                V old = n.value;
                n.value = value;
                return old;
            }
            chain++;
        }
        table[idx] = new Node<>(key, h, value, table[idx]);
        chainChanged(chain, chain + 1);
        size++;
        modCount++;
        if (size > table.length) {
            resize(table.length << 1);
        }
        return null;
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
        int h = hash(key);
        int idx = h & (table.length - 1);
        Node<K, V> prev = null;
        for (Node<K, V> n = table[idx]; n != null; prev = n, n = n.next) {
            if (n.hash == h && n.key.equals(key)) {
                int chain = chainLength(table[idx]);
                if (prev == null) {
                    table[idx] = n.next;
                } else {
                    prev.next = n.next;
                }
                chainChanged(chain, chain - 1);
                size--;
                modCount++;
                // Shrink like Redis (fill below 10%), so a table emptied by DELs gives memory back.
                if (table.length > MIN_CAPACITY && size * 10 < table.length) {
                    int cap = MIN_CAPACITY;
                    while (cap < size) {
                        cap <<= 1;
                    }
                    resize(cap);
                }
                return n.value;
            }
        }
        return null;
    }

    public void clear() {
        table = newTable(MIN_CAPACITY);
        chainsOfLength = new int[4];
        longestChain = 0;
        size = 0;
        modCount++;
    }

    private void resize(int capacity) {
        Node<K, V>[] old = table;
        Node<K, V>[] fresh = newTable(capacity);
        int mask = capacity - 1;
        for (Node<K, V> head : old) {
            for (Node<K, V> n = head; n != null; ) {
                Node<K, V> next = n.next;
                int idx = n.hash & mask;
                n.next = fresh[idx];
                fresh[idx] = n;
                n = next;
            }
        }
        table = fresh;
        chainsOfLength = new int[4];
        longestChain = 0;
        for (Node<K, V> head : fresh) {
            chainChanged(0, chainLength(head));
        }
        modCount++;
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
     */
    public long scan(long cursor, BiConsumer<K, V> visitor) {
        if (size == 0) {
            return 0;
        }
        Node<K, V>[] t = table;
        long mask = t.length - 1;
        for (Node<K, V> n = t[(int) (cursor & mask)]; n != null; n = n.next) {
            visitor.accept(n.key, n.value);
        }
        // Set the unmasked bits so incrementing the reversed cursor operates on masked bits.
        cursor |= ~mask;
        cursor = Long.reverse(cursor);
        cursor++;
        cursor = Long.reverse(cursor);
        return cursor;
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
        for (int draw = 0; draw < MAX_RANDOM_DRAWS; draw++) {
            Node<K, V> n = table[random.nextInt(table.length)];
            for (int pos = random.nextInt(longestChain); n != null && pos > 0; pos--) {
                n = n.next;
            }
            if (n != null) {
                return n;
            }
        }
        return nodeAt(random.nextInt(size));
    }

    /** The element at {@code index} in table order: O(size), uniform when the index is. */
    private Node<K, V> nodeAt(int index) {
        for (Node<K, V> head : table) {
            for (Node<K, V> n = head; n != null; n = n.next) {
                if (index-- == 0) {
                    return n;
                }
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
        for (Node<K, V> head : table) {
            for (Node<K, V> n = head; n != null; n = n.next) {
                action.accept(n.key, n.value);
            }
        }
    }

    @Override
    public Iterator<Node<K, V>> iterator() {
        return new Iterator<>() {
            private final int expectedMod = modCount;
            private final Node<K, V>[] t = table;
            private int bucket = -1;
            private Node<K, V> next = advance(null);

            private Node<K, V> advance(Node<K, V> from) {
                if (from != null && from.next != null) {
                    return from.next;
                }
                while (++bucket < t.length) {
                    if (t[bucket] != null) {
                        return t[bucket];
                    }
                }
                return null;
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

    /** Table capacity, exposed for tests and memory accounting. */
    int capacity() {
        return table.length;
    }
}
