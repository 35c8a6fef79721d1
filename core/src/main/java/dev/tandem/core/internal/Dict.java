/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A chained hash table with Redis's dictScan cursor semantics, the one structure behind the
 * keyspace, hashes and sets.
 *
 * <p>Why not {@link java.util.HashMap}: SCAN/HSCAN/SSCAN and the forkless snapshot walk must
 * resume iteration across writes, which a Java iterator cannot do. The reverse-binary cursor
 * of {@link #scan} guarantees that every element present for the whole iteration is visited
 * at least once, even when the table grows or shrinks between calls. It also gives cheap
 * random sampling (RANDOMKEY, SPOP, the active expiry cycle).
 *
 * <p>Not thread-safe: the keyspace's lock serializes writers against readers.
 */
public final class Dict<K, V> implements Iterable<Dict.Node<K, V>> {
    private static final int MIN_CAPACITY = 4;

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
        for (Node<K, V> n = table[idx]; n != null; n = n.next) {
            if (n.hash == h && n.key.equals(key)) {
                V old = n.value;
                n.value = value;
                return old;
            }
        }
        table[idx] = new Node<>(key, h, value, table[idx]);
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
                if (prev == null) {
                    table[idx] = n.next;
                } else {
                    prev.next = n.next;
                }
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
        modCount++;
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

    /** A uniformly chosen bucket, then a uniformly chosen element of its chain (as Redis). */
    public Node<K, V> randomNode(RandomGenerator random) {
        if (size == 0) {
            return null;
        }
        Node<K, V> head;
        do {
            head = table[random.nextInt(table.length)];
        } while (head == null);
        int len = 0;
        for (Node<K, V> n = head; n != null; n = n.next) {
            len++;
        }
        int pick = random.nextInt(len);
        Node<K, V> n = head;
        while (pick-- > 0) {
            n = n.next;
        }
        return n;
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
