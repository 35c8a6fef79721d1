/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.Key;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StringValue;
import java.util.ArrayList;
import java.util.List;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN n] [WITHMATCHLEN] (t_string.c lcsCommand): the
 * longest common subsequence by the classic dynamic-programming table, walked back from the end
 * with Redis's tie-break (prefer dropping a byte of the second string), so that the reported
 * string and match ranges equal Redis's.
 */
final class Lcs {
    private Lcs() {
    }

    static Reply lcs(ExecutionContext ctx, byte[][] argv) {
        Entry ea = ctx.lookupRead(Key.of(argv[1]));
        Entry eb = ctx.lookupRead(Key.of(argv[2]));
        if ((ea != null && !(ea.value() instanceof StringValue))
                || (eb != null && !(eb.value() instanceof StringValue))) {
            throw new RedisError("ERR The specified keys must contain string values");
        }
        byte[] a = ea == null ? new byte[0] : ((StringValue) ea.value()).bytes();
        byte[] b = eb == null ? new byte[0] : ((StringValue) eb.value()).bytes();
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean moreArgs = j < argv.length - 1;
            if (Args.is(argv[j], "IDX")) {
                getIdx = true;
            } else if (Args.is(argv[j], "LEN")) {
                getLen = true;
            } else if (Args.is(argv[j], "WITHMATCHLEN")) {
                withMatchLen = true;
            } else if (Args.is(argv[j], "MINMATCHLEN") && moreArgs) {
                minMatchLen = Math.max(0, Args.parseLong(argv[++j]));
            } else {
                throw RedisError.syntax();
            }
        }
        if (getLen && getIdx) {
            throw new RedisError("ERR If you want both the length and indexes, please just use IDX.");
        }
        long cells = (long) (a.length + 1) * (b.length + 1);
        if (cells * Integer.BYTES > StringCommands.PROTO_MAX_BULK_LEN) {
            throw new RedisError("ERR Insufficient memory, transient memory for LCS exceeds "
                    + "proto-max-bulk-len");
        }
        int width = b.length + 1;
        int[] table = new int[(int) cells];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                table[i * width + j] = a[i - 1] == b[j - 1]
                        ? table[(i - 1) * width + j - 1] + 1
                        : Math.max(table[(i - 1) * width + j], table[i * width + j - 1]);
            }
        }
        int length = table[a.length * width + b.length];
        if (getLen) {
            return Reply.integer(length);
        }
        byte[] common = new byte[length];
        List<Reply> matches = new ArrayList<>();
        int idx = length;
        int i = a.length;
        int j = b.length;
        // A range of matched bytes being extended backwards; aStart == a.length means none.
        int aStart = a.length;
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                common[idx - 1] = a[i - 1];
                if (aStart == a.length) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            } else {
                if (table[(i - 1) * width + j] > table[i * width + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != a.length) {
                    emit = true;
                }
            }
            int matchLen = aEnd - aStart + 1;
            if (emit) {
                if (getIdx && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    List<Reply> match = new ArrayList<>(3);
                    match.add(Reply.array(List.of(Reply.integer(aStart), Reply.integer(aEnd))));
                    match.add(Reply.array(List.of(Reply.integer(bStart), Reply.integer(bEnd))));
                    if (withMatchLen) {
                        match.add(Reply.integer(matchLen));
                    }
                    matches.add(Reply.array(match));
                }
                aStart = a.length;
            }
        }
        if (getIdx) {
            return new Reply.MapReply(List.of(Reply.bulk("matches"), Reply.array(matches),
                    Reply.bulk("len"), Reply.integer(length)));
        }
        return Reply.bulk(common);
    }
}
