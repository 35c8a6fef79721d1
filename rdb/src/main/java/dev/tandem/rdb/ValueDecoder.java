/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

/**
 * Decodes one key's value, one bounded unit per {@link #step()} call.
 *
 * <p>Contract with the reader: a step first reads everything its unit needs (a read may throw
 * {@link RdbInput#UNDERFLOW}), and only then changes its own state and emits events. So an
 * incomplete unit leaves no trace, and the reader can rewind and retry it when more bytes
 * arrive.
 */
interface ValueDecoder {
    /** Parses the next unit; returns true once the value is complete. */
    boolean step();

    /** The decoder for {@code key}'s type; the key's string has already been read. */
    static ValueDecoder forKey(ReaderContext ctx, RdbKey key) {
        ctx.emitter.start(key);
        switch (key.rdbType()) {
            case RdbTypes.STRING:
                return () -> {
                    byte[] value = ctx.input.string();
                    ctx.emitter.string(value);
                    return true;
                };
            case RdbTypes.LIST:
            case RdbTypes.SET:
            case RdbTypes.ZSET:
            case RdbTypes.ZSET_2:
            case RdbTypes.HASH:
            case RdbTypes.HASH_METADATA_PRE_GA:
            case RdbTypes.HASH_METADATA:
                return new CountedValueDecoder(ctx, key);
            case RdbTypes.HASH_ZIPMAP:
            case RdbTypes.LIST_ZIPLIST:
            case RdbTypes.SET_INTSET:
            case RdbTypes.ZSET_ZIPLIST:
            case RdbTypes.HASH_ZIPLIST:
            case RdbTypes.HASH_LISTPACK:
            case RdbTypes.ZSET_LISTPACK:
            case RdbTypes.SET_LISTPACK:
            case RdbTypes.HASH_LISTPACK_EX_PRE_GA:
            case RdbTypes.HASH_LISTPACK_EX:
                return new BlobValueDecoder(ctx, key);
            case RdbTypes.LIST_QUICKLIST:
            case RdbTypes.LIST_QUICKLIST_2:
                return new QuicklistDecoder(ctx, key);
            case RdbTypes.STREAM_LISTPACKS:
            case RdbTypes.STREAM_LISTPACKS_2:
            case RdbTypes.STREAM_LISTPACKS_3:
                return new StreamDecoder(ctx, key);
            case RdbTypes.MODULE_2:
                return ModuleSkipper.forValue(ctx, key);
            default:
                throw new IllegalStateException("no decoder for type " + key.rdbType());
        }
    }
}
