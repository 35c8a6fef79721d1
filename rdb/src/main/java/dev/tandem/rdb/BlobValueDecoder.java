/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import dev.tandem.rdb.internal.codec.Intset;
import dev.tandem.rdb.internal.codec.IntegerStrings;
import dev.tandem.rdb.internal.codec.ListpackCursor;
import dev.tandem.rdb.internal.codec.MalformedDataException;
import dev.tandem.rdb.internal.codec.ZiplistCursor;
import dev.tandem.rdb.internal.codec.Zipmap;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Values stored as one string holding an in-memory structure (one unit, then decoded and
 * emitted in batches): zipmap (9), ziplist list (10), intset (11), ziplist zset (12) and hash
 * (13), listpack hash (16), zset (17) and set (20), and the 7.4 listpack hash with field TTLs
 * (25: an 8-byte {@code minExpire} that the loader ignores, then a listpack of
 * (field, value, ttl) triplets with ttl 0 = none; 23 is the same without the header).
 *
 * <p>The blob is validated as deeply as {@code redis-check-rdb} does (see the codec
 * classes); pair/triplet counts must divide evenly, and zset scores must parse and not be
 * NaN. Duplicate members are left to the consumer ({@link RdbCollector} checks them).
 */
final class BlobValueDecoder implements ValueDecoder {
    private final ReaderContext ctx;
    private final RdbKey key;
    private final int type;
    private long blobStringAt;
    private long blobDataAt;

    BlobValueDecoder(ReaderContext ctx, RdbKey key) {
        this.ctx = ctx;
        this.key = key;
        this.type = key.rdbType();
    }

    @Override
    public boolean step() {
        RdbInput in = ctx.input;
        if (type == RdbTypes.HASH_LISTPACK_EX) {
            in.le(8); // minExpire: ignored by Redis's loader for this type, and may be stale
        }
        long stringAt = in.offset();
        byte[] blob = in.string();
        long dataAt = in.lastStringDataOffset();
        String structure = structureName();
        blobStringAt = stringAt;
        blobDataAt = dataAt;
        try {
            if (adoptable() && ctx.visitor.acceptsCompactValues()) {
                handOver(blob);
                return true;
            }
            decode(blob);
        } catch (MalformedDataException e) {
            throw ReaderContext.corrupt(key, structure, e, dataAt, stringAt);
        }
        ctx.emitter.finish();
        return true;
    }

    private boolean adoptable() {
        return type == RdbTypes.HASH_LISTPACK || type == RdbTypes.ZSET_LISTPACK || type == RdbTypes.SET_INTSET;
    }

    /**
     * Checks the structure and hands the bytes over whole: no element objects at all. An empty
     * structure is reported as an empty key, as the decoding path does.
     */
    private void handOver(byte[] blob) {
        int entries;
        try {
            entries = type == RdbTypes.SET_INTSET ? dev.tandem.core.internal.compact.Intset.validate(blob)
                    : dev.tandem.core.internal.compact.Listpack.validate(blob);
        } catch (IllegalArgumentException e) {
            throw new MalformedDataException(e.getMessage(), 0);
        }
        if (type != RdbTypes.SET_INTSET && (entries & 1) != 0) {
            throw new MalformedDataException("odd number of entries in a pair listpack", 0);
        }
        if (entries > 0) {
            ctx.emitter.begin();
            ctx.visitor.onCompactValue(key, blob, entries);
        }
        ctx.emitter.finish();
    }

    private String structureName() {
        return switch (type) {
            case RdbTypes.HASH_ZIPMAP -> "zipmap";
            case RdbTypes.SET_INTSET -> "intset";
            case RdbTypes.LIST_ZIPLIST, RdbTypes.ZSET_ZIPLIST, RdbTypes.HASH_ZIPLIST -> "ziplist";
            default -> "listpack";
        };
    }

