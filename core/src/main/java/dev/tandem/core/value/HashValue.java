/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Dict;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.internal.compact.Listpack;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * A hash value: binary-safe fields mapped to binary-safe values, in one of Redis 7.0's two
 * encodings.
 *
 * <ul>
 *   <li><b>listpack</b>: field, value, field, value... in one flat {@link Listpack} byte array,
 *       in insertion order (a replaced value stays in place), exactly the bytes Redis keeps and
 *       writes to RDB type 16. Lookups are a linear walk, which for the few dozen entries this
 *       encoding is limited to costs less than hashing, and the whole hash costs one array
 *       instead of a table of nodes.</li>
 *   <li><b>hashtable</b>: a {@link Dict}, so that HSCAN cursors behave like Redis's.</li>
 * </ul>
 *
 * <p>A hash starts as a listpack and converts to a hash table, for good, when a field or value
 * longer than {@code hash-max-listpack-value} is written or it grows past
 * {@code hash-max-listpack-entries} (t_hash.c hashTypeTryConversion / hashTypeSet). The limits
 * come from the caller's {@link EncodingLimits}; the no-limits overloads use Redis's defaults.
 *
 * <p>Values handed out are copies or never-mutated arrays; do not mutate them. Not thread-safe:
 * the keyspace lock serializes access.
 */
public final class HashValue implements RedisValue, Iterable<HashValue.Field> {
    /** Redis 7.0's built-in default {@code hash-max-listpack-entries}. */
    public static final int MAX_LISTPACK_ENTRIES = 512;
    /** Redis's default {@code hash-max-listpack-value}. */
    public static final int MAX_LISTPACK_VALUE = 64;

    /** One field and its value. */
    public record Field(Key key, byte[] value) {
    }

    /** The listpack while compact, else null. */
    private byte[] lp;
    /** The table once converted, else null. */
    private Dict<Key, byte[]> fields;
    /** Fields in the listpack (its header count saturates at 65535). */
    private int lpSize;

    /** An empty listpack-encoded hash. */
    public HashValue() {
        lp = Listpack.empty();
    }

    /**
     * An empty hash for {@code expectedSize} fields: a hash table when that is already past the
     * default entry limit (as a loader of a big hash would end with), else a listpack.
     */
    public HashValue(int expectedSize) {
        if (expectedSize > MAX_LISTPACK_ENTRIES) {
            fields = new Dict<>(expectedSize);
        } else {
            lp = Listpack.empty();
        }
    }

    private HashValue(byte[] lp, int lpSize, Dict<Key, byte[]> fields) {
        this.lp = lp;
        this.lpSize = lpSize;
        this.fields = fields;
    }

    /**
     * A listpack-encoded hash that adopts {@code listpack} (RDB type 16) as it is. The caller
     * has validated its structure ({@link Listpack#validate}); {@code entries} is its entry
     * count. Checks what makes it a hash, as lpPairsValidateIntegrityAndDups: an even count and
     * distinct fields.
     *
     * @throws IllegalArgumentException naming the defect
     */
    public static HashValue adoptListpack(byte[] listpack, int entries) {
        if ((entries & 1) != 0) {
            throw new IllegalArgumentException("a hash listpack needs an even number of entries, got " + entries);
        }
        java.util.HashSet<Key> seen = new java.util.HashSet<>();
        for (int p = Listpack.first(listpack); p >= 0; p = Listpack.next(listpack, Listpack.next(listpack, p))) {
            if (!seen.add(Key.of(Listpack.bytes(listpack, p)))) {
                throw new IllegalArgumentException("duplicate hash field " + Key.of(Listpack.bytes(listpack, p)));
            }
        }
        return new HashValue(listpack, entries / 2, null);
    }

    @Override
    public ValueType type() {
        return ValueType.HASH;
    }
    /** A listpack by its array; a table by {@link Dict#memoryUsage} over field and value arrays. */
    @Override
    public long memoryUsage(int samples) {
        long self = dev.tandem.core.internal.MemoryLayout.shallow(HashValue.class);
        return lp != null ? self + dev.tandem.core.internal.MemoryLayout.byteArray(lp.length)
                : self + fields.memoryUsage(samples, (f, v) -> dev.tandem.core.internal.MemoryLayout.key(f) + dev.tandem.core.internal.MemoryLayout.byteArray(v.length));
    }


