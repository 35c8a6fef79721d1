/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.RedisError;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;

/**
 * The options XADD and XTRIM share (t_stream.c streamParseAddOrTrimArgsOrReply): MAXLEN or
 * MINID with {@code =} or {@code ~}, LIMIT, and for XADD NOMKSTREAM and the ID, with Redis's
 * error texts in Redis's order. A command from the master gets no LIMIT at all, as in Redis:
 * the master already rewrote an approximate trim into the exact one it performed.
 */
final class StreamTrimArgs {
    /** No trimming. */
    static final int NONE = 0;
    static final int MAXLEN = 1;
    static final int MINID = 2;

    int strategy = NONE;
    /** Index of the threshold argument (MAXLEN's count, MINID's ID). */
    int thresholdIndex;
    boolean approx;
    long maxlen;
    StreamId minId;
    long limit;
    boolean noMkStream;
    /** XADD: whether an ID (not {@code *}) was given, and whether its sequence was. */
    boolean idGiven;
    boolean seqGiven;
    StreamId id;
    /** XADD: where the ID ({@code *} or explicit) is. */
    int idIndex;

    private StreamTrimArgs() {
    }

    static StreamTrimArgs parse(byte[][] argv, boolean xadd, boolean fromMaster, long nodeMaxEntries) {
        StreamTrimArgs a = new StreamTrimArgs();
        boolean limitGiven = false;
        int i = 2;
        for (; i < argv.length; i++) {
            int moreArgs = argv.length - 1 - i;
            byte[] opt = argv[i];
            if (xadd && opt.length >= 1 && opt[0] == '*' && (opt.length == 1 || opt[1] == 0)) {
                break;
            } else if (Args.is(opt, "MAXLEN") && moreArgs > 0) {
                i = a.strategy(argv, i, moreArgs, MAXLEN);
                a.maxlen = Args.parseLong(argv[i]);
                if (a.maxlen < 0) {
                    throw new RedisError("ERR The MAXLEN argument must be >= 0.");
                }
            } else if (Args.is(opt, "MINID") && moreArgs > 0) {
                i = a.strategy(argv, i, moreArgs, MINID);
                a.minId = StreamCommands.parseId(argv[i], 0, true);
            } else if (Args.is(opt, "LIMIT") && moreArgs > 0) {
                a.limit = Args.parseLong(argv[i + 1]);
                if (a.limit < 0) {
                    throw new RedisError("ERR The LIMIT argument must be >= 0.");
                }
                limitGiven = true;
                i++;
            } else if (xadd && Args.is(opt, "NOMKSTREAM")) {
                a.noMkStream = true;
            } else if (xadd) {
                StreamCommands.AddId parsed = StreamCommands.parseAddId(opt);
                a.id = parsed.id();
                a.seqGiven = parsed.seqGiven();
                a.idGiven = true;
                break;
            } else {
                throw RedisError.syntax();
            }
        }
        a.idIndex = i;
        if (a.limit != 0 && a.strategy == NONE) {
            throw new RedisError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && a.strategy == NONE) {
            throw new RedisError("ERR syntax error, XTRIM must be called with a trimming strategy");
        }
        if (fromMaster) {
            a.limit = 0;
        } else if (limitGiven) {
            if (!a.approx) {
                throw new RedisError("ERR syntax error, LIMIT cannot be used without the special ~ option");
            }
        } else if (a.approx) {
            // At most 100 nodes' worth of work per call (100 * stream-node-max-entries), capped
            // on both sides as Redis caps it (0 entries per node: 10000).
            a.limit = nodeMaxEntries <= 0 ? 10_000 : nodeMaxEntries > 10_000 ? 1_000_000 : 100 * nodeMaxEntries;
        } else {
            a.limit = 0;
        }
        return a;
    }

    /** MAXLEN/MINID [=|~]: returns the index of the threshold. */
    private int strategy(byte[][] argv, int i, int moreArgs, int which) {
        if (strategy != NONE) {
            throw new RedisError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
        }
        approx = false;
        byte[] next = argv[i + 1];
        if (moreArgs >= 2 && isSingle(next, '~')) {
            approx = true;
            i++;
        } else if (moreArgs >= 2 && isSingle(next, '=')) {
            i++;
        }
        strategy = which;
        thresholdIndex = i + 1;
        return i + 1;
    }

    /** The C-string test {@code s[0] == c && s[1] == '\0'}. */
    private static boolean isSingle(byte[] s, char c) {
        return s.length >= 1 && s[0] == c && (s.length == 1 || s[1] == 0);
    }

    /** Runs the trim on {@code s}; returns how many entries went. */
    long trim(StreamValue s) {
        return s.trim(strategy == MAXLEN ? maxlen : 0, strategy == MINID ? minId : null, approx, limit);
    }

    /**
     * streamRewriteApproxSpecifier + streamRewriteTrimArgument: an approximate trim propagates
     * as the exact trim it amounted to ({@code =} and the length, or the first ID left).
     */
    void rewriteApprox(byte[][] out, StreamValue s) {
        out[thresholdIndex - 1] = new byte[] {'='};
        out[thresholdIndex] = strategy == MAXLEN
                ? Args.bytes(s.length())
                : s.firstIdWithTombstones().toBytes();
    }
}