    private void decode(byte[] blob) {
        switch (type) {
            case RdbTypes.HASH_ZIPMAP -> {
                List<byte[]> items = Zipmap.decode(blob);
                for (int i = 0; i < items.size(); i += 2) {
                    ctx.emitter.hashEntry(new HashEntry(items.get(i), items.get(i + 1)));
                }
            }
            case RdbTypes.SET_INTSET -> {
                for (long v : Intset.decode(blob)) {
                    ctx.emitter.setMember(IntegerStrings.toBytes(v));
                }
            }
            case RdbTypes.LIST_ZIPLIST -> {
                ZiplistCursor c = new ZiplistCursor(blob);
                while (c.next()) {
                    ctx.emitter.listElement(c.bytes());
                }
            }
            case RdbTypes.ZSET_ZIPLIST, RdbTypes.HASH_ZIPLIST -> decodeZiplistPairs(blob);
            case RdbTypes.SET_LISTPACK -> {
                ListpackCursor c = new ListpackCursor(blob);
                while (c.next()) {
                    ctx.emitter.setMember(c.bytes());
                }
            }
            case RdbTypes.HASH_LISTPACK, RdbTypes.ZSET_LISTPACK -> decodeListpackPairs(blob);
            case RdbTypes.HASH_LISTPACK_EX, RdbTypes.HASH_LISTPACK_EX_PRE_GA -> decodeListpackTriplets(blob);
            default -> throw new IllegalStateException("not a blob type: " + type);
        }
    }

    private void decodeZiplistPairs(byte[] blob) {
        ZiplistCursor c = new ZiplistCursor(blob);
        while (c.next()) {
            byte[] first = c.bytes();
            int firstPos = c.entryPosition();
            if (!c.next()) {
                throw new MalformedDataException("odd number of entries in a pair ziplist", firstPos);
            }
            if (type == RdbTypes.ZSET_ZIPLIST) {
                double score = c.isInteger() ? c.integer() : parseScore(c.stringBytes(), c.entryPosition());
                ctx.emitter.zsetEntry(new ZsetEntry(first, score));
            } else {
                ctx.emitter.hashEntry(new HashEntry(first, c.bytes()));
            }
        }
    }

    private void decodeListpackPairs(byte[] blob) {
        ListpackCursor c = new ListpackCursor(blob);
        while (c.next()) {
            byte[] first = c.bytes();
            int firstPos = c.entryPosition();
            if (!c.next()) {
                throw new MalformedDataException("odd number of entries in a pair listpack", firstPos);
            }
            if (type == RdbTypes.ZSET_LISTPACK) {
                double score = c.isInteger() ? c.integer() : parseScore(c.stringBytes(), c.entryPosition());
                ctx.emitter.zsetEntry(new ZsetEntry(first, score));
            } else {
                ctx.emitter.hashEntry(new HashEntry(first, c.bytes()));
            }
        }
    }

    private void decodeListpackTriplets(byte[] blob) {
        ListpackCursor c = new ListpackCursor(blob);
        while (c.next()) {
            byte[] field = c.bytes();
            int fieldPos = c.entryPosition();
            if (!c.next()) {
                throw new MalformedDataException("hash field without value in a field-TTL listpack", fieldPos);
            }
            byte[] value = c.bytes();
            long ttl = c.nextInteger("field TTL");
            if (ttl < 0) {
                throw new MalformedDataException("negative hash field TTL " + ttl, c.entryPosition());
            }
            ctx.emitter.hashEntry(new HashEntry(field, value, ttl == 0 ? HashEntry.NO_EXPIRY : ttl));
        }
    }

    private double parseScore(byte[] text, int position) {
        double score;
        try {
            score = ScoreText.parse(text);
        } catch (NumberFormatException e) {
            throw new MalformedDataException("invalid zset score \""
                    + new String(text, StandardCharsets.ISO_8859_1) + "\"", position);
        }
        if (Double.isNaN(score)) {
            throw CountedValueDecoder.nanScore(key, blobDataAt >= 0 ? blobDataAt + position : blobStringAt);
        }
        return score;
    }
}
