/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.List;

/**
 * A whole value, as {@link RdbCollector} assembles it from the reader's batches. Meant for
 * tests, tools and small data sets; a loader for real data should consume the batches.
 */
public sealed interface RdbValue {
    ValueKind kind();

    record StringValue(byte[] value) implements RdbValue {
        @Override
        public ValueKind kind() {
            return ValueKind.STRING;
        }
    }

    /** List elements in order. */
    record ListValue(List<byte[]> elements) implements RdbValue {
        @Override
        public ValueKind kind() {
            return ValueKind.LIST;
        }
    }

    /** Set members in file order. */
    record SetValue(List<byte[]> members) implements RdbValue {
        @Override
        public ValueKind kind() {
            return ValueKind.SET;
        }
    }

    /** Sorted-set entries in file order. */
    record ZsetValue(List<ZsetEntry> entries) implements RdbValue {
        @Override
        public ValueKind kind() {
            return ValueKind.ZSET;
        }
    }

    /** Hash fields in file order, with field TTLs where the type has them. */
    record HashValue(List<HashEntry> entries) implements RdbValue {
        @Override
        public ValueKind kind() {
            return ValueKind.HASH;
        }
    }

    /** A stream: every stored entry (deleted ones flagged), its counters and its groups. */
    record StreamValue(List<StreamEntry> entries, StreamMetadata metadata, List<Group> groups) implements RdbValue {
        @Override
        public ValueKind kind() {
            return ValueKind.STREAM;
        }

        /** Entries not flagged deleted, i.e. what XRANGE shows. */
        public List<StreamEntry> liveEntries() {
            return entries.stream().filter(e -> !e.deleted()).toList();
        }
    }

    /** A consumer group with its PEL and consumers. */
    record Group(StreamGroupInfo info, List<StreamPendingEntry> pending, List<Consumer> consumers) {
    }

    /** A consumer with the IDs it owns. */
    record Consumer(StreamConsumerInfo info, List<RdbStreamId> pending) {
    }
}
