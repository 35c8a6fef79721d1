/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.internal.Dict;
import dev.tandem.core.Key;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.internal.compact.Intset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A set value in one of Redis 7.0's two encodings:
 *
 * <ul>
 *   <li><b>intset</b>: while every member is a canonical 64-bit decimal integer and there are at
 *       most {@code set-max-intset-entries} of them, the set is one flat {@link Intset} byte
 *       array (2, 4 or 8 bytes per member, ascending), the exact bytes of RDB type 11. Members
 *       come out in ascending numeric order, and SSCAN returns them all with cursor 0.</li>
 *   <li><b>hashtable</b>: a {@link Dict}, so that SSCAN cursors, SPOP and SRANDMEMBER behave
 *       like Redis's hash-table sets.</li>
 * </ul>
 *
 * <p>A set converts to the hash table, for good, when a non-integer member is added or it grows
 * past the limit (t_set.c setTypeAdd). Members are never mutated once stored. Not thread-safe:
 * the keyspace lock serializes access.
 */
public final class SetValue implements RedisValue, Iterable<Key> {
    /** Redis's default {@code set-max-intset-entries}. */
    public static final int MAX_INTSET_ENTRIES = 512;
    /** setTypeAdd caps the limit at 1G entries (intset internals). */
    private static final long INTSET_HARD_LIMIT = 1L << 30;

    /** The intset while intset-encoded, else null. */
    private byte[] intset;
    private Dict<Key, Boolean> members;

    /** An empty set that starts as an intset (Redis's {@code createIntsetObject}). */
    public SetValue() {
        intset = Intset.empty();
    }

    /** An empty intset-encoded set; {@code expectedSize} is only a hint and is not trusted. */
    public SetValue(int expectedSize) {
        this();
    }

    private SetValue(byte[] intset, Dict<Key, Boolean> members) {
        this.intset = intset;
        this.members = members;
    }

    /**
     * The empty set that Redis's {@code setTypeCreate(first)} makes for a set about to receive
     * {@code first}: an intset if it is an integer, a hash table otherwise.
     */
    public static SetValue forFirstMember(Key first) {
        return parseCanonicalLong(first.bytes()) != null ? new SetValue() : new SetValue(null, new Dict<>());
    }

    /** An intset-encoded set adopting {@code intset} (RDB type 11), already {@link Intset#validate validated}. */
    public static SetValue adoptIntset(byte[] intset) {
        return new SetValue(intset, null);
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }
    /** An intset by its array; a table by {@link Dict#memoryUsage} over the members. */
    @Override
    public long memoryUsage(int samples) {
        long self = dev.tandem.core.internal.MemoryLayout.shallow(SetValue.class);
        return intset != null ? self + dev.tandem.core.internal.MemoryLayout.byteArray(intset.length)
                : self + members.memoryUsage(samples, (m, present) -> dev.tandem.core.internal.MemoryLayout.key(m));
    }


