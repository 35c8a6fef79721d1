/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.internal.command.Args;
import dev.tandem.core.internal.compact.Quicklist;
import java.util.Iterator;

/**
 * A list value, held as Redis 7.0 holds every list: a quicklist of listpack nodes
 * ({@link Quicklist}), sized by {@code list-max-listpack-size} and compressed past
 * {@code list-compress-depth} as they were when the list was created (quicklistSetOptions at
 * creation), with elements of {@code packed_threshold} bytes or more in PLAIN nodes of their own.
 * Pushes and pops at both ends are O(1) (amortized in the node size); access by index walks
 * the nodes, and sequential access (LRANGE, LPOS, a scan) is O(1) per step.
 *
 * <p>Elements are stored encoded (canonical integers as listpack integers, as Redis does), so
 * {@link #get} returns a new array for most elements; a PLAIN node's element is returned as
 * stored and must not be mutated. Pushes and pops change the end nodes in place;
 * {@link #deepCopy()} shares the node arrays copy-on-write (see {@link Quicklist#copy()}).
 *
 * <p>Indexes are 0-based from the head. Not thread-safe: the keyspace lock serializes access,
 * and readers such as the RDB writer and the digest iterate head to tail under that lock.
 */
public final class ListValue implements RedisValue, Iterable<byte[]> {
    private final Quicklist ql;

    /** An empty list with Redis's default node size (8 KB) and no compression. */
    public ListValue() {
        ql = new Quicklist();
    }

    /** An empty list with Redis's defaults; the size hint (from an RDB length) is not needed. */
    public ListValue(int expectedSize) {
        this();
    }

    /**
     * An empty list with the keyspace's current {@code list-max-listpack-size} and
     * {@code list-compress-depth}, and its packed threshold read at every insert.
     */
    public ListValue(EncodingLimits limits) {
        ql = new Quicklist(limits.listMaxListpackSize(), limits.listCompressDepth(), limits::listPackedThreshold);
    }

    private ListValue(Quicklist ql) {
        this.ql = ql;
    }

    @Override
    public ValueType type() {
        return ValueType.LIST;
    }

    /** The quicklist itself, for the RDB writer, the loader and DEBUG QUICKLIST. */
    public Quicklist quicklist() {
        return ql;
    }

    /** {@code OBJECT ENCODING}: Redis 7.0 has no other list encoding. */
    public String encodingName() {
        return "quicklist";
    }

    public int size() {
        return (int) ql.count();
    }

    public boolean isEmpty() {
        return ql.count() == 0;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size());
        }
    }

    /** The element at {@code index} (0 = head); do not mutate the array. */
    public byte[] get(int index) {
        checkIndex(index);
        return ql.get(index);
    }

    /** Whether the element at {@code index} equals {@code value}, without materializing it. */
    public boolean elementEquals(int index, byte[] value) {
        checkIndex(index);
        return ql.elementEquals(index, value, Args.parseLongStrict(value));
    }

    /** Replaces the element at {@code index} (LSET); returns the previous one. */
    public byte[] set(int index, byte[] element) {
        checkIndex(index);
        byte[] old = ql.get(index);
        ql.replace(index, requireElement(element));
        return old;
    }

    public byte[] first() {
        return isEmpty() ? null : ql.get(0);
    }

    public byte[] last() {
        return isEmpty() ? null : ql.get(ql.count() - 1);
    }

    /** Pushes at the head (LPUSH). */
    public void addFirst(byte[] element) {
        ql.pushHead(requireElement(element));
    }

    /** Pushes at the tail (RPUSH). */
    public void addLast(byte[] element) {
        ql.pushTail(requireElement(element));
    }

    /** Pops the head, or returns null when empty. */
    public byte[] removeFirst() {
        return ql.popHead();
    }

    /** Pops the tail, or returns null when empty. */
    public byte[] removeLast() {
        return ql.popTail();
    }

    /**
     * Inserts so that the element ends up at {@code index} (0..size): before the element now at
     * {@code index}, or after the last one when {@code index == size}.
     */
    public void insert(int index, byte[] element) {
        if (index < 0 || index > size()) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size());
        }
        requireElement(element);
        if (isEmpty()) {
            ql.pushTail(element);
        } else if (index == size()) {
            ql.insertAfter(index - 1, element);
        } else {
            ql.insertBefore(index, element);
        }
    }

    /** LINSERT AFTER the element at {@code pivot}, with quicklist.c's node rules. */
    public void insertAfter(int pivot, byte[] element) {
        checkIndex(pivot);
        ql.insertAfter(pivot, requireElement(element));
    }

    /** LINSERT BEFORE the element at {@code pivot}, with quicklist.c's node rules. */
    public void insertBefore(int pivot, byte[] element) {
        checkIndex(pivot);
        ql.insertBefore(pivot, requireElement(element));
    }

    /** Removes and returns the element at {@code index}. */
    public byte[] removeAt(int index) {
        checkIndex(index);
        byte[] e = ql.get(index);
        ql.deleteRange(index, 1);
        return e;
    }

    /** Removes {@code count} elements from the head (LTRIM, LPOP with a count). */
    public void removeFirst(int count) {
        checkCount(count);
        ql.deleteRange(0, count);
    }

    /** Removes {@code count} elements from the tail. */
    public void removeLast(int count) {
        checkCount(count);
        ql.deleteRange(-count, count);
    }

    /**
     * LREM: removes up to {@code limit} elements equal to {@code element}, scanning from the
     * head or from the tail; returns how many went.
     */
    public long removeMatching(byte[] element, long limit, boolean fromTail) {
        return ql.removeMatching(element, Args.parseLongStrict(element), limit, fromTail);
    }

    private void checkCount(int count) {
        if (count < 0 || count > size()) {
            throw new IndexOutOfBoundsException("count " + count + ", size " + size());
        }
    }

    private static byte[] requireElement(byte[] element) {
        if (element == null) {
            throw new NullPointerException("list element");
        }
        return element;
    }

    /** Estimated heap bytes of this value (the quicklist's arrays and node bytes), for memory accounting. */
    public long heapBytes() {
        return 16 + ql.heapBytes();
    }

    /**
     * Redis's objectComputeSize for a quicklist: the value and the node ring plus the first
     * {@code samples} nodes' bytes scaled to the node count: O(samples), as the accounting needs.
     */
    @Override
    public long memoryUsage(int samples) {
        return dev.tandem.core.internal.MemoryLayout.shallow(ListValue.class) + ql.memoryUsage(samples);
    }

    /**
     * A copy with its own node ring; the node arrays are shared copy-on-write, so neither side's
     * later pushes or pops show in the other. Needs exclusive access or the read lock.
     */
    @Override
    public ListValue deepCopy() {
        return new ListValue(ql.copy());
    }

    /** Head to tail; fails fast if the list changes during the iteration. */
    @Override
    public Iterator<byte[]> iterator() {
        return ql.iterator();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ListValue[");
        int i = 0;
        for (byte[] e : this) {
            if (i++ > 0) {
                sb.append(", ");
            }
            sb.append(new String(e, java.nio.charset.StandardCharsets.UTF_8));
        }
        return sb.append(']').toString();
    }
}
