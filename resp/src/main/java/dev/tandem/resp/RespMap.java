/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.resp;

import java.util.List;

/**
 * A RESP3 map, {@code %2\r\n<key><value><key><value>}. Entries keep their wire order (and any
 * duplicate keys) so that a frame re-encodes exactly; look-ups are linear, as maps in replies are
 * small.
 */
public record RespMap(List<Entry> entries) implements RespFrame {

    /** One key/value pair. */
    public record Entry(RespFrame key, RespFrame value) {
        public Entry {
            if (key == null || value == null) {
                throw new NullPointerException("map keys and values must not be null; use RespNull");
            }
        }
    }

    public RespMap {
        entries = List.copyOf(entries);
    }

    /** A map from alternating keys and values: {@code of(k1, v1, k2, v2)}. */
    public static RespMap of(RespFrame... keysAndValues) {
        return new RespMap(pairs(keysAndValues));
    }

    static List<Entry> pairs(RespFrame[] keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate; got an odd count " + keysAndValues.length);
        }
        Entry[] entries = new Entry[keysAndValues.length / 2];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = new Entry(keysAndValues[2 * i], keysAndValues[2 * i + 1]);
        }
        return List.of(entries);
    }

    public int size() {
        return entries.size();
    }

    /** The value of the first entry whose key equals {@code key}, or {@code null}. */
    public RespFrame get(RespFrame key) {
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                return e.value();
            }
        }
        return null;
    }

    @Override
    public RespType type() {
        return RespType.MAP;
    }
}
