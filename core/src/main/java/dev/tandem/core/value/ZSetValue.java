/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.internal.Dict;
import dev.tandem.core.Key;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.random.RandomGenerator;
import java.util.function.ObjDoubleConsumer;

/**
 * A sorted set: member → score in a {@link Dict} (O(1) lookups, Redis's SCAN cursor) plus a
 * {@link ZSkipList} ordered by (score, member bytes unsigned) for ranks and ranges, as Redis's
 * skiplist encoding.
 *
 * <p><b>Encoding emulation.</b> Redis keeps small sorted sets as listpacks, which shows in
 * ZSCAN (a listpack is returned whole, in order, with cursor 0 and d2string scores) and in
 * OBJECT ENCODING. The data structure here is always the same; {@link #isCompact()} tracks
 * which encoding Redis 7.0 would have: a new set is compact, it converts (for good) when a new
 * member makes it exceed {@link #MAX_LISTPACK_ENTRIES} members or a member longer than
 * {@link #MAX_LISTPACK_VALUE} bytes is added; {@link #compactIfSmall()} is Redis's
 * zsetConvertToListpackIfNeeded (ZUNIONSTORE and friends, loading RDB skiplist types 3/5);
 * {@link #restoreListpackEncoding()} is what loading a listpack/ziplist RDB type gives.
 *
 * <p>Scores are never NaN ({@link IllegalArgumentException}). -0.0 compares equal to 0.0, as in
 * C; a skiplist-encoded Redis set keeps it, but a listpack stores an integral score as an
 * integer, so a compact set here stores -0.0 as 0.0 (visible in ZSCORE: "0" versus "-0").
 *
 * <p>Not thread-safe: read under the keyspace's read lock, mutated under its write lock.
 */
public final class ZSetValue implements RedisValue, Iterable<ZSkipList.Node>, ScoredMembers {
    /** zset-max-listpack-entries default. */
    public static final int MAX_LISTPACK_ENTRIES = 128;
    /** zset-max-listpack-value default. */
    public static final int MAX_LISTPACK_VALUE = 64;

    private final Dict<Key, ZSkipList.Node> dict;
    private final ZSkipList list = new ZSkipList();
    private boolean compact;

    /** An empty, compact (listpack-like) sorted set, as ZADD creates. */
    public ZSetValue() {
        this(true, 0);
    }

