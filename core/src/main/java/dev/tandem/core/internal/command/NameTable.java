/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Values by command name, matched the way Redis matches command names (ASCII letters
 * case-insensitively, every other byte as it is), looked up straight from a request's name
 * bytes: no lower-cased copy and no {@code String} is built per lookup, which on the RESP path
 * used to happen three to five times per request.
 *
 * <p>Open addressing over a power-of-two array. Writers are rare (start-up registration) and
 * copy the table, then publish it through a volatile field; readers on any thread see either
 * the old or the new table, never a half-built one.
 *
 * @param <V> what a name resolves to
 */
public final class NameTable<V> {

    /** One name: its lower-cased bytes, its canonical (lower-case) name, and its value. */
    public record Entry<V>(byte[] lower, String name, V value) {
    }

    private volatile Entry<V>[] table = newArray(16);
    private int size;

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newArray(int length) {
        return (Entry<V>[]) new Entry<?>[length];
    }

    /**
     * Adds or replaces {@code name}'s value. {@code name} is lower-cased (ASCII) first; callers
     * of one table must not write concurrently with each other.
     */
    public synchronized void put(String name, V value) {
        Objects.requireNonNull(value);
        byte[] lower = lower(name.getBytes(StandardCharsets.ISO_8859_1));
        String canonical = new String(lower, StandardCharsets.ISO_8859_1);
        Entry<V>[] old = table;
        int existing = indexOf(old, lower, 0, lower.length);
        int length = old.length;
        if (existing < 0 && (size + 1) * 2 > length) {
            length *= 2; // at most half full, so probe sequences stay short
        }
        Entry<V>[] next = newArray(length);
        for (Entry<V> e : old) {
            if (e != null && (existing < 0 || e != old[existing])) {
                insert(next, e);
            }
        }
        insert(next, new Entry<>(lower, canonical, value));
        if (existing < 0) {
            size++;
        }
        table = next;
    }

    /** The entry for {@code name} (any case), or null. */
    public Entry<V> entry(byte[] name) {
        return entry(name, 0, name.length);
    }

    /** The entry for the name in {@code bytes[offset, offset + length)} (any case), or null. */
    public Entry<V> entry(byte[] bytes, int offset, int length) {
        Entry<V>[] t = table;
        int i = indexOf(t, bytes, offset, length);
        return i < 0 ? null : t[i];
    }

    /** The value for {@code name} (any case), or null. */
    public V get(byte[] name) {
        Entry<V> e = entry(name, 0, name.length);
        return e == null ? null : e.value();
    }

    /** The value for {@code name} (any case), or null. */
    public V get(String name) {
        return get(name.getBytes(StandardCharsets.ISO_8859_1));
    }

    public int size() {
        return size;
    }

    private static <V> void insert(Entry<V>[] t, Entry<V> e) {
        int mask = t.length - 1;
        int i = hash(e.lower(), 0, e.lower().length) & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = e;
    }

    private static <V> int indexOf(Entry<V>[] t, byte[] bytes, int offset, int length) {
        int mask = t.length - 1;
        int i = hash(bytes, offset, length) & mask;
        for (Entry<V> e = t[i]; e != null; e = t[i = (i + 1) & mask]) {
            if (matches(e.lower(), bytes, offset, length)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] lower, byte[] bytes, int offset, int length) {
        if (lower.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (lower[i] != lower(bytes[offset + i])) {
                return false;
            }
        }
        return true;
    }

    /** A hash of the lower-cased bytes, so that every spelling of a name lands on one slot. */
    private static int hash(byte[] bytes, int offset, int length) {
        int h = length;
        for (int i = 0; i < length; i++) {
            h = 31 * h + lower(bytes[offset + i]);
        }
        return h ^ (h >>> 16);
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static byte[] lower(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = lower(bytes[i]);
        }
        return out;
    }
}