    public int size() {
        return lp != null ? lpSize : fields.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** Offset of {@code field}'s entry in the listpack, or -1. */
    private int find(byte[] field) {
        Long asInt = Args.parseLongStrict(field);
        for (int p = Listpack.first(lp); p >= 0; ) {
            int v = Listpack.next(lp, p);
            if (Listpack.equalsEntry(lp, p, field, asInt)) {
                return p;
            }
            p = Listpack.next(lp, v);
        }
        return -1;
    }

    /** The value of {@code field}, or null; do not mutate the array. */
    public byte[] get(Key field) {
        if (lp == null) {
            return fields.get(field);
        }
        int p = find(field.bytes());
        return p < 0 ? null : Listpack.bytes(lp, Listpack.next(lp, p));
    }

    public boolean contains(Key field) {
        return lp == null ? fields.containsKey(field) : find(field.bytes()) >= 0;
    }

    /** {@link #put(Key, byte[], EncodingLimits)} with Redis's default limits. */
    public boolean put(Key field, byte[] value) {
        return put(field, value, EncodingLimits.DEFAULTS);
    }

    /**
     * Sets {@code field} to {@code value} (the table encoding stores the array, the listpack
     * copies it). Returns true when the field is new, false when an existing value was replaced.
     * Converts to a hash table first when either is longer than the value limit, and after the
     * insert when the entry limit is passed.
     */
    public boolean put(Key field, byte[] value, EncodingLimits limits) {
        if (value == null) {
            throw new NullPointerException("hash value");
        }
        if (lp != null && (field.length() > limits.hashMaxListpackValue()
                || value.length > limits.hashMaxListpackValue())) {
            convertToHashTable();
        }
        if (lp == null) {
            return fields.put(field, value) == null;
        }
        int p = find(field.bytes());
        if (p >= 0) {
            int v = Listpack.next(lp, p);
            lp = Listpack.splice(lp, v, v + Listpack.entrySize(lp, v), 1, Listpack.encode(value));
            return false;
        }
        lp = Listpack.append(lp, Listpack.encode(field.bytes()), Listpack.encode(value));
        lpSize++;
        if (lpSize > limits.hashMaxListpackEntries()) {
            convertToHashTable();
        }
        return true;
    }

    /** Removes {@code field}; returns whether it was present. */
    public boolean remove(Key field) {
        if (lp == null) {
            return fields.remove(field) != null;
        }
        int p = find(field.bytes());
        if (p < 0) {
            return false;
        }
        int v = Listpack.next(lp, p);
        lp = Listpack.splice(lp, p, v + Listpack.entrySize(lp, v), 2);
        lpSize--;
        return true;
    }

    /**
     * Whether this hash is listpack-encoded. Once false it stays false, as in Redis, which
     * never converts a hash table back.
     */
    public boolean isListpackEncoded() {
        return lp != null;
    }

    /** OBJECT ENCODING's answer. */
    public String encoding() {
        return lp != null ? "listpack" : "hashtable";
    }

    /**
     * The listpack bytes while listpack-encoded (field, value pairs; RDB type 16's payload), else
     * null. Shared: do not mutate.
     */
    public byte[] listpackBytes() {
        return lp;
    }

    /**
     * Switches to the hash-table encoding (hashTypeConvert), as a write past the limits does or a
     * loader does for an RDB type that only exists in that encoding. Irreversible.
     */
    public void convertToHashTable() {
        if (lp == null) {
            return;
        }
        Dict<Key, byte[]> table = new Dict<>(lpSize);
        for (int p = Listpack.first(lp); p >= 0; ) {
            int v = Listpack.next(lp, p);
            table.put(Key.of(Listpack.bytes(lp, p)), Listpack.bytes(lp, v));
            p = Listpack.next(lp, v);
        }
        fields = table;
        lp = null;
        lpSize = 0;
    }

    /**
     * One HSCAN step: visits the fields of the cursor's bucket(s); returns the next cursor. A
     * listpack is visited whole and returns 0, as Redis's scanGenericCommand does.
     */
    public long scan(long cursor, BiConsumer<Key, byte[]> visitor) {
        if (lp != null) {
            forEach(visitor);
            return 0;
        }
        return fields.scan(cursor, visitor);
    }

    private Field fieldAt(int pairIndex) {
        int p = Listpack.first(lp);
        for (int i = 0; i < pairIndex * 2; i++) {
            p = Listpack.next(lp, p);
        }
        return new Field(Key.of(Listpack.bytes(lp, p)), Listpack.bytes(lp, Listpack.next(lp, p)));
    }

    /** A field chosen uniformly at random, or null when empty. */
    public Field randomField(RandomGenerator random) {
        if (lp != null) {
            return lpSize == 0 ? null : fieldAt(random.nextInt(lpSize));
        }
        Dict.Node<Key, byte[]> n = fields.randomNode(random);
        return n == null ? null : new Field(n.key(), n.value());
    }

    /**
     * {@code count} distinct fields chosen uniformly (every subset of that size equally
     * likely); all of them when {@code count >= size()}.
     */
    public List<Field> randomDistinctFields(int count, RandomGenerator random) {
        if (lp == null) {
            List<Field> out = new ArrayList<>(Math.min(count, fields.size()));
            for (Dict.Node<Key, byte[]> n : fields.randomDistinctNodes(count, random)) {
                out.add(new Field(n.key(), n.value()));
            }
            return out;
        }
        List<Field> all = new ArrayList<>(lpSize);
        forEach((f, v) -> all.add(new Field(f, v)));
        int k = Math.min(count, all.size());
        // A partial Fisher-Yates shuffle: the first k positions are a uniform k-subset.
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(all.size() - i);
            Field t = all.get(i);
            all.set(i, all.get(j));
            all.set(j, t);
        }
        return new ArrayList<>(all.subList(0, k));
    }

