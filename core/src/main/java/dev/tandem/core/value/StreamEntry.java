/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import java.nio.charset.StandardCharsets;

/**
 * One stream entry: its ID and its field/value pairs in insertion order. Immutable by
 * contract: the byte arrays are not copied, and nobody may change them after construction.
 */
public final class StreamEntry {
    private final StreamId id;
    private final byte[][] fieldsAndValues;

    /**
     * @param fieldsAndValues field, value, field, value... (not copied); at least one pair, as a
     *        stream entry always has (XADD requires one and Redis's listpack format assumes it)
     */
    public StreamEntry(StreamId id, byte[][] fieldsAndValues) {
        if (id == null) {
            throw new IllegalArgumentException("stream entry without an ID");
        }
        if (fieldsAndValues.length == 0 || fieldsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("a stream entry needs field/value pairs, got "
                    + fieldsAndValues.length + " items for " + id);
        }
        for (byte[] b : fieldsAndValues) {
            if (b == null) {
                throw new IllegalArgumentException("null field or value in stream entry " + id);
            }
        }
        this.id = id;
        this.fieldsAndValues = fieldsAndValues;
    }

    public StreamId id() {
        return id;
    }

    /** Number of field/value pairs. */
    public int fieldCount() {
        return fieldsAndValues.length / 2;
    }

    /** The i-th field name (not a copy; do not mutate). */
    public byte[] field(int i) {
        return fieldsAndValues[2 * i];
    }

    /** The i-th value (not a copy; do not mutate). */
    public byte[] value(int i) {
        return fieldsAndValues[2 * i + 1];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(id.toString()).append('{');
        for (int i = 0; i < fieldCount(); i++) {
            sb.append(i == 0 ? "" : ", ").append(new String(field(i), StandardCharsets.UTF_8)).append('=')
                    .append(new String(value(i), StandardCharsets.UTF_8));
        }
        return sb.append('}').toString();
    }
}
