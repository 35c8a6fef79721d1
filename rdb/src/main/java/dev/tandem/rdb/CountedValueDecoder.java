/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import java.nio.charset.StandardCharsets;

/**
 * Values stored as a count followed by that many items, each item one unit: LIST (1),
 * SET (2), ZSET (3, string-double scores), ZSET_2 (5, binary scores), HASH (4) and the 7.4
 * hash-with-field-TTL forms HASH_METADATA (24: {@code minExpire} header, then
 * (ttl, field, value) with {@code ttl = 0} for none and absolute expiry
 * {@code ttl + minExpire − 1}) and its pre-GA form (22: no header, absolute ttl).
 */
final class CountedValueDecoder implements ValueDecoder {
    /** Type-3 score length bytes that stand for special values ({@code rdbLoadDoubleValue}). */
    private static final int SCORE_NAN = 253;
    private static final int SCORE_POS_INF = 254;
    private static final int SCORE_NEG_INF = 255;

    private final ReaderContext ctx;
    private final RdbKey key;
    private final int type;
    private long remaining = -1;
    private long minExpire;

    CountedValueDecoder(ReaderContext ctx, RdbKey key) {
        this.ctx = ctx;
        this.key = key;
        this.type = key.rdbType();
    }

    @Override
    public boolean step() {
        RdbInput in = ctx.input;
        if (remaining < 0) {
            long header = type == RdbTypes.HASH_METADATA ? in.le(8) : 0;
            long count = in.count(RdbTypes.name(type) + " element count");
            minExpire = header;
            remaining = count;
        } else {
            readElement(in);
            remaining--;
        }
        if (remaining == 0) {
            ctx.emitter.finish();
            return true;
        }
        return false;
    }

    private void readElement(RdbInput in) {
        switch (type) {
            case RdbTypes.LIST -> {
                byte[] e = in.string();
                ctx.emitter.listElement(e);
            }
            case RdbTypes.SET -> {
                byte[] m = in.string();
                ctx.emitter.setMember(m);
            }
            case RdbTypes.ZSET, RdbTypes.ZSET_2 -> {
                byte[] member = in.string();
                long scoreAt = in.offset();
                double score = type == RdbTypes.ZSET ? stringDouble(in, scoreAt)
                        : Double.longBitsToDouble(in.le(8));
                if (Double.isNaN(score)) {
                    throw nanScore(key, scoreAt);
                }
                ctx.emitter.zsetEntry(new ZsetEntry(member, score));
            }
            case RdbTypes.HASH -> {
                byte[] field = in.string();
                byte[] value = in.string();
                ctx.emitter.hashEntry(new HashEntry(field, value));
            }
            case RdbTypes.HASH_METADATA, RdbTypes.HASH_METADATA_PRE_GA -> {
                long ttl = in.length();
                byte[] field = in.string();
                byte[] value = in.string();
                long expireAt;
                if (ttl == 0) {
                    expireAt = HashEntry.NO_EXPIRY;
                } else if (type == RdbTypes.HASH_METADATA) {
                    expireAt = ttl + minExpire - 1;
                } else {
                    expireAt = ttl;
                }
                ctx.emitter.hashEntry(new HashEntry(field, value, expireAt));
            }
            default -> throw new IllegalStateException("not a counted type: " + type);
        }
    }

    private double stringDouble(RdbInput in, long at) {
        int len = in.u8();
        switch (len) {
            case SCORE_NAN:
                return Double.NaN;
            case SCORE_POS_INF:
                return Double.POSITIVE_INFINITY;
            case SCORE_NEG_INF:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] text = in.bytes(len);
                try {
                    return ScoreText.parse(text);
                } catch (NumberFormatException e) {
                    throw new RdbFormatException(RdbErrorKind.CORRUPT_VALUE, "invalid zset score \""
                            + new String(text, StandardCharsets.ISO_8859_1) + "\" in key "
                            + Printable.of(key.key()), at);
                }
        }
    }

    static RdbFormatException nanScore(RdbKey key, long at) {
        return new RdbFormatException(RdbErrorKind.NAN_SCORE, "NaN score in zset " + Printable.of(key.key()), at);
    }
}
