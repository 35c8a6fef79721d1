/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared part of HSCAN and SSCAN (db.c parseScanCursorOrReply and scanGenericCommand):
 * cursor parsing, the COUNT and MATCH options, the bounded scan loop and the reply shape.
 */
final class CollectionScan {
    /** The reply for a missing key: cursor 0 and no elements. */
    static final Reply EMPTY = Reply.array(List.of(Reply.bulk("0"), Reply.EMPTY_ARRAY));

    private CollectionScan() {
    }

    /** One step over a hash table: appends what the cursor's bucket(s) hold; the next cursor. */
    @FunctionalInterface
    interface Step {
        long scan(long cursor, List<byte[]> out);
    }

    /** COUNT (default 10) and MATCH (null when absent or exactly "*"). */
    record Options(long count, byte[] pattern) {
        boolean matches(byte[] element) {
            return pattern == null || GlobPattern.matches(pattern, element);
        }
    }

    /**
     * The cursor as C's strtoul reads it: an unsigned 64-bit decimal, optionally signed (a
     * minus negates modulo 2^64, as strtoul does), no leading space, nothing after the digits;
     * an empty string is cursor 0. Otherwise {@code ERR invalid cursor}.
     */
    static long parseCursor(byte[] s) {
        RedisError invalid = new RedisError("ERR invalid cursor");
        int len = s.length;
        if (len == 0) {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '+' || s[0] == '-') {
            negative = s[0] == '-';
            i = 1;
        }
        if (i >= len) {
            throw invalid;
        }
        long v = 0;
        for (; i < len; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                throw invalid;
            }
            // v * 10 + d must stay within 2^64 - 1, compared unsigned.
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                throw invalid;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }

    /** Parses {@code [MATCH pattern] [COUNT count]} from {@code argv[from]} on. */
    static Options parseOptions(byte[][] argv, int from) {
        long count = 10;
        byte[] pattern = null;
        for (int i = from; i < argv.length; i += 2) {
            boolean hasValue = i + 1 < argv.length;
            if (Args.is(argv[i], "COUNT") && hasValue) {
                count = Args.parseLong(argv[i + 1]);
                if (count < 1) {
                    throw RedisError.syntax();
                }
            } else if (Args.is(argv[i], "MATCH") && hasValue) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
            } else {
                throw RedisError.syntax();
            }
        }
        return new Options(count, pattern);
    }

    /**
     * Runs Redis's scan loop over a hash table: steps until {@code count} elements were
     * collected, the iteration ended, or ten times {@code count} steps went by (sparse tables).
     * {@code groupSize} is 2 when each entry yields a field and a value; MATCH then filters on
     * the field.
     */
    static Reply scan(Step step, long cursor, Options options, int groupSize) {
        long count = saturatingMultiply(options.count(), groupSize);
        long maxIterations = saturatingMultiply(count, 10);
        List<byte[]> found = new ArrayList<>();
        do {
            cursor = step.scan(cursor, found);
        } while (cursor != 0 && maxIterations-- != 0 && found.size() < count);
        return reply(cursor, found, options, groupSize);
    }

    /** The reply for elements gathered in one go (listpack or intset: cursor 0). */
    static Reply reply(long cursor, List<byte[]> found, Options options, int groupSize) {
        List<Reply> out = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i += groupSize) {
            if (!options.matches(found.get(i))) {
                continue;
            }
            for (int k = 0; k < groupSize; k++) {
                out.add(Reply.bulk(found.get(i + k)));
            }
        }
        return Reply.array(List.of(Reply.bulk(Long.toUnsignedString(cursor)), Reply.array(out)));
    }

    private static long saturatingMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
