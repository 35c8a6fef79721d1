/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.Entry;
import dev.tandem.core.internal.ExecutionContext;
import dev.tandem.core.internal.NotifyFlags;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.reply.Reply;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.ListValue;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.StringValue;
import dev.tandem.core.value.ValueType;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.core.value.ZSkipList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * SORT and SORT_RO (sort.c sortCommandGeneric): ASC/DESC, ALPHA, LIMIT, BY (with {@code ->field}
 * hash lookups; a pattern without {@code *} means "do not sort"), GET ({@code #} and patterns),
 * STORE (SORT only: the result becomes a list, an empty one deletes the destination).
 *
 * <p>Redis's quirks kept: a numeric sort ranks equal scores by the elements' bytes, a missing BY
 * value counts as 0 (numeric) or sorts first (ALPHA); an element that does not parse as a double
 * (strtod: leading spaces allowed, the empty string is 0) fails the whole command with {@code ERR
 * One or more scores can't be converted into double}; a set that is not sorted (BY without a star)
 * is sorted ALPHA anyway when the result is stored or the caller is a script, so that replicas
 * and script effects see the same order. Patterns substitute only the first {@code *} (no glob
 * matching at all, so no pattern can be slow). SORT is a write in Redis's table (a read-only
 * replica refuses it even without STORE; SORT_RO exists for that) and propagates verbatim when
 * STORE changed the destination.
 */
final class SortCommand {
    private static final String SCORE_ERROR = "ERR One or more scores can't be converted into double";

    private SortCommand() {
    }

    static void register(CommandTable t) {
        t.register(CommandSpec.write("sort", -2, 1, 1, 1, (ctx, argv) -> sort(ctx, argv, false)));
        t.register(new CommandSpec("sort_ro", -2, EnumSet.of(CommandFlag.READONLY), 1, 1, 1,
                (ctx, argv) -> sort(ctx, argv, true)));
    }

    /** One element being sorted: its bytes and what it sorts by. */
    private static final class Item {
        final byte[] element;
        double score;
        byte[] by;

        Item(byte[] element) {
            this.element = element;
        }
    }

    static Reply sort(ExecutionContext ctx, byte[][] argv, boolean readOnly) {
        boolean desc = false;
        boolean alpha = false;
        long limitStart = 0;
        long limitCount = -1;
        boolean dontSort = false;
        byte[] sortBy = null;
        byte[] storeKey = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < argv.length; j++) {
            int left = argv.length - j - 1;
            if (Args.is(argv[j], "asc")) {
                desc = false;
            } else if (Args.is(argv[j], "desc")) {
                desc = true;
            } else if (Args.is(argv[j], "alpha")) {
                alpha = true;
            } else if (Args.is(argv[j], "limit") && left >= 2) {
                limitStart = Args.parseLong(argv[j + 1]);
                limitCount = Args.parseLong(argv[j + 2]);
                j += 2;
            } else if (!readOnly && Args.is(argv[j], "store") && left >= 1) {
                storeKey = argv[++j];
            } else if (Args.is(argv[j], "by") && left >= 1) {
                sortBy = argv[++j];
                dontSort = indexOf(sortBy, (byte) '*') < 0;
            } else if (Args.is(argv[j], "get") && left >= 1) {
                gets.add(argv[++j]);
            } else {
                throw RedisError.syntax();
            }
        }

        Entry entry = ctx.lookupRead(Key.of(argv[1]));
        RedisValue value = entry == null ? null : entry.value();
        if (value != null && value.type() != ValueType.LIST && value.type() != ValueType.SET
                && value.type() != ValueType.ZSET) {
            throw RedisError.wrongType();
        }
        // Redis forces a deterministic order for sets when the result leaves the command's own
        // reply: stored (replicas re-run SORT ... STORE) or returned to a script (effects).
        if (dontSort && value instanceof SetValue && (storeKey != null || ctx.inCall())) {
            dontSort = false;
            alpha = true;
            sortBy = null;
        }

        int length = value == null ? 0 : size(value);
        long start = limitStart < 0 ? 0 : limitStart;
        long end = limitCount < 0 ? length - 1 : start + limitCount - 1;
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }

        List<Item> items;
        if (dontSort && (value instanceof ListValue || value instanceof ZSetValue)) {
            // Native order (reversed for DESC) and LIMIT applied while loading, as Redis does.
            items = new ArrayList<>();
            if (end >= start) {
                List<byte[]> ordered = nativeOrder(value);
                for (long i = start; i <= end; i++) {
                    int index = (int) (desc ? ordered.size() - 1 - i : i);
                    items.add(new Item(ordered.get(index)));
                }
                end -= start;
                start = 0;
            }
        } else {
            items = new ArrayList<>(length);
            if (value != null) {
                for (byte[] e : nativeOrder(value)) {
                    items.add(new Item(e));
                }
            }
        }

        boolean scoreError = false;
        if (!dontSort) {
            for (Item item : items) {
                byte[] by;
                if (sortBy != null) {
                    by = lookupByPattern(ctx, sortBy, item.element);
                    if (by == null) {
                        continue;
                    }
                } else {
                    by = item.element;
                }
                if (alpha) {
                    if (sortBy != null) {
                        item.by = by;
                    }
                } else {
                    Strtod.Result r = Strtod.parse(by);
                    // strtod's end must be the C string's end (a NUL byte ends it too).
                    boolean trailing = r.end() < by.length && by[r.end()] != 0;
                    item.score = r.value();
                    if (trailing || r.outOfRange() || Double.isNaN(r.value())) {
                        scoreError = true;
                    }
                }
            }
            Comparator<Item> order = comparator(alpha, sortBy != null);
            items.sort(desc ? order.reversed() : order);
        }

        if (scoreError) {
            throw new RedisError(SCORE_ERROR);
        }
        int first = (int) start;
        int last = (int) end;
        int rows = Math.max(0, last - first + 1);
        if (storeKey == null) {
            List<Reply> out = new ArrayList<>(gets.isEmpty() ? rows : rows * gets.size());
            for (int j = first; j <= last; j++) {
                Item item = items.get(j);
                if (gets.isEmpty()) {
                    out.add(Reply.bulk(item.element));
                }
                for (byte[] get : gets) {
                    byte[] v = lookupByPattern(ctx, get, item.element);
                    out.add(Reply.bulkOrNull(v));
                }
            }
            return Reply.array(out);
        }
        ListValue result = new ListValue(gets.isEmpty() ? rows : rows * gets.size());
        for (int j = first; j <= last; j++) {
            Item item = items.get(j);
            if (gets.isEmpty()) {
                result.addLast(item.element);
            }
            for (byte[] get : gets) {
                byte[] v = lookupByPattern(ctx, get, item.element);
                result.addLast(v == null ? new byte[0] : v);
            }
        }
        Key dst = Key.of(storeKey);
        if (!result.isEmpty()) {
            ctx.lookupWrite(dst); // Redis's setKey: a lazily expired destination goes first
            ctx.db().set(dst, result, false);
            ctx.touched(dst);
            ctx.notify(NotifyFlags.LIST, "sortstore", dst);
            ctx.propagateVerbatim();
        } else if (ctx.db().delete(dst) != null) {
            ctx.touched(dst);
            ctx.notify(NotifyFlags.GENERIC, "del", dst);
            ctx.propagateVerbatim();
        }
        return Reply.integer(result.size());
    }

    private static int size(RedisValue value) {
        if (value instanceof ListValue l) {
            return l.size();
        }
        if (value instanceof SetValue s) {
            return s.size();
        }
        return ((ZSetValue) value).size();
    }

    /** The elements in the value's own order: list order, set iteration order, zset rank order. */
    private static List<byte[]> nativeOrder(RedisValue value) {
        List<byte[]> out = new ArrayList<>(size(value));
        if (value instanceof ListValue l) {
            for (byte[] e : l) {
                out.add(e);
            }
        } else if (value instanceof SetValue s) {
            for (Key k : s) {
                out.add(k.bytes());
            }
        } else {
            for (ZSkipList.Node n : (ZSetValue) value) {
                out.add(n.member().bytes());
            }
        }
        return out;
    }

    /**
     * sortCompare. Numeric: by score, equal scores by the elements' bytes. ALPHA with BY: by the
     * looked-up values, a missing one first, equal ones left in load order (this sort is stable,
     * as glibc's qsort, a merge sort, is: a list's ties come out as on redis-server; a set's or
     * sorted set's load order is its hash table's, which differs). ALPHA alone: by the elements' bytes
     * (Redis uses strcoll, which is this order in the C locale its tests run in).
     */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern) {
        if (!alpha) {
            return (a, b) -> {
                int cmp = Double.compare(a.score, b.score);
                // Double.compare orders -0.0 before 0.0; C's < and > do not.
                if (a.score == b.score) {
                    cmp = 0;
                }
                return cmp != 0 ? cmp : Arrays.compareUnsigned(a.element, b.element);
            };
        }
        if (byPattern) {
            return (a, b) -> {
                if (a.by == null || b.by == null) {
                    return a.by == b.by ? 0 : a.by == null ? -1 : 1;
                }
                return Arrays.compareUnsigned(a.by, b.by);
            };
        }
        return (a, b) -> Arrays.compareUnsigned(a.element, b.element);
    }

    /**
     * lookupKeyByPattern: {@code #} is the element itself; otherwise the first {@code *} is
     * replaced by the element and the key looked up — a string's value, or with {@code ->field}
     * (after the star, with a non-empty field) a hash field's. A pattern without a star, a
     * missing key or a key of another type gives null.
     */
    static byte[] lookupByPattern(ExecutionContext ctx, byte[] pattern, byte[] element) {
        if (pattern.length == 1 && pattern[0] == '#') {
            return element;
        }
        int star = indexOf(pattern, (byte) '*');
        if (star < 0) {
            return null;
        }
        int arrow = -1;
        for (int i = star + 1; i + 1 < pattern.length; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        int fieldLength = arrow >= 0 && arrow + 2 < pattern.length ? pattern.length - arrow - 2 : 0;
        int postfix = pattern.length - star - 1 - (fieldLength > 0 ? fieldLength + 2 : 0);
        byte[] keyBytes = new byte[star + element.length + postfix];
        System.arraycopy(pattern, 0, keyBytes, 0, star);
        System.arraycopy(element, 0, keyBytes, star, element.length);
        System.arraycopy(pattern, star + 1, keyBytes, star + element.length, postfix);
        Entry e = ctx.lookupRead(Key.of(keyBytes));
        if (e == null) {
            return null;
        }
        if (fieldLength > 0) {
            if (!(e.value() instanceof HashValue hash)) {
                return null;
            }
            return hash.get(Key.of(Arrays.copyOfRange(pattern, arrow + 2, pattern.length)));
        }
        return e.value() instanceof StringValue s ? s.bytes() : null;
    }

    private static int indexOf(byte[] s, byte b) {
        for (int i = 0; i < s.length; i++) {
            if (s[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
