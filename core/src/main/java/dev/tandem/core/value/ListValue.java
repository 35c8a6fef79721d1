/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A list value: a deque of binary-safe elements in a growable ring buffer, so pushes and pops
 * at both ends and access by index are O(1); inserting or removing in the middle is O(n).
 *
 * <p>Elements are never mutated once stored (commands replace an element by storing another
 * array), so {@link #deepCopy()} shares the element arrays and copies only the ring.
 *
 * <p>Indexes are 0-based from the head. Not thread-safe: the keyspace lock serializes access,
 * and readers such as the RDB writer and the digest iterate head to tail under that lock.
 */
public final class ListValue implements RedisValue, Iterable<byte[]> {
    private static final int MIN_CAPACITY = 8;

    private byte[][] ring;
    /** Ring index of element 0. */
    private int head;
    private int size;
    /** Bumped on every structural change so that iterators fail fast. */
    private int modCount;

    public ListValue() {
        ring = new byte[MIN_CAPACITY][];
    }

    /**
     * An empty list with room for {@code expectedSize} elements. The hint is capped, since it
     * may come from untrusted input (an RDB length); the ring grows as elements arrive.
     */
    public ListValue(int expectedSize) {
        int cap = MIN_CAPACITY;
        int want = Math.min(Math.max(expectedSize, MIN_CAPACITY), 1 << 16);
        while (cap < want) {
            cap <<= 1;
        }
        ring = new byte[cap][];
    }

    private ListValue(byte[][] ring, int size) {
        this.ring = ring;
        this.size = size;
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private int slot(int index) {
        return (head + index) & (ring.length - 1);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
    }

    /** The element at {@code index} (0 = head); the array is shared, do not mutate it. */
    public byte[] get(int index) {
        checkIndex(index);
        return ring[slot(index)];
    }

    /** Replaces the element at {@code index}; returns the previous one. */
    public byte[] set(int index, byte[] element) {
        checkIndex(index);
        int s = slot(index);
        byte[] old = ring[s];
        ring[s] = requireElement(element);
        return old;
    }

    public byte[] first() {
        return size == 0 ? null : ring[head];
    }

    public byte[] last() {
        return size == 0 ? null : ring[slot(size - 1)];
    }

    /** Pushes at the head (LPUSH). The array is stored, not copied. */
    public void addFirst(byte[] element) {
        requireElement(element);
        growIfFull();
        head = (head - 1) & (ring.length - 1);
        ring[head] = element;
        size++;
        modCount++;
    }

    /** Pushes at the tail (RPUSH). The array is stored, not copied. */
    public void addLast(byte[] element) {
        requireElement(element);
        growIfFull();
        ring[slot(size)] = element;
        size++;
        modCount++;
    }

    /** Pops the head, or returns null when empty. */
    public byte[] removeFirst() {
        if (size == 0) {
            return null;
        }
        byte[] e = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        modCount++;
        shrinkIfSparse();
        return e;
    }

    /** Pops the tail, or returns null when empty. */
    public byte[] removeLast() {
        if (size == 0) {
            return null;
        }
        int s = slot(size - 1);
        byte[] e = ring[s];
        ring[s] = null;
        size--;
        modCount++;
        shrinkIfSparse();
        return e;
    }

    /** Inserts so that the element ends up at {@code index} (0..size); shifts the shorter side. */
    public void insert(int index, byte[] element) {
        if (index < 0 || index > size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        requireElement(element);
        if (index == 0) {
            addFirst(element);
            return;
        }
        if (index == size) {
            addLast(element);
            return;
        }
        growIfFull();
        if (index < size / 2) {
            head = (head - 1) & (ring.length - 1);
            for (int i = 0; i < index; i++) {
                ring[slot(i)] = ring[slot(i + 1)];
            }
        } else {
            for (int i = size; i > index; i--) {
                ring[slot(i)] = ring[slot(i - 1)];
            }
        }
        ring[slot(index)] = element;
        size++;
        modCount++;
    }

    /** Removes and returns the element at {@code index}; shifts the shorter side. */
    public byte[] removeAt(int index) {
        checkIndex(index);
        byte[] e = ring[slot(index)];
        if (index < size / 2) {
            for (int i = index; i > 0; i--) {
                ring[slot(i)] = ring[slot(i - 1)];
            }
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
        } else {
            for (int i = index; i < size - 1; i++) {
                ring[slot(i)] = ring[slot(i + 1)];
            }
            ring[slot(size - 1)] = null;
        }
        size--;
        modCount++;
        shrinkIfSparse();
        return e;
    }

    /** Removes {@code count} elements from the head (LTRIM, LPOP with a count). */
    public void removeFirst(int count) {
        checkCount(count);
        for (int i = 0; i < count; i++) {
            ring[slot(i)] = null;
        }
        head = slot(count);
        size -= count;
        modCount++;
        shrinkIfSparse();
    }

    /** Removes {@code count} elements from the tail. */
    public void removeLast(int count) {
        checkCount(count);
        for (int i = size - count; i < size; i++) {
            ring[slot(i)] = null;
        }
        size -= count;
        modCount++;
        shrinkIfSparse();
    }

    private void checkCount(int count) {
        if (count < 0 || count > size) {
            throw new IndexOutOfBoundsException("count " + count + ", size " + size);
        }
    }

    private static byte[] requireElement(byte[] element) {
        if (element == null) {
            throw new NullPointerException("list element");
        }
        return element;
    }

    private void growIfFull() {
        if (size == ring.length) {
            resize(ring.length << 1);
        }
    }

    /** Gives memory back when a big list is mostly popped (a quarter full or less). */
    private void shrinkIfSparse() {
        if (ring.length > MIN_CAPACITY && size <= ring.length >>> 2) {
            int cap = MIN_CAPACITY;
            while (cap < size << 1) {
                cap <<= 1;
            }
            resize(cap);
        }
    }

    private void resize(int capacity) {
        byte[][] fresh = new byte[capacity][];
        for (int i = 0; i < size; i++) {
            fresh[i] = ring[slot(i)];
        }
        ring = fresh;
        head = 0;
    }

    /**
     * The ring and its first {@code samples} elements scaled to the length: O(samples). A list
     * kept in another form overrides this with that form's own figure.
     */
    @Override
    public long memoryUsage(int samples) {
        long n = dev.tandem.core.internal.MemoryLayout.sampleLimit(samples, size);
        long sampled = 0;
        for (int i = 0; i < n; i++) {
            sampled += dev.tandem.core.internal.MemoryLayout.byteArray(ring[slot(i)].length);
        }
        return dev.tandem.core.internal.MemoryLayout.shallow(ListValue.class)
                + dev.tandem.core.internal.MemoryLayout.referenceArray(ring.length)
                + dev.tandem.core.internal.MemoryLayout.extrapolate(sampled, (int) n, size);
    }

    /** A copy with its own ring; the element arrays are shared (they are never mutated). */
    @Override
    public ListValue deepCopy() {
        int cap = MIN_CAPACITY;
        while (cap < size) {
            cap <<= 1;
        }
        byte[][] copy = new byte[cap][];
        for (int i = 0; i < size; i++) {
            copy[i] = ring[slot(i)];
        }
        return new ListValue(copy, size);
    }

    /** Head to tail; fails fast if the list changes during the iteration. */
    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private final int expectedMod = modCount;
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public byte[] next() {
                if (modCount != expectedMod) {
                    throw new ConcurrentModificationException();
                }
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return ring[slot(next++)];
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ListValue[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(new String(get(i), java.nio.charset.StandardCharsets.UTF_8));
        }
        return sb.append(']').toString();
    }
}
