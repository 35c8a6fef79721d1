/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A consumer group's header.
 *
 * @param name         group name
 * @param lastId       last delivered ID
 * @param entriesRead  logical read counter, or -1 when unknown (always -1 for type 15, which
 *                     does not store it; Redis then estimates it on load)
 * @param pendingCount number of entries in the group's PEL, which follow as
 *                     {@link RdbVisitor#onStreamPending} batches
 */
public record StreamGroupInfo(byte[] name, RdbStreamId lastId, long entriesRead, long pendingCount) {
    public String nameString() {
        return new String(name, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamGroupInfo g && Arrays.equals(name, g.name) && lastId.equals(g.lastId)
                && entriesRead == g.entriesRead && pendingCount == g.pendingCount;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name);
    }

    @Override
    public String toString() {
        return "Group[" + Printable.of(name) + ", last=" + lastId + ", read=" + entriesRead
                + ", pending=" + pendingCount + "]";
    }
}
