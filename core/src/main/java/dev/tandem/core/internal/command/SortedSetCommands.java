/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.Key;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.LexRange;
import dev.tandem.core.value.ScoreFormat;
import dev.tandem.core.value.ScoreRange;
import dev.tandem.core.value.ValueType;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.core.value.ZSkipList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Sorted set commands (t_zset.c), with Redis 7.0's replies, error texts and propagation.
 *
 * <p>Propagation: every write here is propagated verbatim when it changed something (Redis's
 * {@code server.dirty}), so replicas re-execute it deterministically: ZADD, ZINCRBY, ZREM,
 * ZREMRANGEBY*, ZPOPMIN/ZPOPMAX (count included, even when larger than the set), the *STORE
 * commands (also when an empty result deletes the destination). ZMPOP is the exception: it is
 * rewritten to {@code ZPOPMIN|ZPOPMAX key <popped count>}. Blocking variants (BZPOPMIN,
 * BZMPOP...) are not implemented: the keyspace has no blocking machinery.
 *
 * <p>Scores in replies are {@link Reply.DoubleReply} (a RESP2 client gets them as bulk strings
 * in {@link ScoreFormat#format} text); WITHSCORES is a flat array in RESP2 and an array of
 * [member, score] pairs in RESP3, as Redis.
 */
public final class SortedSetCommands {
    static final String NAN_RESULT = "ERR resulting score is not a number (NaN)";
    static final String POSITIVE = "ERR value is out of range, must be positive";

    private SortedSetCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.write("zadd", -4, 1, 1, 1, SortedSetCommands::zadd));
        t.register(CommandSpec.write("zincrby", 4, 1, 1, 1, SortedSetCommands::zincrby));
        t.register(CommandSpec.write("zrem", -3, 1, 1, 1, SortedSetCommands::zrem));
        t.register(CommandSpec.write("zremrangebyscore", 4, 1, 1, 1,
                (ctx, argv) -> zremrange(ctx, argv, RangeType.SCORE)));
        t.register(CommandSpec.write("zremrangebyrank", 4, 1, 1, 1,
                (ctx, argv) -> zremrange(ctx, argv, RangeType.RANK)));
        t.register(CommandSpec.write("zremrangebylex", 4, 1, 1, 1,
                (ctx, argv) -> zremrange(ctx, argv, RangeType.LEX)));
        t.register(CommandSpec.write("zpopmin", -2, 1, 1, 1, (ctx, argv) -> zpop(ctx, argv, false)));
        t.register(CommandSpec.write("zpopmax", -2, 1, 1, 1, (ctx, argv) -> zpop(ctx, argv, true)));
        t.register(CommandSpec.write("zmpop", -4, 0, 0, 0, SortedSetCommands::zmpop));
        t.register(CommandSpec.write("zunionstore", -4, 1, 1, 1,
                (ctx, argv) -> setOperation(ctx, argv, SetOp.UNION, true, false)));
        t.register(CommandSpec.write("zinterstore", -4, 1, 1, 1,
                (ctx, argv) -> setOperation(ctx, argv, SetOp.INTER, true, false)));
        t.register(CommandSpec.write("zdiffstore", -4, 1, 1, 1,
                (ctx, argv) -> setOperation(ctx, argv, SetOp.DIFF, true, false)));
        t.register(CommandSpec.read("zunion", -3, 0, 0, 0,
                (ctx, argv) -> setOperation(ctx, argv, SetOp.UNION, false, false)));
        t.register(CommandSpec.read("zinter", -3, 0, 0, 0,
                (ctx, argv) -> setOperation(ctx, argv, SetOp.INTER, false, false)));
        t.register(CommandSpec.read("zdiff", -3, 0, 0, 0,
                (ctx, argv) -> setOperation(ctx, argv, SetOp.DIFF, false, false)));
        t.register(CommandSpec.read("zintercard", -3, 0, 0, 0,
                (ctx, argv) -> setOperation(ctx, argv, SetOp.INTER, false, true)));
        t.register(CommandSpec.write("zrangestore", -5, 1, 2, 1,
                (ctx, argv) -> zrange(ctx, argv, 2, true, RangeType.AUTO, Direction.AUTO)));
        t.register(CommandSpec.read("zrange", -4, 1, 1, 1,
                (ctx, argv) -> zrange(ctx, argv, 1, false, RangeType.AUTO, Direction.AUTO)));
        t.register(CommandSpec.read("zrevrange", -4, 1, 1, 1,
                (ctx, argv) -> zrange(ctx, argv, 1, false, RangeType.RANK, Direction.REVERSE)));
        t.register(CommandSpec.read("zrangebyscore", -4, 1, 1, 1,
                (ctx, argv) -> zrange(ctx, argv, 1, false, RangeType.SCORE, Direction.FORWARD)));
        t.register(CommandSpec.read("zrevrangebyscore", -4, 1, 1, 1,
                (ctx, argv) -> zrange(ctx, argv, 1, false, RangeType.SCORE, Direction.REVERSE)));
        t.register(CommandSpec.read("zrangebylex", -4, 1, 1, 1,
                (ctx, argv) -> zrange(ctx, argv, 1, false, RangeType.LEX, Direction.FORWARD)));
        t.register(CommandSpec.read("zrevrangebylex", -4, 1, 1, 1,
                (ctx, argv) -> zrange(ctx, argv, 1, false, RangeType.LEX, Direction.REVERSE)));
        t.register(CommandSpec.read("zcard", 2, 1, 1, 1, SortedSetCommands::zcard));
        t.register(CommandSpec.read("zscore", 3, 1, 1, 1, SortedSetCommands::zscore));
        t.register(CommandSpec.read("zmscore", -3, 1, 1, 1, SortedSetCommands::zmscore));
        t.register(CommandSpec.read("zrank", 3, 1, 1, 1, (ctx, argv) -> zrank(ctx, argv, false)));
        t.register(CommandSpec.read("zrevrank", 3, 1, 1, 1, (ctx, argv) -> zrank(ctx, argv, true)));
        t.register(CommandSpec.read("zcount", 4, 1, 1, 1, SortedSetCommands::zcount));
        t.register(CommandSpec.read("zlexcount", 4, 1, 1, 1, SortedSetCommands::zlexcount));
        t.register(CommandSpec.read("zscan", -3, 1, 1, 1, SortedSetCommands::zscan));
        t.register(CommandSpec.read("zrandmember", -2, 1, 1, 1, SortedSetCommands::zrandmember));
    }

    /** A member with its score, detached from the set (it may change after the read). */
    record Scored(Key member, double score) { }

    private enum RangeType { AUTO, RANK, SCORE, LEX }

    private enum Direction { AUTO, FORWARD, REVERSE }

    private enum SetOp { UNION, INTER, DIFF }

    static ZSetValue zset(Entry e) {
        return ExecutionContext.typed(e, ValueType.ZSET, ZSetValue.class);
    }

    private static String lower(byte[] name) {
        return Args.utf8(name).toLowerCase(Locale.ROOT);
    }

    // ---- ZADD / ZINCRBY ---------------------------------------------------------------------

    static Reply zadd(ExecutionContext ctx, byte[][] argv) {
        return zaddGeneric(ctx, argv, false);
    }

    static Reply zincrby(ExecutionContext ctx, byte[][] argv) {
        return zaddGeneric(ctx, argv, true);
    }

    /** t_zset.c zaddGenericCommand: ZADD, and ZINCRBY (which is ZADD with INCR forced). */
    private static Reply zaddGeneric(ExecutionContext ctx, byte[][] argv, boolean incrCommand) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = incrCommand;
        int scoreIdx = 2;
        // Options are parsed for ZINCRBY too: "ZINCRBY k nx m" ends up a syntax error, as Redis.
        for (; scoreIdx < argv.length; scoreIdx++) {
            byte[] opt = argv[scoreIdx];
            if (Args.is(opt, "NX")) {
                nx = true;
            } else if (Args.is(opt, "XX")) {
                xx = true;
            } else if (Args.is(opt, "CH")) {
                ch = true;
            } else if (Args.is(opt, "INCR")) {
                incr = true;
            } else if (Args.is(opt, "GT")) {
                gt = true;
            } else if (Args.is(opt, "LT")) {
                lt = true;
            } else {
                break;
            }
        }
        int elements = argv.length - scoreIdx;
        if (elements % 2 != 0 || elements == 0) {
            throw RedisError.syntax();
        }
        elements /= 2;
        if (nx && xx) {
            throw new RedisError("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new RedisError("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw new RedisError("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = Strtod.parseFloat(argv[scoreIdx + j * 2]);
        }
        Key key = Key.of(argv[1]);
        Entry entry = ctx.lookupWrite(key);
        ZSetValue z = zset(entry);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        if (z == null && !xx) {
            z = new ZSetValue();
            ctx.db().add(key, z);
        }
        if (z != null) {
            for (int j = 0; j < elements; j++) {
                Key member = Key.of(argv[scoreIdx + 1 + j * 2]);
                score = scores[j];
                // The score alone: a node of a compact set would decode the whole listpack.
                Double existing = z.score(member);
                if (existing != null) {
                    if (nx) {
                        continue;
                    }
                    double current = existing;
                    if (incr) {
                        score += current;
                        if (Double.isNaN(score)) {
                            throw new RedisError(NAN_RESULT);
                        }
                    }
                    if ((lt && score >= current) || (gt && score <= current)) {
                        continue;
                    }
                    processed++;
                    if (score != current) {
                        z.updateScore(member, score);
                        updated++;
                    }
                } else if (!xx) {
                    z.add(member, score, ctx.keyspace().encodingLimits());
                    added++;
                    processed++;
                }
            }
        }
        if (added + updated > 0) {
            ctx.touched(key);
            ctx.notify(NotifyFlags.ZSET, incr ? "zincr" : "zadd", key);
            ctx.propagateVerbatim();
        }
        if (incr) {
            return processed > 0 ? new Reply.DoubleReply(score) : Reply.NULL;
        }
        return Reply.integer(ch ? added + updated : added);
    }

    // ---- removal ------------------------------------------------------------------------------

    static Reply zrem(ExecutionContext ctx, byte[][] argv) {
        Key key = Key.of(argv[1]);
        ZSetValue z = zset(ctx.lookupWrite(key));
        if (z == null) {
            return Reply.ZERO;
        }
        long deleted = 0;
        for (int j = 2; j < argv.length; j++) {
            if (z.remove(Key.of(argv[j]))) {
                deleted++;
            }
            if (z.isEmpty()) {
                ctx.db().delete(key);
                break;
            }
        }
        if (deleted > 0) {
            ctx.touched(key);
            ctx.notify(NotifyFlags.ZSET, "zrem", key);
            if (ctx.db().peek(key) == null) {
                ctx.notify(NotifyFlags.GENERIC, "del", key);
            }
            ctx.propagateVerbatim();
        }
        return Reply.integer(deleted);
    }

    /** ZREMRANGEBYRANK / BYSCORE / BYLEX (t_zset.c zremrangeGenericCommand). */
    private static Reply zremrange(ExecutionContext ctx, byte[][] argv, RangeType type) {
        long start = 0;
        long end = 0;
        ScoreRange scoreRange = null;
        LexRange lexRange = null;
        switch (type) {
            case RANK -> {
                start = Args.parseLong(argv[2]);
                end = Args.parseLong(argv[3]);
            }
            case SCORE -> scoreRange = SortedSetArgs.parseScoreRange(argv[2], argv[3]);
            default -> lexRange = SortedSetArgs.parseLexRange(argv[2], argv[3]);
        }
        Key key = Key.of(argv[1]);
        ZSetValue z = zset(ctx.lookupWrite(key));
        if (z == null) {
            return Reply.ZERO;
        }
        long deleted;
        if (type == RangeType.RANK) {
            long len = z.size();
            if (start < 0) {
                start = len + start;
            }
            if (end < 0) {
                end = len + end;
            }
            if (start < 0) {
                start = 0;
            }
            if (start > end || start >= len) {
                return Reply.ZERO;
            }
            if (end >= len) {
                end = len - 1;
            }
            deleted = z.removeRankRange(start, end);
        } else if (type == RangeType.SCORE) {
            deleted = z.removeRange(scoreRange);
        } else {
            deleted = z.removeRange(lexRange);
        }
        if (deleted > 0) {
            // zremrangebyrank / zremrangebyscore / zremrangebylex, then the key's removal.
            ctx.notify(NotifyFlags.ZSET, Args.lower(ctx.argv()[0]), key);
        }
        if (z.isEmpty()) {
            ctx.db().delete(key);
            ctx.notify(NotifyFlags.GENERIC, "del", key);
        }
        if (deleted > 0) {
            ctx.touched(key);
            ctx.propagateVerbatim();
        }
        return Reply.integer(deleted);
    }

    // ---- ZPOPMIN / ZPOPMAX / ZMPOP -----------------------------------------------------------

    static Reply zpop(ExecutionContext ctx, byte[][] argv, boolean max) {
        if (argv.length > 3) {
            throw RedisError.syntax();
        }
        long count = -1; // plain single pop
        if (argv.length == 3) {
            count = SortedSetArgs.parseRangeLong(argv[2], 0, Long.MAX_VALUE, POSITIVE);
        }
        Key key = Key.of(argv[1]);
        ZSetValue z = zset(ctx.lookupWrite(key));
        if (z == null || count == 0) {
            return Reply.EMPTY_ARRAY;
        }
        List<Scored> popped = popFrom(ctx, key, z, max, count == -1 ? 1 : count);
        ctx.propagateVerbatim();
        boolean nested = ctx.client().protocol() > 2 && count != -1;
        return nested ? pairs(popped) : flatWithScores(popped);
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]; propagated as ZPOPMIN/ZPOPMAX key n. */
    static Reply zmpop(ExecutionContext ctx, byte[][] argv) {
        long numkeys = SortedSetArgs.parseRangeLong(argv[1], 1, Long.MAX_VALUE, "ERR numkeys should be greater than 0");
        long whereIdx = 1 + numkeys + 1;
        if (whereIdx >= argv.length) {
            throw RedisError.syntax();
        }
        boolean max;
        if (Args.is(argv[(int) whereIdx], "MIN")) {
            max = false;
        } else if (Args.is(argv[(int) whereIdx], "MAX")) {
            max = true;
        } else {
            throw RedisError.syntax();
        }
        long count = -1;
        for (int j = (int) whereIdx + 1; j < argv.length; j++) {
            boolean moreArgs = j < argv.length - 1;
            if (count == -1 && Args.is(argv[j], "COUNT") && moreArgs) {
                count = SortedSetArgs.parseRangeLong(argv[++j], 1, Long.MAX_VALUE, "ERR count should be greater than 0");
            } else {
                throw RedisError.syntax();
            }
        }
        if (count == -1) {
            count = 1;
        }
        for (int i = 2; i < whereIdx; i++) {
            Key key = Key.of(argv[i]);
            ZSetValue z = zset(ctx.lookupWrite(key));
            if (z == null) {
                continue;
            }
            List<Scored> popped = popFrom(ctx, key, z, max, count);
            ctx.propagate(Args.bytes(max ? "ZPOPMAX" : "ZPOPMIN"), key.bytes(), Args.bytes(popped.size()));
            return Reply.array(List.of(Reply.bulk(key.bytes()), pairs(popped)));
        }
        return Reply.NULL_ARRAY;
    }

    /** Pops up to {@code count} members from one end; deletes the key when it empties. */
    private static List<Scored> popFrom(ExecutionContext ctx, Key key, ZSetValue z, boolean max, long count) {
        int n = (int) Math.min(count, z.size());
        List<Scored> popped = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ZSkipList.Node node = max ? z.last() : z.first();
            popped.add(new Scored(node.member(), node.score()));
            z.remove(node.member());
        }
        ctx.notify(NotifyFlags.ZSET, max ? "zpopmax" : "zpopmin", key);
        if (z.isEmpty()) {
            ctx.db().delete(key);
            ctx.notify(NotifyFlags.GENERIC, "del", key);
        }
        ctx.touched(key);
        return popped;
    }

    // ---- Z*STORE and ZUNION / ZINTER / ZDIFF / ZINTERCARD ------------------------------------

    /** t_zset.c zunionInterDiffGenericCommand. */
    private static Reply setOperation(ExecutionContext ctx, byte[][] argv, SetOp op, boolean store,
                                      boolean cardinalityOnly) {
        int numkeysIdx = store ? 2 : 1;
        long setnum = Args.parseLong(argv[numkeysIdx]);
        if (setnum < 1) {
            throw new RedisError("ERR at least 1 input key is needed for '" + lower(argv[0]) + "' command");
        }
        if (setnum > argv.length - (numkeysIdx + 1)) {
            throw RedisError.syntax();
        }
        int n = (int) setnum;
        List<SortedSetAlgebra.Source> sources = new ArrayList<>(n);
        int j = numkeysIdx + 1;
        for (int i = 0; i < n; i++, j++) {
            Entry e = ctx.lookupRead(Key.of(argv[j]));
            sources.add(new SortedSetAlgebra.Source(e == null ? null : SortedSetAlgebra.scoredMembers(e.value())));
        }
        SortedSetAlgebra.Aggregate aggregate = SortedSetAlgebra.Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        int remaining = argv.length - j;
        while (remaining > 0) {
            if (op != SetOp.DIFF && !cardinalityOnly && remaining >= n + 1 && Args.is(argv[j], "WEIGHTS")) {
                j++;
                remaining--;
                for (int i = 0; i < n; i++, j++, remaining--) {
                    sources.get(i).weight = Strtod.parseFloat(argv[j], "ERR weight value is not a float");
                }
            } else if (op != SetOp.DIFF && !cardinalityOnly && remaining >= 2 && Args.is(argv[j], "AGGREGATE")) {
                j++;
                remaining--;
                if (Args.is(argv[j], "SUM")) {
                    aggregate = SortedSetAlgebra.Aggregate.SUM;
                } else if (Args.is(argv[j], "MIN")) {
                    aggregate = SortedSetAlgebra.Aggregate.MIN;
                } else if (Args.is(argv[j], "MAX")) {
                    aggregate = SortedSetAlgebra.Aggregate.MAX;
                } else {
                    throw RedisError.syntax();
                }
                j++;
                remaining--;
            } else if (remaining >= 1 && !store && !cardinalityOnly && Args.is(argv[j], "WITHSCORES")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardinalityOnly && remaining >= 2 && Args.is(argv[j], "LIMIT")) {
                j++;
                remaining--;
                limit = SortedSetArgs.parseRangeLong(argv[j], 0, Long.MAX_VALUE, "ERR LIMIT can't be negative");
                j++;
                remaining--;
            } else {
                throw RedisError.syntax();
            }
        }
        if (op != SetOp.DIFF) {
            // Smallest first (a stable sort, like glibc's merge-sort qsort): it bounds the work
            // of INTER and fixes the order in which scores are aggregated.
            sources.sort(Comparator.comparingInt(SortedSetAlgebra.Source::size));
        }
        if (cardinalityOnly) {
            return Reply.integer(SortedSetAlgebra.intersectionCardinality(sources, limit));
        }
        ZSetValue result = switch (op) {
            case INTER -> SortedSetAlgebra.intersection(sources, aggregate);
            case UNION -> SortedSetAlgebra.union(sources, aggregate);
            case DIFF -> SortedSetAlgebra.difference(sources);
        };
        if (store) {
            Key dst = Key.of(argv[1]);
            return storeResult(ctx, dst, result);
        }
        List<Scored> items = new ArrayList<>(result.size());
        result.forEach((m, s) -> items.add(new Scored(m, s)));
        return withScores ? withScores(ctx, items) : membersOnly(items);
    }

    /**
     * Writes a *STORE result: a non-empty result replaces the destination (any type, TTL
     * dropped); an empty one deletes it. Propagated verbatim when the dataset changed.
     */
    private static Reply storeResult(ExecutionContext ctx, Key dst, ZSetValue result) {
        if (result.size() > 0) {
            result.compactIfSmall(ctx.keyspace().encodingLimits());
            ctx.lookupWrite(dst); // setKey's lookupKeyWrite: an expired destination is deleted first
            ctx.db().set(dst, result, false);
            ctx.touched(dst);
            // zunionstore / zinterstore / zdiffstore / zrangestore: the command's own name.
            ctx.notify(NotifyFlags.ZSET, Args.lower(ctx.argv()[0]), dst);
            ctx.propagateVerbatim();
            return Reply.integer(result.size());
        }
        // dbDelete, without an expiry check: an expired destination goes away just the same.
        if (ctx.db().peek(dst) != null) {
            ctx.db().delete(dst);
            ctx.touched(dst);
            ctx.notify(NotifyFlags.GENERIC, "del", dst);
            ctx.propagateVerbatim();
        }
        return Reply.ZERO;
    }

    // ---- ZRANGE and friends -------------------------------------------------------------------

    /** t_zset.c zrangeGenericCommand: ZRANGE, ZRANGESTORE, ZREVRANGE, Z[REV]RANGEBY{SCORE,LEX}. */
    private static Reply zrange(ExecutionContext ctx, byte[][] argv, int srcIdx, boolean store,
                                RangeType type, Direction direction) {
        int minIdx = srcIdx + 1;
        int maxIdx = srcIdx + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = srcIdx + 3; j < argv.length; j++) {
            int leftArgs = argv.length - j - 1;
            if (!store && Args.is(argv[j], "WITHSCORES")) {
                withScores = true;
            } else if (Args.is(argv[j], "LIMIT") && leftArgs >= 2) {
                offset = Args.parseLong(argv[j + 1]);
                limit = Args.parseLong(argv[j + 2]);
                j += 2;
            } else if (direction == Direction.AUTO && Args.is(argv[j], "REV")) {
                direction = Direction.REVERSE;
            } else if (type == RangeType.AUTO && Args.is(argv[j], "BYLEX")) {
                type = RangeType.LEX;
            } else if (type == RangeType.AUTO && Args.is(argv[j], "BYSCORE")) {
                type = RangeType.SCORE;
            } else {
                throw RedisError.syntax();
            }
        }
        if (direction == Direction.AUTO) {
            direction = Direction.FORWARD;
        }
        if (type == RangeType.AUTO) {
            type = RangeType.RANK;
        }
        if (limit != -1 && type == RangeType.RANK) {
            throw new RedisError(
                    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && type == RangeType.LEX) {
            throw new RedisError("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        boolean reverse = direction == Direction.REVERSE;
        if (reverse && type != RangeType.RANK) {
            int tmp = maxIdx; // the range is given as max, min
            maxIdx = minIdx;
            minIdx = tmp;
        }
        long start = 0;
        long end = 0;
        ScoreRange scoreRange = null;
        LexRange lexRange = null;
        switch (type) {
            case RANK -> {
                start = Args.parseLong(argv[minIdx]);
                end = Args.parseLong(argv[maxIdx]);
            }
            case SCORE -> scoreRange = SortedSetArgs.parseScoreRange(argv[minIdx], argv[maxIdx]);
            default -> lexRange = SortedSetArgs.parseLexRange(argv[minIdx], argv[maxIdx]);
        }
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[srcIdx])));
        List<Scored> items;
        boolean compactResult = true;
        if (z == null) {
            items = List.of();
        } else if (type == RangeType.RANK) {
            items = byRank(z, start, end, reverse);
            compactResult = items.size() <= ctx.keyspace().encodingLimits().zsetMaxListpackEntries();
        } else if (type == RangeType.SCORE) {
            items = byScore(z, scoreRange, offset, limit, reverse);
        } else {
            items = byLex(z, lexRange, offset, limit, reverse);
        }
        if (store) {
            // zrangeResultBeginStore picks the encoding from the rank range's length; score and
            // lex ranges start compact. Adding converts as usual.
            ZSetValue result = new ZSetValue(compactResult, items.size());
            for (Scored s : items) {
                result.add(s.member(), s.score(), ctx.keyspace().encodingLimits());
            }
            return storeResult(ctx, Key.of(argv[1]), result);
        }
        return withScores ? withScores(ctx, items) : membersOnly(items);
    }

    private static List<Scored> byRank(ZSetValue z, long start, long end, boolean reverse) {
        long len = z.size();
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= len) {
            return List.of();
        }
        if (end >= len) {
            end = len - 1;
        }
        int rangeLen = (int) (end - start + 1);
        List<Scored> out = new ArrayList<>(rangeLen);
        ZSkipList.Node node = reverse ? z.byRank(len - 1 - start) : z.byRank(start);
        for (int i = 0; i < rangeLen; i++) {
            out.add(new Scored(node.member(), node.score()));
            node = reverse ? node.previous() : node.next();
        }
        return out;
    }

    private static List<Scored> byScore(ZSetValue z, ScoreRange range, long offset, long limit, boolean reverse) {
        if (offset > 0 && offset >= z.size()) {
            return List.of();
        }
        ZSkipList.Node node = reverse ? z.lastInRange(range) : z.firstInRange(range);
        // A negative offset walks off the end (the C loop "while (ln && offset--)").
        while (node != null && offset-- != 0) {
            node = reverse ? node.previous() : node.next();
        }
        List<Scored> out = new ArrayList<>();
        // A negative limit means no limit.
        while (node != null && limit-- != 0) {
            if (reverse ? !range.gteMin(node.score()) : !range.lteMax(node.score())) {
                break;
            }
            out.add(new Scored(node.member(), node.score()));
            node = reverse ? node.previous() : node.next();
        }
        return out;
    }

    private static List<Scored> byLex(ZSetValue z, LexRange range, long offset, long limit, boolean reverse) {
        ZSkipList.Node node = reverse ? z.lastInRange(range) : z.firstInRange(range);
        while (node != null && offset-- != 0) {
            node = reverse ? node.previous() : node.next();
        }
        List<Scored> out = new ArrayList<>();
        while (node != null && limit-- != 0) {
            if (reverse ? !range.gteMin(node.member()) : !range.lteMax(node.member())) {
                break;
            }
            out.add(new Scored(node.member(), node.score()));
            node = reverse ? node.previous() : node.next();
        }
        return out;
    }

    // ---- reads ---------------------------------------------------------------------------------

    static Reply zcard(ExecutionContext ctx, byte[][] argv) {
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        return Reply.integer(z == null ? 0 : z.size());
    }

    static Reply zscore(ExecutionContext ctx, byte[][] argv) {
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        Double score = z == null ? null : z.score(Key.of(argv[2]));
        return score == null ? Reply.NULL : new Reply.DoubleReply(score);
    }

    static Reply zmscore(ExecutionContext ctx, byte[][] argv) {
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        List<Reply> out = new ArrayList<>(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            Double score = z == null ? null : z.score(Key.of(argv[j]));
            out.add(score == null ? Reply.NULL : new Reply.DoubleReply(score));
        }
        return Reply.array(out);
    }

    static Reply zrank(ExecutionContext ctx, byte[][] argv, boolean reverse) {
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        if (z == null) {
            return Reply.NULL;
        }
        long rank = z.rank(Key.of(argv[2]), reverse);
        return rank < 0 ? Reply.NULL : Reply.integer(rank);
    }

    static Reply zcount(ExecutionContext ctx, byte[][] argv) {
        ScoreRange range = SortedSetArgs.parseScoreRange(argv[2], argv[3]);
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        return Reply.integer(z == null ? 0 : z.count(range));
    }

    static Reply zlexcount(ExecutionContext ctx, byte[][] argv) {
        LexRange range = SortedSetArgs.parseLexRange(argv[2], argv[3]);
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        return Reply.integer(z == null ? 0 : z.count(range));
    }

    /**
     * ZSCAN key cursor [MATCH pattern] [COUNT count] (db.c scanGenericCommand). A compact set is
     * returned whole with cursor 0 and d2string scores, as Redis does for a listpack; otherwise
     * the member dict is scanned with %.17g scores.
     */
    static Reply zscan(ExecutionContext ctx, byte[][] argv) {
        long cursor = SortedSetArgs.parseScanCursor(argv[2]);
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        if (z == null) {
            return Reply.array(List.of(Reply.bulk("0"), Reply.EMPTY_ARRAY));
        }
        long count = 10;
        byte[] pattern = null;
        for (int i = 3; i < argv.length; ) {
            int left = argv.length - i;
            if (Args.is(argv[i], "COUNT") && left >= 2) {
                count = Args.parseLong(argv[i + 1]);
                if (count < 1) {
                    throw RedisError.syntax();
                }
                i += 2;
            } else if (Args.is(argv[i], "MATCH") && left >= 2) {
                byte[] p = argv[i + 1];
                pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else {
                throw RedisError.syntax();
            }
        }
        // Collect first, filter afterwards: COUNT bounds the elements visited, not those
        // matching (scanGenericCommand filters after the scan loop).
        List<Key> members = new ArrayList<>();
        List<byte[]> scores = new ArrayList<>();
        if (z.isCompact()) {
            z.forEach((member, score) -> {
                members.add(member);
                scores.add(ScoreFormat.d2stringBytes(score));
            });
            cursor = 0;
        } else {
            // Member and score both count against COUNT, as in Redis (count *= 2). The
            // arithmetic wraps and compares unsigned like the C longs, so a huge COUNT scans all.
            long wanted = count * 2;
            long maxIterations = wanted * 10;
            do {
                cursor = z.scan(cursor, (member, score) -> {
                    members.add(member);
                    scores.add(ScoreFormat.formatBytes(score));
                });
            } while (cursor != 0 && maxIterations-- != 0
                    && Long.compareUnsigned(members.size() * 2L, wanted) < 0);
        }
        List<Reply> items = new ArrayList<>(members.size() * 2);
        for (int i = 0; i < members.size(); i++) {
            if (pattern == null || GlobPattern.matches(pattern, members.get(i).bytes())) {
                items.add(Reply.bulk(members.get(i).bytes()));
                items.add(Reply.bulk(scores.get(i)));
            }
        }
        return Reply.array(List.of(Reply.bulk(Long.toUnsignedString(cursor)), Reply.array(items)));
    }

    // ---- ZRANDMEMBER ----------------------------------------------------------------------------

    /**
     * ZRANDMEMBER key [count [WITHSCORES]], shaped as HRANDFIELD: a positive count gives
     * distinct members (the whole set, highest rank first as Redis replies it, once the count
     * reaches the size), a negative one allows repeats; the count is parsed before the key is
     * looked up. Both draw from the shared uniform pick (issue #22).
     */
    static Reply zrandmember(ExecutionContext ctx, byte[][] argv) {
        if (argv.length == 2) {
            ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
            return z == null ? Reply.NULL : Reply.bulk(z.randomMember(ctx.random()).member().bytes());
        }
        long l = HashCommands.rangedCount(argv[2]);
        if (argv.length > 4 || (argv.length == 4 && !Args.is(argv[3], "WITHSCORES"))) {
            throw RedisError.syntax();
        }
        boolean withScores = argv.length == 4;
        if (withScores && (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2)) {
            throw new RedisError("ERR value is out of range");
        }
        ZSetValue z = zset(ctx.lookupRead(Key.of(argv[1])));
        if (z == null || l == 0) {
            return Reply.EMPTY_ARRAY;
        }
        List<Scored> items = new ArrayList<>();
        RandomGenerator random = ctx.random();
        if (l < 0) {
            if (-l > HashCommands.MAX_RANDOM_REPLY) {
                throw new RedisError("ERR value is out of range");
            }
            for (long i = 0; i < -l; i++) {
                ZSkipList.Node n = z.randomMember(random);
                items.add(new Scored(n.member(), n.score()));
            }
        } else if (l >= z.size()) {
            for (ZSkipList.Node n = z.last(); n != null; n = n.previous()) {
                items.add(new Scored(n.member(), n.score()));
            }
        } else {
            for (ZSkipList.Node n : z.randomDistinctMembers((int) l, random)) {
                items.add(new Scored(n.member(), n.score()));
            }
        }
        return withScores ? withScores(ctx, items) : membersOnly(items);
    }

    // ---- reply helpers -------------------------------------------------------------------------

    static Reply membersOnly(List<Scored> items) {
        List<Reply> out = new ArrayList<>(items.size());
        for (Scored s : items) {
            out.add(Reply.bulk(s.member().bytes()));
        }
        return Reply.array(out);
    }

    /** WITHSCORES: flat in RESP2, [member, score] pairs in RESP3. */
    static Reply withScores(ExecutionContext ctx, List<Scored> items) {
        return ctx.client().protocol() > 2 ? pairs(items) : flatWithScores(items);
    }

    private static Reply flatWithScores(List<Scored> items) {
        List<Reply> out = new ArrayList<>(items.size() * 2);
        for (Scored s : items) {
            out.add(Reply.bulk(s.member().bytes()));
            out.add(new Reply.DoubleReply(s.score()));
        }
        return Reply.array(out);
    }

    private static Reply pairs(List<Scored> items) {
        List<Reply> out = new ArrayList<>(items.size());
        for (Scored s : items) {
            out.add(Reply.array(List.of(Reply.bulk(s.member().bytes()), new Reply.DoubleReply(s.score()))));
        }
        return Reply.array(out);
    }
}
