/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.Arrays;
import java.util.List;

/**
 * One stream entry from a listpack node.
 *
 * @param id              the entry ID
 * @param deleted         true for an entry flagged deleted (XDEL) but still stored in its node;
 *                        such entries are invisible to Redis commands
 * @param fieldsAndValues alternating field, value, … as XADD received them (fields may repeat)
 */
public record StreamEntry(RdbStreamId id, boolean deleted, List<byte[]> fieldsAndValues) {
    public StreamEntry {
        fieldsAndValues = List.copyOf(fieldsAndValues);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StreamEntry e) || !id.equals(e.id) || deleted != e.deleted
                || fieldsAndValues.size() != e.fieldsAndValues.size()) {
            return false;
        }
        for (int i = 0; i < fieldsAndValues.size(); i++) {
            if (!Arrays.equals(fieldsAndValues.get(i), e.fieldsAndValues.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(id.toString()).append(deleted ? "(deleted)" : "").append('{');
        for (int i = 0; i < fieldsAndValues.size(); i++) {
            sb.append(i == 0 ? "" : i % 2 == 1 ? ":" : ", ").append(Printable.of(fieldsAndValues.get(i)));
        }
        return sb.append('}').toString();
    }
}