    public int size() {
        return intset != null ? Intset.length(intset) : members.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public boolean contains(Key member) {
        if (intset == null) {
            return members.containsKey(member);
        }
        Long v = parseCanonicalLong(member.bytes());
        return v != null && Intset.contains(intset, v);
    }

    /** {@link #add(Key, EncodingLimits)} with Redis's default limit. */
    public boolean add(Key member) {
        return add(member, EncodingLimits.DEFAULTS);
    }

    /** Adds {@code member} (stored, not copied); returns whether it was new. */
    public boolean add(Key member, EncodingLimits limits) {
        if (intset != null) {
            Long v = parseCanonicalLong(member.bytes());
            if (v != null) {
                byte[] next = Intset.add(intset, v);
                if (next == intset) {
                    return false;
                }
                intset = next;
                if (Intset.length(intset) > Math.min(limits.setMaxIntsetEntries(), INTSET_HARD_LIMIT)) {
                    convertToHashTable();
                }
                return true;
            }
            convertToHashTable();
        }
        return members.put(member, Boolean.TRUE) == null;
    }

    /** Removes {@code member}; returns whether it was present. */
    public boolean remove(Key member) {
        if (intset == null) {
            return members.remove(member) != null;
        }
        Long v = parseCanonicalLong(member.bytes());
        if (v == null) {
            return false;
        }
        byte[] next = Intset.remove(intset, v);
        boolean removed = next != intset;
        intset = next;
        return removed;
    }

    /** Whether this set is an intset; once false it stays false. */
    public boolean isIntsetEncoded() {
        return intset != null;
    }

    /** The intset bytes while intset-encoded (RDB type 11's payload), else null; do not mutate. */
    public byte[] intsetBytes() {
        return intset;
    }

    /** setTypeConvert to a hash table; irreversible. */
    public void convertToHashTable() {
        if (intset == null) {
            return;
        }
        int n = Intset.length(intset);
        Dict<Key, Boolean> d = new Dict<>(n);
        for (int i = 0; i < n; i++) {
            d.put(Key.of(Args.bytes(Intset.get(intset, i))), Boolean.TRUE);
        }
        members = d;
        intset = null;
    }

    /**
     * The members as numbers in ascending order, as an intset holds them; only valid while
     * {@link #isIntsetEncoded()}.
     */
    public long[] sortedIntMembers() {
        if (intset == null) {
            throw new IllegalStateException("not intset-encoded");
        }
        long[] out = new long[Intset.length(intset)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Intset.get(intset, i);
        }
        return out;
    }

    /**
     * One SSCAN step: visits the members of the cursor's bucket(s); returns the next cursor. An
     * intset is visited whole and returns 0.
     */
    public long scan(long cursor, Consumer<Key> visitor) {
        if (intset != null) {
            forEach(visitor);
            return 0;
        }
        return members.scan(cursor, (k, v) -> visitor.accept(k));
    }

    private Key memberAt(int i) {
        return Key.of(Args.bytes(Intset.get(intset, i)));
    }

    /** A member chosen uniformly at random, or null when empty. */
    public Key randomMember(RandomGenerator random) {
        if (intset != null) {
            int n = Intset.length(intset);
            return n == 0 ? null : memberAt(random.nextInt(n));
        }
        Dict.Node<Key, Boolean> n = members.randomNode(random);
        return n == null ? null : n.key();
    }

    /**
     * {@code count} distinct members chosen uniformly (every subset of that size equally
     * likely); all of them when {@code count >= size()}.
     */
    public List<Key> randomDistinctMembers(int count, RandomGenerator random) {
        if (intset != null) {
            int n = Intset.length(intset);
            int k = Math.min(count, n);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            List<Key> out = new ArrayList<>(k);
            for (int i = 0; i < k; i++) { // partial Fisher-Yates: a uniform k-subset
                int j = i + random.nextInt(n - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
                out.add(memberAt(idx[i]));
            }
            return out;
        }
        List<Key> out = new ArrayList<>(Math.min(count, members.size()));
        for (Dict.Node<Key, Boolean> n : members.randomDistinctNodes(count, random)) {
            out.add(n.key());
        }
        return out;
    }

    /** Every member, in encoding order; must not be mutated during the walk. */
    public void forEach(Consumer<? super Key> action) {
        if (intset != null) {
            int n = Intset.length(intset);
            for (int i = 0; i < n; i++) {
                action.accept(memberAt(i));
            }
            return;
        }
        members.forEach((k, v) -> action.accept(k));
    }

    /** Members in encoding order; the set must not change meanwhile. */
    @Override
    public Iterator<Key> iterator() {
        if (intset != null) {
            byte[] snapshot = intset;
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < Intset.length(snapshot);
                }

                @Override
                public Key next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    return Key.of(Args.bytes(Intset.get(snapshot, i++)));
                }
            };
        }
        Iterator<Dict.Node<Key, Boolean>> it = members.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Key next() {
                return it.next().key();
            }
        };
    }

    @Override
    public SetValue deepCopy() {
        if (intset != null) {
            return new SetValue(intset.clone(), null);
        }
        Dict<Key, Boolean> copy = new Dict<>(members.size());
        members.forEach(copy::put);
        return new SetValue(null, copy);
    }

    /** Redis's isSdsRepresentableAsLongLong: exactly string2ll, the canonical decimal form. */
    private static Long parseCanonicalLong(byte[] s) {
        return Args.parseLongStrict(s);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SetValue[");
        forEach(k -> sb.append(sb.length() > 9 ? ", " : "").append(k));
        return sb.append(']').toString();
    }
}
