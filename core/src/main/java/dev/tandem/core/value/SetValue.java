/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.internal.Dict;
import dev.tandem.core.Key;
import dev.tandem.core.internal.command.Args;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A set value: binary-safe members in a {@link Dict}, so that SSCAN cursors, SPOP and
 * SRANDMEMBER behave like Redis's hash-table sets.
 *
 * <p>It also tracks whether Redis 7.0 would hold the set as an intset with its default limit
 * ({@code set-max-intset-entries 512}): a set is an intset while every member is a canonical
 * 64-bit decimal integer and it has at most 512 members; once converted it stays a hash table.
 * That is visible to clients: an intset's members come out in ascending numeric order
 * ({@link #sortedIntMembers()}), and SSCAN returns them all in one call with cursor 0.
 *
 * <p>Members are never mutated once stored. Not thread-safe: the keyspace lock serializes access.
 */
public final class SetValue implements RedisValue, Iterable<Key> {
    /** Redis's default {@code set-max-intset-entries}. */
    public static final int MAX_INTSET_ENTRIES = 512;

    private final Dict<Key, Boolean> members;
    private boolean intset;

    /** An empty set that starts as an intset (Redis's {@code createIntsetObject}). */
    public SetValue() {
        this(new Dict<>(), true);
    }

    /** An empty set pre-sized for {@code expectedSize} members (the hint is capped by Dict). */
    public SetValue(int expectedSize) {
        this(new Dict<>(expectedSize), true);
    }

    private SetValue(Dict<Key, Boolean> members, boolean intset) {
        this.members = members;
        this.intset = intset;
    }

    /**
     * The empty set that Redis's {@code setTypeCreate(first)} makes for a set about to receive
     * {@code first}: an intset if it is an integer, a hash table otherwise.
     */
    public static SetValue forFirstMember(Key first) {
        return new SetValue(new Dict<>(), parseCanonicalLong(first.bytes()) != null);
    }

    @Override
    public ValueType type() {
        return ValueType.SET;
    }

    public int size() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public boolean contains(Key member) {
        return members.containsKey(member);
    }

    /** Adds {@code member} (stored, not copied); returns whether it was new. */
    public boolean add(Key member) {
        if (intset && parseCanonicalLong(member.bytes()) == null) {
            intset = false;
        }
        boolean added = members.put(member, Boolean.TRUE) == null;
        if (intset && members.size() > MAX_INTSET_ENTRIES) {
            intset = false;
        }
        return added;
    }

    /** Removes {@code member}; returns whether it was present. */
    public boolean remove(Key member) {
        return members.remove(member) != null;
    }

    /** Whether Redis 7.0 would hold this set as an intset; once false it stays false. */
    public boolean isIntsetEncoded() {
        return intset;
    }

    /**
     * The members as numbers in ascending order, as an intset holds them; only valid while
     * {@link #isIntsetEncoded()}.
     */
    public long[] sortedIntMembers() {
        if (!intset) {
            throw new IllegalStateException("not intset-encoded");
        }
        long[] out = new long[members.size()];
        int i = 0;
        for (Dict.Node<Key, Boolean> n : members) {
            out[i++] = parseCanonicalLong(n.key().bytes());
        }
        Arrays.sort(out);
        return out;
    }

    /** One SSCAN step: visits the members of the cursor's bucket(s); returns the next cursor. */
    public long scan(long cursor, Consumer<Key> visitor) {
        return members.scan(cursor, (k, v) -> visitor.accept(k));
    }

    /** A member chosen uniformly at random, or null when empty. */
    public Key randomMember(RandomGenerator random) {
        Dict.Node<Key, Boolean> n = members.randomNode(random);
        return n == null ? null : n.key();
    }

    /**
     * {@code count} distinct members chosen uniformly (every subset of that size equally
     * likely); all of them when {@code count >= size()}.
     */
    public List<Key> randomDistinctMembers(int count, RandomGenerator random) {
        List<Key> out = new ArrayList<>(Math.min(count, members.size()));
        for (Dict.Node<Key, Boolean> n : members.randomDistinctNodes(count, random)) {
            out.add(n.key());
        }
        return out;
    }

    /** Every member, in table order; must not be mutated during the walk. */
    public void forEach(Consumer<? super Key> action) {
        members.forEach((k, v) -> action.accept(k));
    }

    /** Members in table order; fails fast if the set changes meanwhile. */
    @Override
    public Iterator<Key> iterator() {
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
        Dict<Key, Boolean> copy = new Dict<>(members.size());
        members.forEach(copy::put);
        return new SetValue(copy, intset);
    }

    /** Redis's isSdsRepresentableAsLongLong: exactly string2ll, the canonical decimal form. */
    private static Long parseCanonicalLong(byte[] s) {
        return Args.parseLongStrict(s);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SetValue[");
        boolean first = true;
        for (Dict.Node<Key, Boolean> n : members) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(n.key());
        }
        return sb.append(']').toString();
    }
}
