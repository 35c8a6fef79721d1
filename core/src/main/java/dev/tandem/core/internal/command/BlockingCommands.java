/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.BlockedClient;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.ValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The blocking list and sorted-set commands of Redis 7.0 (t_list.c blockingPopGenericCommand,
 * blmoveGenericCommand, lmpopGenericCommand; t_zset.c blockingGenericZpopCommand): with data they
 * are their non-blocking form and propagate as it, rewritten as Redis rewrites them ({@code BLPOP}
 * as {@code LPOP key}, {@code BLMPOP} as {@code LPOP key <popped>}, {@code BLMOVE} as
 * {@code LMOVE} with its arguments, {@code BRPOPLPUSH} as {@code RPOPLPUSH}, {@code BZPOPMIN} as
 * {@code ZPOPMIN key}, {@code BZMPOP} as {@code ZPOPMIN key <popped>}); without, they block the
 * client ({@link ExecutionContext#block}), or answer as on timeout where blocking is not allowed
 * (MULTI, scripts). A blocked client is served from the key that became ready with the same
 * non-blocking form, propagated as Redis's serveClientBlockedOnList /
 * serveClientsBlockedOnSortedSetKey propagate it (BLMOVE as {@code LMOVE src dst left|right
 * left|right}, BZMPOP and BLMPOP with the count actually popped).
 */
public final class BlockingCommands {
    private static final byte[] LPOP = Args.bytes("LPOP");
    private static final byte[] RPOP = Args.bytes("RPOP");
    private static final byte[] LMOVE = Args.bytes("LMOVE");
    private static final byte[] RPOPLPUSH = Args.bytes("RPOPLPUSH");
    private static final byte[] LMPOP = Args.bytes("LMPOP");
    private static final byte[] ZMPOP = Args.bytes("ZMPOP");
    private static final byte[] ZPOPMIN = Args.bytes("ZPOPMIN");
    private static final byte[] ZPOPMAX = Args.bytes("ZPOPMAX");
    private static final byte[] LEFT = Args.bytes("left");
    private static final byte[] RIGHT = Args.bytes("right");
    private static final byte[] COUNT = Args.bytes("COUNT");
    private static final byte[] ONE = Args.bytes("1");

    private BlockingCommands() {
    }

    public static void register(CommandTable t) {
        t.register(spec("blpop", -3, 1, -2, (c, a) -> blockingPop(c, a, true), false));
        t.register(spec("brpop", -3, 1, -2, (c, a) -> blockingPop(c, a, false), false));
        t.register(spec("blmove", 6, 1, 2, BlockingCommands::blmove, false));
        t.register(spec("brpoplpush", 4, 1, 2, BlockingCommands::brpoplpush, false));
        t.register(spec("blmpop", -5, 0, 0, BlockingCommands::blmpop, true));
        t.register(spec("bzpopmin", -3, 1, -2, (c, a) -> blockingZpop(c, a, false), false));
        t.register(spec("bzpopmax", -3, 1, -2, (c, a) -> blockingZpop(c, a, true), false));
        t.register(spec("bzmpop", -5, 0, 0, BlockingCommands::bzmpop, true));
    }

    /** Redis flags these write, blocking, and all but the *MPOP ones noscript. */
    private static CommandSpec spec(String name, int arity, int first, int last, CommandHandler h, boolean script) {
        EnumSet<CommandFlag> flags = EnumSet.of(CommandFlag.WRITE, CommandFlag.BLOCKING);
        if (!script) {
            flags.add(CommandFlag.NOSCRIPT);
        }
        return new CommandSpec(name, arity, flags, first, last, 1, h);
    }

    /**
     * timeout.c getTimeoutFromObjectOrReply with UNIT_SECONDS: a long double of seconds, turned
     * into {@code ceil(t * 1000)} ms. Returns the absolute deadline in unix ms, 0 for none.
     * Infinite or too large values overflow C's conversion to a negative number in Redis 7.0.15,
     * so they get its "timeout is negative" too (checked against redis-server).
     */
    static long deadline(ExecutionContext ctx, byte[] arg) {
        LongDouble.Parsed t = LongDouble.parse(arg);
        if (t == null) {
            throw new RedisError("ERR timeout is not a float or out of range");
        }
        if (t.isInfinite()) {
            throw new RedisError("ERR timeout is negative");
        }
        BigDecimal ms = t.value().movePointRight(3).setScale(0, RoundingMode.CEILING);
        if (ms.signum() < 0 || ms.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new RedisError("ERR timeout is negative");
        }
        long millis = ms.longValue();
        if (millis == 0) {
            return 0;
        }
        long at = ctx.now() + millis;
        return at < 0 ? Long.MAX_VALUE : at;
    }

    private static List<Key> keys(byte[][] argv, int from, int toExclusive) {
        List<Key> keys = new ArrayList<>(toExclusive - from);
        for (int i = from; i < toExclusive; i++) {
            Key k = Key.of(argv[i]);
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    // ---- BLPOP / BRPOP -----------------------------------------------------------------------

    static Reply blockingPop(ExecutionContext ctx, byte[][] argv, boolean head) {
        long deadline = deadline(ctx, argv[argv.length - 1]);
        for (int i = 1; i < argv.length - 1; i++) {
            Key key = Key.of(argv[i]);
            ListValue list = ListCommands.list(ctx.lookupWrite(key));
            if (list != null && !list.isEmpty()) {
                return popOne(ctx, key, head);
            }
        }
        if (!ctx.mayBlock()) {
            return Reply.NULL_ARRAY;
        }
        ctx.block(new BlockedClient(ctx.client(), keys(argv, 1, argv.length - 1), ValueType.LIST, deadline, argv,
                (c, key) -> popOne(c, key, head), Reply.NULL_ARRAY));
        return Reply.NULL_ARRAY;
    }

    /** {@code [key, element]}, propagated as {@code LPOP|RPOP key}. */
    private static Reply popOne(ExecutionContext ctx, Key key, boolean head) {
        Reply element = ctx.call(head ? LPOP : RPOP, key.bytes());
        if (element instanceof Reply.ErrorReply) {
            return element;
        }
        return Reply.array(List.of(Reply.bulk(key.bytes()), element));
    }

    // ---- BLMOVE / BRPOPLPUSH -----------------------------------------------------------------

    static Reply blmove(ExecutionContext ctx, byte[][] argv) {
        boolean fromHead = ListCommands.parseEnd(argv[3]);
        boolean toHead = ListCommands.parseEnd(argv[4]);
        long deadline = deadline(ctx, argv[5]);
        return blockingMove(ctx, argv, fromHead, toHead, deadline, false);
    }

    static Reply brpoplpush(ExecutionContext ctx, byte[][] argv) {
        long deadline = deadline(ctx, argv[3]);
        return blockingMove(ctx, argv, false, true, deadline, true);
    }

    private static Reply blockingMove(ExecutionContext ctx, byte[][] argv, boolean fromHead, boolean toHead,
                                      long deadline, boolean rpoplpush) {
        Key src = Key.of(argv[1]);
        ListValue list = ListCommands.list(ctx.lookupWrite(src));
        if (list != null) {
            // As lmoveGenericCommand, rewritten to LMOVE with the client's own LEFT/RIGHT words.
            return ctx.call(rpoplpush ? new byte[][] {RPOPLPUSH, argv[1], argv[2]}
                    : new byte[][] {LMOVE, argv[1], argv[2], argv[3], argv[4]});
        }
        if (!ctx.mayBlock()) {
            return Reply.NULL; // blmoveGenericCommand's addReplyNull, not the null array
        }
        byte[] dst = argv[2];
        ctx.block(new BlockedClient(ctx.client(), List.of(src), ValueType.LIST, deadline, argv,
                (c, key) -> c.call(rpoplpush ? new byte[][] {RPOPLPUSH, key.bytes(), dst}
                        : new byte[][] {LMOVE, key.bytes(), dst, fromHead ? LEFT : RIGHT, toHead ? LEFT : RIGHT}),
                Reply.NULL_ARRAY));
        return Reply.NULL_ARRAY;
    }

    // ---- BLMPOP / BZMPOP ---------------------------------------------------------------------

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] (lmpopGenericCommand). */
    static Reply blmpop(ExecutionContext ctx, byte[][] argv) {
        long numkeys = SortedSetArgs.parseRangeLong(argv[2], 1, Long.MAX_VALUE, "ERR numkeys should be greater than 0");
        if (numkeys >= argv.length - 3) {
            throw RedisError.syntax();
        }
        int whereIdx = 3 + (int) numkeys;
        boolean head = ListCommands.parseEnd(argv[whereIdx]);
        long count = parseCount(argv, whereIdx + 1);
        long deadline = deadline(ctx, argv[1]);
        byte[] where = argv[whereIdx];
        byte[] countArg = Args.bytes(count);
        for (int i = 3; i < whereIdx; i++) {
            Key key = Key.of(argv[i]);
            ListValue list = ListCommands.list(ctx.lookupWrite(key));
            if (list != null && !list.isEmpty()) {
                return ctx.call(LMPOP, ONE, argv[i], where, COUNT, countArg);
            }
        }
        if (!ctx.mayBlock()) {
            return Reply.NULL_ARRAY;
        }
        byte[] end = head ? LEFT : RIGHT;
        ctx.block(new BlockedClient(ctx.client(), keys(argv, 3, whereIdx), ValueType.LIST, deadline, argv,
                (c, key) -> c.call(LMPOP, ONE, key.bytes(), end, COUNT, countArg), Reply.NULL_ARRAY));
        return Reply.NULL_ARRAY;
    }

    /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] (zmpopGenericCommand). */
    static Reply bzmpop(ExecutionContext ctx, byte[][] argv) {
        long numkeys = SortedSetArgs.parseRangeLong(argv[2], 1, Long.MAX_VALUE, "ERR numkeys should be greater than 0");
        if (numkeys >= argv.length - 3) {
            throw RedisError.syntax();
        }
        int whereIdx = 3 + (int) numkeys;
        byte[] where = argv[whereIdx];
        if (!Args.is(where, "MIN") && !Args.is(where, "MAX")) {
            throw RedisError.syntax();
        }
        long count = parseCount(argv, whereIdx + 1);
        long deadline = deadline(ctx, argv[1]);
        byte[] countArg = Args.bytes(count);
        for (int i = 3; i < whereIdx; i++) {
            Key key = Key.of(argv[i]);
            if (SortedSetCommands.zset(ctx.lookupWrite(key)) != null) {
                return ctx.call(ZMPOP, ONE, argv[i], where, COUNT, countArg);
            }
        }
        if (!ctx.mayBlock()) {
            return Reply.NULL_ARRAY;
        }
        ctx.block(new BlockedClient(ctx.client(), keys(argv, 3, whereIdx), ValueType.ZSET, deadline, argv,
                (c, key) -> c.call(ZMPOP, ONE, key.bytes(), where, COUNT, countArg), Reply.NULL_ARRAY));
        return Reply.NULL_ARRAY;
    }

    /** The optional {@code COUNT n} after LEFT|RIGHT / MIN|MAX; 1 without. */
    private static long parseCount(byte[][] argv, int from) {
        long count = -1;
        for (int j = from; j < argv.length; j++) {
            if (count == -1 && Args.is(argv[j], "COUNT") && j + 1 < argv.length) {
                count = SortedSetArgs.parseRangeLong(argv[++j], 1, Long.MAX_VALUE, "ERR count should be greater than 0");
            } else {
                throw RedisError.syntax();
            }
        }
        return count == -1 ? 1 : count;
    }

    // ---- BZPOPMIN / BZPOPMAX -----------------------------------------------------------------

    static Reply blockingZpop(ExecutionContext ctx, byte[][] argv, boolean max) {
        long deadline = deadline(ctx, argv[argv.length - 1]);
        for (int i = 1; i < argv.length - 1; i++) {
            Key key = Key.of(argv[i]);
            if (SortedSetCommands.zset(ctx.lookupWrite(key)) != null) {
                return zpopOne(ctx, key, max);
            }
        }
        if (!ctx.mayBlock()) {
            return Reply.NULL_ARRAY;
        }
        ctx.block(new BlockedClient(ctx.client(), keys(argv, 1, argv.length - 1), ValueType.ZSET, deadline, argv,
                (c, key) -> zpopOne(c, key, max), Reply.NULL_ARRAY));
        return Reply.NULL_ARRAY;
    }

    /** {@code [key, member, score]}, propagated as {@code ZPOPMIN|ZPOPMAX key}. */
    private static Reply zpopOne(ExecutionContext ctx, Key key, boolean max) {
        Reply popped = ctx.call(max ? ZPOPMAX : ZPOPMIN, key.bytes());
        if (!(popped instanceof Reply.ArrayReply pair)) {
            return popped;
        }
        List<Reply> items = new ArrayList<>(3);
        items.add(Reply.bulk(key.bytes()));
        items.addAll(pair.items());
        return Reply.array(items);
    }
}
