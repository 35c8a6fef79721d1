/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.core.Key;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.core.value.ZSkipList;
import dev.tandem.rdb.RdbTypes;
import dev.tandem.core.internal.compact.Quicklist;


/**
 * Serializes one value: its RDB type byte (written by {@link #typeOf}'s caller) and body.
 *
 * <p>Version 9 uses only the types every Redis from 5.0 on loads: string 0, list 1, set 2,
 * hash 4, zset_2 5 and stream 15; Redis re-encodes them on load. Version 10 additionally
 * writes the compact forms Redis 7.0 itself writes, for values that Redis 7.0 would hold
 * compactly (as core's values track): intset 11, hash listpack 16, zset listpack 17,
 * quicklist 18 for every list (its nodes as they are), stream 19.
 *
 * <p>Bytes stream into the {@link ChunkedOutput}, which hands off chunks as they fill, so a
 * big value never becomes one big buffer.
 */
final class ValueSerializer {
    private static final int QUICKLIST_CONTAINER_PLAIN = 1;
    private static final int QUICKLIST_CONTAINER_PACKED = 2;

    private final RdbEncoder enc;
    private final StreamSerializer streams;
    private final boolean v10;

    ValueSerializer(RdbEncoder enc, int version) {
        this.enc = enc;
        this.streams = new StreamSerializer(enc);
        this.v10 = version >= 10;
    }

    /**
     * The RDB type this value is written as, or -1 when it must not be written at all (an
     * empty collection, which Redis never keeps and {@code redis-check-rdb} rejects).
     */
    int typeOf(RedisValue value) {
        if (value instanceof StringValue) {
            return RdbTypes.STRING;
        }
        if (value instanceof ListValue list) {
            return list.isEmpty() ? -1 : v10 ? RdbTypes.LIST_QUICKLIST_2 : RdbTypes.LIST;
        }
        if (value instanceof SetValue set) {
            return set.isEmpty() ? -1 : v10 && set.isIntsetEncoded() ? RdbTypes.SET_INTSET : RdbTypes.SET;
        }
        if (value instanceof ZSetValue zset) {
            return zset.isEmpty() ? -1 : v10 && zset.isCompact() ? RdbTypes.ZSET_LISTPACK : RdbTypes.ZSET_2;
        }
        if (value instanceof HashValue hash) {
            return hash.isEmpty() ? -1 : v10 && hash.isListpackEncoded() ? RdbTypes.HASH_LISTPACK : RdbTypes.HASH;
        }
        if (value instanceof StreamValue) {
            // An empty stream is a valid key (XGROUP CREATE … MKSTREAM, XDEL of every entry).
            return v10 ? RdbTypes.STREAM_LISTPACKS_2 : RdbTypes.STREAM_LISTPACKS;
        }
        throw new IllegalArgumentException("no RDB encoding for " + value.getClass().getName());
    }

    /** Writes the body of {@code value} as {@code type} (from {@link #typeOf}). */
    void write(RedisValue value, int type) {
        switch (type) {
            case RdbTypes.STRING -> {
                StringValue sv = (StringValue) value;
                if (sv.isInteger()) {
                    enc.integerString(sv.longValue());
                } else {
                    enc.string(sv.bytes());
                }
            }
            case RdbTypes.LIST -> writeList((ListValue) value);
            case RdbTypes.LIST_QUICKLIST_2 -> writeQuicklist((ListValue) value);
            case RdbTypes.SET -> writeSet((SetValue) value);
            case RdbTypes.SET_INTSET -> enc.string(((SetValue) value).intsetBytes()); // the bytes Redis writes
            case RdbTypes.ZSET_2 -> writeZset((ZSetValue) value);
            case RdbTypes.ZSET_LISTPACK -> writeZsetListpack((ZSetValue) value);
            case RdbTypes.HASH -> writeHash((HashValue) value);
            case RdbTypes.HASH_LISTPACK -> writeHashListpack((HashValue) value);
            case RdbTypes.STREAM_LISTPACKS -> streams.write((StreamValue) value, false);
            case RdbTypes.STREAM_LISTPACKS_2 -> streams.write((StreamValue) value, true);
            default -> throw new IllegalArgumentException("type " + type + " is not written");
        }
    }

    private void writeList(ListValue list) {
        enc.length(list.size());
        for (byte[] element : list) {
            enc.string(element);
        }
    }

    private void writeSet(SetValue set) {
        enc.length(set.size());
        for (Key member : set) {
            enc.string(member.bytes());
        }
    }

    /** ZSET_2 from the highest score to the lowest, as rdbSaveObject does (O(1) inserts on load). */
    private void writeZset(ZSetValue zset) {
        enc.length(zset.size());
        for (ZSkipList.Node n = zset.last(); n != null; n = n.previous()) {
            enc.string(n.member().bytes());
            enc.binaryDouble(n.score());
        }
    }

    private void writeHash(HashValue hash) {
        enc.length(hash.size());
        for (HashValue.Field field : hash) {
            enc.string(field.key().bytes());
            enc.string(field.value());
        }
    }

    /** The hash's own listpack, byte for byte: it already is what Redis writes. */
    private void writeHashListpack(HashValue hash) {
        enc.string(hash.listpackBytes());
    }

    /** Ascending (score, member), scores as listpack integers or d2string text. */
    private void writeZsetListpack(ZSetValue zset) {
        enc.string(zset.listpackBytes()); // already the bytes zzlInsert builds
    }

    /**
     * QUICKLIST_2: the list's own nodes, byte for byte (rdbSaveObject walks the quicklist the same
     * way): a PACKED node's listpack, a PLAIN node's element. A compressed inner node is written
     * from its raw bytes (the encoder decides about LZF, as for any string).
     */
    private void writeQuicklist(ListValue list) {
        Quicklist ql = list.quicklist();
        int n = ql.nodeCount();
        enc.length(n);
        for (int i = 0; i < n; i++) {
            Quicklist.Node node = ql.node(i);
            enc.length(node.plain() ? QUICKLIST_CONTAINER_PLAIN : QUICKLIST_CONTAINER_PACKED);
            enc.string(node.bytes());
        }
    }
}
