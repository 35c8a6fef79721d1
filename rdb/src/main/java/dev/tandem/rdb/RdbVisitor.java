/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.util.List;

/**
 * Receives what {@link RdbReader} finds, in file order. Every method has a no-op default, so
 * a sink overrides only what it needs.
 *
 * <p><b>Per key</b>: {@link #onKeyBegin}, then the value, then {@link #onKeyEnd}:
 * <ul>
 *   <li>string: one {@link #onStringValue};</li>
 *   <li>list, set, zset, hash: one or more batches ({@link #onListElements},
 *       {@link #onSetMembers}, {@link #onZsetEntries}, {@link #onHashEntries}), each bounded by
 *       {@link RdbReaderConfig#batchMaxElements()} and roughly by
 *       {@link RdbReaderConfig#batchMaxBytes()}, so a huge collection never becomes one
 *       object;</li>
 *   <li>stream: {@link #onStreamEntries} batches, one {@link #onStreamMetadata}, then per
 *       consumer group {@link #onStreamGroup}, {@link #onStreamPending} batches, and per
 *       consumer {@link #onStreamConsumer} and {@link #onStreamConsumerPending} batches.</li>
 * </ul>
 * Elements arrive in file order (Redis's in-memory order for lists, zset listpacks and
 * streams; hash-table order, i.e. arbitrary, for hash-table sets and hashes; highest score
 * first for ZSET_2). An empty collection (which Redis skips on load) produces no key events,
 * only an {@link #onWarning}. Module values are skipped or rejected (see
 * {@link RdbReaderConfig#modulePolicy()}) and produce only an {@link #onWarning}.
 *
 * <p>Lists and arrays handed to the visitor are not reused by the reader; a visitor may keep
 * them. An exception thrown by a visitor method aborts the read: the reader propagates it (an
 * {@link RdbFormatException} without an offset gets the offset of the current item) and
 * refuses further input.
 */
public interface RdbVisitor {
    /** The header was valid; {@code version} is 1–12. */
    default void onHeader(int version) {
    }

    /** An AUX field (0xFA), e.g. {@code redis-ver}. */
    default void onAux(byte[] key, byte[] value) {
    }

    /** SELECTDB: following keys belong to {@code db}. */
    default void onSelectDb(int db) {
    }

    /** RESIZEDB: a sizing hint for the current db (unsigned values). */
    default void onResizeDb(long dbSize, long expiresSize) {
    }

    /** SLOT_INFO (7.4 cluster mode): sizing hint for one hash slot. */
    default void onSlotInfo(long slot, long slotSize, long expiresSlotSize) {
    }

    /** A function library (FUNCTION2 or FUNCTION_PRE_GA). */
    default void onFunction(RdbFunction function) {
    }

    /**
     * A MODULE_AUX blob, already skipped (its payload cannot be interpreted without the
     * module). Preceded by a {@link RdbWarning.Kind#MODULE_AUX_SKIPPED} warning.
     */
    default void onModuleAux(RdbModuleId module, long when) {
    }

    /** Something skipped instead of failing. */
    default void onWarning(RdbWarning warning) {
    }

    /** A key starts; its value follows. */
    default void onKeyBegin(RdbKey key) {
    }

    /**
     * Whether this visitor takes Redis's compact encodings as they are: a listpack hash (16) or
     * sorted set (17) or an intset (11) then arrives as one {@link #onCompactValue} between
     * {@link #onKeyBegin} and {@link #onKeyEnd} instead of element batches (and the nodes of a
     * quicklist list (18) arrive one by one through {@link #onListNode}), after the reader has
     * checked its structure (header, sizes, terminator, every entry; an even entry count for
     * pairs; an intset's width, length and strict order). Checks of meaning (duplicate fields,
     * sorted-set order and scores) are the visitor's. Default: false.
     */
    default boolean acceptsCompactValues() {
        return false;
    }

    /**
     * A compact value's bytes (see {@link #acceptsCompactValues()}); {@code entries} is the
     * listpack's entry count or the intset's length. The array is the visitor's to keep.
     */
    default void onCompactValue(RdbKey key, byte[] blob, int entries) {
    }

    /** The whole value of a string key. */
    default void onStringValue(RdbKey key, byte[] value) {
    }

    /** The next elements of a list, in order. */
    default void onListElements(RdbKey key, List<byte[]> elements) {
    }

    /**
     * The next node of a {@code LIST_QUICKLIST_2} list, for a visitor that
     * {@link #acceptsCompactValues() accepts compact values}: a listpack whose structure the
     * reader has checked ({@code plain} false, {@code entries} its entry count, never 0: empty
     * nodes are skipped as Redis skips them), or one element of a PLAIN node ({@code plain}
     * true, {@code entries} 1). The array is the visitor's to keep. The default hands the
     * node's elements to {@link #onListElements}, so a visitor that takes the other compact
     * values whole still sees every list element.
     */
    default void onListNode(RdbKey key, byte[] node, int entries, boolean plain) {
        if (plain) {
            onListElements(key, List.of(node));
            return;
        }
        List<byte[]> elements = new java.util.ArrayList<>(entries);
        for (int p = dev.tandem.core.internal.compact.Listpack.first(node); p >= 0;
             p = dev.tandem.core.internal.compact.Listpack.next(node, p)) {
            elements.add(dev.tandem.core.internal.compact.Listpack.bytes(node, p));
        }
        onListElements(key, elements);
    }

    /** The next members of a set. */
    default void onSetMembers(RdbKey key, List<byte[]> members) {
    }

    /** The next members of a sorted set with their scores. */
    default void onZsetEntries(RdbKey key, List<ZsetEntry> entries) {
    }

    /** The next fields of a hash, with per-field expiry for 7.4's field-TTL types. */
    default void onHashEntries(RdbKey key, List<HashEntry> entries) {
    }

    /** The next entries of a stream, in ID order, including entries flagged deleted. */
    default void onStreamEntries(RdbKey key, List<StreamEntry> entries) {
    }

    /** A stream's counters, after all its entries and before its groups. */
    default void onStreamMetadata(RdbKey key, StreamMetadata metadata) {
    }

    /** A consumer group starts. */
    default void onStreamGroup(RdbKey key, StreamGroupInfo group) {
    }

    /** The next entries of the group's PEL. */
    default void onStreamPending(RdbKey key, StreamGroupInfo group, List<StreamPendingEntry> pending) {
    }

    /** A consumer of {@code group} starts. */
    default void onStreamConsumer(RdbKey key, StreamGroupInfo group, StreamConsumerInfo consumer) {
    }

    /** The next IDs owned by {@code consumer} (each is in the group's PEL). */
    default void onStreamConsumerPending(RdbKey key, StreamGroupInfo group, StreamConsumerInfo consumer,
                                         List<RdbStreamId> ids) {
    }

    /** The key's value is complete. */
    default void onKeyEnd(RdbKey key) {
    }

    /** The EOF opcode and checksum were read; nothing more follows. */
    default void onEnd(RdbChecksum checksum) {
    }
}