    /**
     * Every field and value, in encoding order (a listpack's insertion order, a table's bucket
     * order); the hash must not be mutated during the walk.
     */
    public void forEach(BiConsumer<Key, byte[]> action) {
        if (lp == null) {
            fields.forEach(action);
            return;
        }
        for (int p = Listpack.first(lp); p >= 0; ) {
            int v = Listpack.next(lp, p);
            action.accept(Key.of(Listpack.bytes(lp, p)), Listpack.bytes(lp, v));
            p = Listpack.next(lp, v);
        }
    }

    /** Fields in encoding order; the hash must not change during the walk. */
    @Override
    public Iterator<Field> iterator() {
        if (lp == null) {
            Iterator<Dict.Node<Key, byte[]>> it = fields.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Field next() {
                    Dict.Node<Key, byte[]> n = it.next();
                    return new Field(n.key(), n.value());
                }
            };
        }
        byte[] snapshot = lp;
        return new Iterator<>() {
            private int p = Listpack.first(snapshot);

            @Override
            public boolean hasNext() {
                return p >= 0;
            }

            @Override
            public Field next() {
                if (p < 0) {
                    throw new NoSuchElementException();
                }
                int v = Listpack.next(snapshot, p);
                Field f = new Field(Key.of(Listpack.bytes(snapshot, p)), Listpack.bytes(snapshot, v));
                p = Listpack.next(snapshot, v);
                return f;
            }
        };
    }

    @Override
    public HashValue deepCopy() {
        if (lp != null) {
            return new HashValue(lp.clone(), lpSize, null);
        }
        Dict<Key, byte[]> copy = new Dict<>(fields.size());
        fields.forEach(copy::put);
        return new HashValue(null, 0, copy);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HashValue{");
        forEach((f, v) -> sb.append(sb.length() > 10 ? ", " : "").append(f).append('=')
                .append(new String(v, java.nio.charset.StandardCharsets.UTF_8)));
        return sb.append('}').toString();
    }
}