    /**
     * An empty sorted set with a chosen emulated encoding; {@code expectedSize} pre-sizes the
     * dict (capped by {@link Dict}, so an untrusted length is harmless).
     */
    public ZSetValue(boolean compact, int expectedSize) {
        this.compact = compact;
        this.dict = new Dict<>(expectedSize);
    }

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }

    public int size() {
        return dict.size();
    }

    @Override
    public Double scoreOf(Key member) {
        return score(member);
    }

    @Override
    public void forEachScored(ObjDoubleConsumer<Key> action) {
        forEach(action);
    }

    public boolean isEmpty() {
        return dict.isEmpty();
    }

    /** Whether Redis would hold this set as a listpack (see the class comment). */
    public boolean isCompact() {
        return compact;
    }

    /** OBJECT ENCODING's answer: {@code listpack} or {@code skiplist}. */
    public String encoding() {
        return compact ? "listpack" : "skiplist";
    }

    /** Switches to the skiplist encoding for good (zsetConvert to OBJ_ENCODING_SKIPLIST). */
    public void convertToSkiplist() {
        compact = false;
    }

    /** Becomes compact when small enough (t_zset.c zsetConvertToListpackIfNeeded). */
    public void compactIfSmall() {
        if (compact || dict.size() > MAX_LISTPACK_ENTRIES) {
            return;
        }
        for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
            if (n.member.length() > MAX_LISTPACK_VALUE) {
                return;
            }
        }
        compact = true;
        for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
            n.score = storable(n.score); // what the listpack conversion writes
        }
    }

    /**
     * For a set loaded from an RDB listpack or ziplist encoding (build it non-compact, then call
     * this): Redis keeps the listpack unless it has more than {@link #MAX_LISTPACK_ENTRIES}
     * members, whatever their lengths (rdbLoadObject).
     */
    public void restoreListpackEncoding() {
        if (dict.size() <= MAX_LISTPACK_ENTRIES) {
            compact = true;
            for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
                n.score = storable(n.score);
            }
        } else {
            compact = false;
        }
    }

    /** A listpack holds an integral score as an integer: -0.0 becomes 0. */
    private double storable(double score) {
        return compact && score == 0 ? 0.0 : score;
    }

    public boolean contains(Key member) {
        return dict.containsKey(member);
    }

    /** The member's score, or null when absent. */
    public Double score(Key member) {
        ZSkipList.Node n = dict.get(member);
        return n == null ? null : n.score;
    }

    /** The member's node (member and score, order links), or null when absent. */
    public ZSkipList.Node node(Key member) {
        return dict.get(member);
    }

    /** A member chosen uniformly at random (its node: member and score), or null when empty. */
    public ZSkipList.Node randomMember(RandomGenerator random) {
        Dict.Node<Key, ZSkipList.Node> n = dict.randomNode(random);
        return n == null ? null : n.value();
    }

    /**
     * {@code count} distinct members chosen uniformly (every subset of that size equally
     * likely); all of them when {@code count >= size()}.
     */
    public List<ZSkipList.Node> randomDistinctMembers(int count, RandomGenerator random) {
        List<ZSkipList.Node> out = new ArrayList<>(Math.min(count, dict.size()));
        for (Dict.Node<Key, ZSkipList.Node> n : dict.randomDistinctNodes(count, random)) {
            out.add(n.value());
        }
        return out;
    }

    /**
     * Adds a member that is not present yet; returns false and changes nothing when it is
     * (the RDB loader treats that as a duplicate). May convert the emulated encoding.
     */
    public boolean add(Key member, double score) {
        requireNumber(score);
        if (dict.containsKey(member)) {
            return false;
        }
        if (compact && (dict.size() + 1 > MAX_LISTPACK_ENTRIES || member.length() > MAX_LISTPACK_VALUE)) {
            compact = false;
        }
        dict.put(member, list.insert(storable(score), member));
        return true;
    }

    /**
     * Sets a present member's score; returns false when absent. A new score equal to the old
     * one ({@code ==}, so 0.0 over -0.0 too) changes nothing, as zsetAdd.
     */
    public boolean updateScore(Key member, double score) {
        requireNumber(score);
        Dict.Node<Key, ZSkipList.Node> entry = dict.node(member);
        if (entry == null) {
            return false;
        }
        ZSkipList.Node n = entry.value();
        if (n.score != score) {
            entry.setValue(list.updateScore(n, storable(score)));
        }
        return true;
    }

    /** Removes a member; returns whether it was present. */
    public boolean remove(Key member) {
        ZSkipList.Node n = dict.remove(member);
        if (n == null) {
            return false;
        }
        list.delete(n.score, member);
        return true;
    }

    /** 0-based rank in ascending order (or descending when {@code reverse}); -1 when absent. */
    public long rank(Key member, boolean reverse) {
        ZSkipList.Node n = dict.get(member);
        if (n == null) {
            return -1;
        }
        long rank = list.rank(n.score, member);
        return reverse ? list.length() - rank : rank - 1;
    }

    /** The node at a 0-based ascending rank, or null when out of range. */
    public ZSkipList.Node byRank(long rank) {
        return list.byRank(rank + 1);
    }

    /** Lowest (score, member), or null when empty. */
    public ZSkipList.Node first() {
        return list.first();
    }

    /** Highest (score, member), or null when empty. */
    public ZSkipList.Node last() {
        return list.last();
    }

    public ZSkipList.Node firstInRange(ScoreRange range) {
        return list.firstInRange(range);
    }

    public ZSkipList.Node lastInRange(ScoreRange range) {
        return list.lastInRange(range);
    }

    /**
     * The first member in the lexicographic {@code range}, or null. Lex ranges assume equal
     * scores; when they are not, Redis's answer depends on the encoding (a listpack is scanned
     * linearly, a skiplist descended), and so does this one.
     */
    public ZSkipList.Node firstInRange(LexRange range) {
        return compact ? scanFirstInLexRange(range) : list.firstInLexRange(range);
    }

    public ZSkipList.Node lastInRange(LexRange range) {
        return compact ? scanLastInLexRange(range) : list.lastInLexRange(range);
    }

    /** zzlIsInLexRange: the range is not empty and overlaps [first, last] at its ends. */
    private boolean mayIntersect(LexRange range) {
        ZSkipList.Node first = list.first();
        return !range.isEmpty() && first != null && range.gteMin(list.last().member)
                && range.lteMax(first.member);
    }

    /** t_zset.c zzlFirstInLexRange: the first member from the head that is >= min. */
    private ZSkipList.Node scanFirstInLexRange(LexRange range) {
        if (!mayIntersect(range)) {
            return null;
        }
        for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
            if (range.gteMin(n.member)) {
                return range.lteMax(n.member) ? n : null;
            }
        }
        return null;
    }

    /** t_zset.c zzlLastInLexRange: the first member from the tail that is <= max. */
    private ZSkipList.Node scanLastInLexRange(LexRange range) {
        if (!mayIntersect(range)) {
            return null;
        }
        for (ZSkipList.Node n = list.last(); n != null; n = n.previous()) {
            if (range.lteMax(n.member)) {
                return range.gteMin(n.member) ? n : null;
            }
        }
        return null;
    }

    /** How many members have a score in {@code range} (ZCOUNT), by ranks: O(log n). */
    public long count(ScoreRange range) {
        ZSkipList.Node first = list.firstInRange(range);
        if (first == null) {
            return 0;
        }
        ZSkipList.Node last = list.lastInRange(range);
        return list.rank(last.score, last.member) - list.rank(first.score, first.member) + 1;
    }

    /**
     * How many members lie in the lexicographic {@code range} (ZLEXCOUNT): a listpack counts
     * forward from the first match while members stay {@code <=} max; a skiplist subtracts ranks (which
     * can even go negative when scores differ, exactly as Redis's unsigned arithmetic does).
     */
    public long count(LexRange range) {
        ZSkipList.Node first = firstInRange(range);
        if (first == null) {
            return 0;
        }
        if (compact) {
            long n = 0;
            for (ZSkipList.Node x = first; x != null && range.lteMax(x.member); x = x.next()) {
                n++;
            }
            return n;
        }
        ZSkipList.Node last = list.lastInLexRange(range);
        if (last == null) {
            return list.length() - list.rank(first.score, first.member) + 1;
        }
        return list.rank(last.score, last.member) - list.rank(first.score, first.member) + 1;
    }

    /** Removes members with a score in {@code range}; returns how many. */
    public long removeRange(ScoreRange range) {
        if (range.isEmpty()) {
            return 0;
        }
        return list.deleteRangeByScore(range, n -> dict.remove(n.member));
    }

    /** Removes members in the lexicographic {@code range}; returns how many. */
    public long removeRange(LexRange range) {
        if (compact) {
            // zzlDeleteRangeByLex: from the first match, delete while members stay <= max.
            long removed = 0;
            ZSkipList.Node n = scanFirstInLexRange(range);
            while (n != null && range.lteMax(n.member)) {
                ZSkipList.Node next = n.next();
                remove(n.member);
                removed++;
                n = next;
            }
            return removed;
        }
        // zslDeleteRangeByLex has no emptiness test: with unequal scores even an "empty"
        // range can match after the descent, and Redis deletes what it finds.
        return list.deleteRangeByLex(range, n -> dict.remove(n.member));
    }

    /** Removes 0-based ascending ranks {@code start..end} inclusive (already clamped). */
    public long removeRankRange(long start, long end) {
        if (start < 0 || end < start || start >= dict.size()) {
            return 0;
        }
        return list.deleteRangeByRank(start + 1, Math.min(end, dict.size() - 1L) + 1, n -> dict.remove(n.member));
    }

    /** Visits members in ascending (score, member) order. */
    public void forEach(ObjDoubleConsumer<Key> action) {
        for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
            action.accept(n.member, n.score);
        }
    }

    /** Ascending (score, member) order; the set must not change during the walk. */
    @Override
    public Iterator<ZSkipList.Node> iterator() {
        return new Iterator<>() {
            private ZSkipList.Node next = list.first();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ZSkipList.Node next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                ZSkipList.Node n = next;
                next = n.next();
                return n;
            }
        };
    }

    /** One step of a hash-table scan (ZSCAN over a non-compact set); returns the next cursor. */
    public long scan(long cursor, ObjDoubleConsumer<Key> visitor) {
        return dict.scan(cursor, (k, n) -> visitor.accept(k, n.score));
    }

    @Override
    public ZSetValue deepCopy() {
        ZSetValue copy = new ZSetValue(compact, dict.size());
        for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
            copy.dict.put(n.member, copy.list.insert(n.score, n.member));
        }
        return copy;
    }

    private static void requireNumber(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("a sorted set score cannot be NaN");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("zset{");
        forEach((m, s) -> sb.append(sb.length() > 5 ? ", " : "").append(m).append('=').append(ScoreFormat.format(s)));
        return sb.append('}').toString();
    }
}
