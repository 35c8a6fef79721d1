/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.internal.Dict;
import dev.tandem.core.Key;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A hash value: binary-safe fields mapped to binary-safe values, in a {@link Dict} so that
 * HSCAN cursors behave like Redis's.
 *
 * <p>It also tracks which encoding Redis 7.0 would be using with its built-in defaults
 * ({@code hash-max-listpack-entries 512}, {@code hash-max-listpack-value 64}; the sample
 * redis.conf lowers the entries to 128): a hash starts as a listpack and turns into a hash
 * table for good once it holds more than 512 fields or a field or value longer than 64 bytes.
 * That is visible to clients: HSCAN returns a listpack's fields in one call with cursor 0, and
 * OBJECT ENCODING names it.
 *
 * <p>Value arrays are never mutated once stored (HSET stores a new array), so
 * {@link #deepCopy()} shares them. Not thread-safe: the keyspace lock serializes access.
 */
public final class HashValue implements RedisValue, Iterable<Dict.Node<Key, byte[]>> {
    /** Redis 7.0's built-in default {@code hash-max-listpack-entries}. */
    public static final int MAX_LISTPACK_ENTRIES = 512;
    /** Redis's default {@code hash-max-listpack-value}. */
    public static final int MAX_LISTPACK_VALUE = 64;

    private final Dict<Key, byte[]> fields;
    private boolean listpack = true;

    public HashValue() {
        fields = new Dict<>();
    }

    /** An empty hash pre-sized for {@code expectedSize} fields (the hint is capped by Dict). */
    public HashValue(int expectedSize) {
        fields = new Dict<>(expectedSize);
    }

    private HashValue(Dict<Key, byte[]> fields, boolean listpack) {
        this.fields = fields;
        this.listpack = listpack;
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }

    public int size() {
        return fields.size();
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The value of {@code field}, or null; the array is shared, do not mutate it. */
    public byte[] get(Key field) {
        return fields.get(field);
    }

    public boolean contains(Key field) {
        return fields.containsKey(field);
    }

    /**
     * Sets {@code field} to {@code value} (both stored, not copied). Returns true when the field
     * is new, false when an existing value was replaced.
     */
    public boolean put(Key field, byte[] value) {
        if (value == null) {
            throw new NullPointerException("hash value");
        }
        if (listpack && (field.length() > MAX_LISTPACK_VALUE || value.length > MAX_LISTPACK_VALUE)) {
            listpack = false;
        }
        boolean added = fields.put(field, value) == null;
        if (listpack && fields.size() > MAX_LISTPACK_ENTRIES) {
            listpack = false;
        }
        return added;
    }

    /** Removes {@code field}; returns whether it was present. */
    public boolean remove(Key field) {
        return fields.remove(field) != null;
    }

    /**
     * Whether Redis 7.0 would hold this hash as a listpack (small encoding). Once false it stays
     * false, as in Redis, which never converts a hash table back.
     */
    public boolean isListpackEncoded() {
        return listpack;
    }

    /**
     * Switches to the hash-table encoding, as a loader does for an RDB type that only exists
     * in that encoding (7.4's hashes with field TTLs). Irreversible, like every conversion.
     */
    public void convertToHashTable() {
        listpack = false;
    }

    /** One HSCAN step: visits the fields of the cursor's bucket(s); returns the next cursor. */
    public long scan(long cursor, BiConsumer<Key, byte[]> visitor) {
        return fields.scan(cursor, visitor);
    }

    /** A field chosen uniformly at random (its node: field and value), or null when empty. */
    public Dict.Node<Key, byte[]> randomField(RandomGenerator random) {
        return fields.randomNode(random);
    }

    /**
     * {@code count} distinct fields chosen uniformly (every subset of that size equally
     * likely); all of them when {@code count >= size()}.
     */
    public List<Dict.Node<Key, byte[]>> randomDistinctFields(int count, RandomGenerator random) {
        return fields.randomDistinctNodes(count, random);
    }

    /** Every field and value, in table order; must not be mutated during the walk. */
    public void forEach(BiConsumer<Key, byte[]> action) {
        fields.forEach(action);
    }

    /** Field/value nodes in table order; fails fast if the hash changes meanwhile. */
    @Override
    public Iterator<Dict.Node<Key, byte[]>> iterator() {
        return fields.iterator();
    }

    @Override
    public HashValue deepCopy() {
        Dict<Key, byte[]> copy = new Dict<>(fields.size());
        fields.forEach(copy::put);
        return new HashValue(copy, listpack);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HashValue{");
        boolean first = true;
        for (Dict.Node<Key, byte[]> n : fields) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(n.key()).append('=')
                    .append(new String(n.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return sb.append('}').toString();
    }
}
