/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.Key;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.StreamEntry;
import dev.tandem.core.value.StreamId;
import dev.tandem.core.value.StreamValue;
import dev.tandem.core.value.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * Stream commands (t_stream.c): XLEN, XRANGE, XREVRANGE and the ID parsing every stream command
 * shares; registers the others ({@link StreamWriteCommands}, {@link StreamReadCommands},
 * {@link StreamGroupCommands}, {@link StreamInfoCommand}).
 */
public final class StreamCommands {
    static final String INVALID_ID = "ERR Invalid stream ID specified as stream command argument";

    private StreamCommands() {
    }

    public static void register(CommandTable t) {
        t.register(CommandSpec.read("xlen", 2, 1, 1, 1, StreamCommands::xlen));
        t.register(CommandSpec.read("xrange", -4, 1, 1, 1, (ctx, argv) -> xrange(ctx, argv, false)));
        t.register(CommandSpec.read("xrevrange", -4, 1, 1, 1, (ctx, argv) -> xrange(ctx, argv, true)));
        StreamWriteCommands.register(t);
        StreamReadCommands.register(t);
        StreamGroupCommands.register(t);
        StreamInfoCommand.register(t);
    }

    static StreamValue stream(dev.tandem.core.internal.Entry e) {
        return ExecutionContext.typed(e, ValueType.STREAM, StreamValue.class);
    }

    static Reply xlen(ExecutionContext ctx, byte[][] argv) {
        StreamValue s = stream(ctx.lookupRead(Key.of(argv[1])));
        return Reply.integer(s == null ? 0 : s.length());
    }

    /**
     * XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n]
     * (t_stream.c xrangeGenericCommand): {@code -} and {@code +}, incomplete IDs (a missing
     * sequence is 0 for the start and the maximum for the end), {@code (} for exclusive bounds.
     * COUNT 0 (or negative) replies a null array, but only once the key exists.
     */
    static Reply xrange(ExecutionContext ctx, byte[][] argv, boolean reverse) {
        byte[] startArg = reverse ? argv[3] : argv[2];
        byte[] endArg = reverse ? argv[2] : argv[3];
        boolean startExclusive = isExclusive(startArg);
        StreamId start = parseIntervalId(startArg, startExclusive, 0);
        if (startExclusive) {
            start = start.next();
            if (start == null) {
                throw new RedisError("ERR invalid start ID for the interval");
            }
        }
        boolean endExclusive = isExclusive(endArg);
        StreamId end = parseIntervalId(endArg, endExclusive, -1L);
        if (endExclusive) {
            end = end.previous();
            if (end == null) {
                throw new RedisError("ERR invalid end ID for the interval");
            }
        }
        long count = -1;
        for (int j = 4; j < argv.length; j++) {
            int additional = argv.length - j - 1;
            if (Args.is(argv[j], "COUNT") && additional >= 1) {
                count = Args.parseLong(argv[j + 1]);
                if (count < 0) {
                    count = 0;
                }
                j++;
            } else {
                throw RedisError.syntax();
            }
        }
        StreamValue s = stream(ctx.lookupRead(Key.of(argv[1])));
        if (s == null) {
            return Reply.EMPTY_ARRAY;
        }
        if (count == 0) {
            return Reply.NULL_ARRAY;
        }
        NavigableMap<StreamId, StreamEntry> range = s.range(start, end);
        if (reverse) {
            range = range.descendingMap();
        }
        List<Reply> out = new ArrayList<>();
        for (StreamEntry e : range.values()) {
            if (count > 0 && out.size() >= count) {
                break;
            }
            out.add(entryReply(e));
        }
        return Reply.array(out);
    }

    /** An interval start as streamParseIntervalIDOrReply reads it ({@code (} excludes). */
    static StreamId intervalStart(byte[] arg) {
        boolean exclusive = isExclusive(arg);
        StreamId id = parseIntervalId(arg, exclusive, 0);
        if (exclusive) {
            id = id.next();
            if (id == null) {
                throw new RedisError("ERR invalid start ID for the interval");
            }
        }
        return id;
    }

    /** An interval end ({@code (} excludes; a missing sequence is the maximum). */
    static StreamId intervalEnd(byte[] arg) {
        boolean exclusive = isExclusive(arg);
        StreamId id = parseIntervalId(arg, exclusive, -1L);
        if (exclusive) {
            id = id.previous();
            if (id == null) {
                throw new RedisError("ERR invalid end ID for the interval");
            }
        }
        return id;
    }

    /** [id, [field, value, ...]], as streamReplyWithRange emits an entry. */
    static Reply entryReply(StreamEntry e) {
        List<Reply> fields = new ArrayList<>(e.fieldCount() * 2);
        for (int i = 0; i < e.fieldCount(); i++) {
            fields.add(Reply.bulk(e.field(i)));
            fields.add(Reply.bulk(e.value(i)));
        }
        return Reply.array(List.of(Reply.bulk(e.id().toBytes()), Reply.array(fields)));
    }

    /** streamParseIntervalIDOrReply: "(" only counts when something follows it. */
    private static boolean isExclusive(byte[] arg) {
        return arg.length > 1 && arg[0] == '(';
    }

    private static StreamId parseIntervalId(byte[] arg, boolean exclusive, long missingSeq) {
        if (exclusive) {
            byte[] rest = java.util.Arrays.copyOfRange(arg, 1, arg.length);
            return parseId(rest, missingSeq, true);
        }
        return parseId(arg, missingSeq, false);
    }

    /**
     * t_stream.c streamGenericParseIDOrReply: {@code -}, {@code +} (refused when
     * {@code strict}), {@code <ms>} or {@code <ms>-<seq>}, each number as string2ull reads it.
     * The argument is treated as a C string (at most 127 bytes; a NUL ends it).
     */
    static StreamId parseId(byte[] arg, long missingSeq, boolean strict) {
        if (arg.length > 127) {
            throw new RedisError(INVALID_ID);
        }
        int len = 0;
        while (len < arg.length && arg[len] != 0) {
            len++;
        }
        if (len == 1 && (arg[0] == '-' || arg[0] == '+')) {
            if (strict) {
                throw new RedisError(INVALID_ID);
            }
            return arg[0] == '-' ? StreamId.MIN : StreamId.MAX;
        }
        int dash = -1;
        for (int i = 0; i < len; i++) {
            if (arg[i] == '-') {
                dash = i;
                break;
            }
        }
        long ms = string2ull(arg, 0, dash < 0 ? len : dash);
        long seq = dash < 0 ? missingSeq : string2ull(arg, dash + 1, len);
        return new StreamId(ms, seq);
    }

    /** An ID as XADD takes it: {@code seqGiven} is false for the {@code <ms>-*} form. */
    record AddId(StreamId id, boolean seqGiven) { }

    /**
     * streamParseStrictIDOrReply with a {@code seq_given} pointer (XADD): strict ({@code -} and
     * {@code +} are invalid), a missing sequence is 0, and {@code <ms>-*} leaves the sequence to
     * be generated.
     */
    static AddId parseAddId(byte[] arg) {
        if (arg.length > 127) {
            throw new RedisError(INVALID_ID);
        }
        int len = 0;
        while (len < arg.length && arg[len] != 0) {
            len++;
        }
        int dash = -1;
        for (int i = 0; i < len; i++) {
            if (arg[i] == '-') {
                dash = i;
                break;
            }
        }
        if (dash >= 0 && len - dash - 1 == 1 && arg[dash + 1] == '*') {
            long ms = string2ull(arg, 0, dash);
            return new AddId(new StreamId(ms, 0), false);
        }
        return new AddId(parseId(arg, 0, true), true);
    }

    /**
     * util.c string2ull over {@code s[from, to)}: a strict signed 64-bit integer that is not
     * negative, or else what strtoull(base 10) accepts in full (leading space, a sign, values
     * up to 2^64-1; "-n" wraps around). Anything else is an invalid ID.
     */
    private static long string2ull(byte[] s, int from, int to) {
        byte[] part = java.util.Arrays.copyOfRange(s, from, to);
        Long strict = Args.parseLongStrict(part);
        if (strict != null) {
            if (strict < 0) {
                throw new RedisError(INVALID_ID);
            }
            return strict;
        }
        int i = from;
        while (i < to && Strtod.isSpace(s[i])) {
            i++;
        }
        boolean negative = false;
        if (i < to && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < to && s[i] >= '0' && s[i] <= '9') {
            int d = s[i] - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0) {
                throw new RedisError(INVALID_ID); // ERANGE
            }
            value = value * 10 + d;
            i++;
        }
        if (i == digitsStart || i != to) {
            throw new RedisError(INVALID_ID);
        }
        return negative ? -value : value;
    }
}
