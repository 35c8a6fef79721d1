/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.internal.Dict;
import dev.tandem.core.Key;
import dev.tandem.core.internal.command.Args;
import dev.tandem.core.internal.command.Strtod;
import dev.tandem.core.internal.compact.Listpack;
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
 * <p><b>Encodings.</b> As Redis, a small sorted set is one flat {@link Listpack} byte array:
 * member, score, member, score... in ascending (score, member) order, an integral score as a
 * listpack integer and any other as its d2string text (t_zset.c zzlInsertAt), so the array is
 * exactly what Redis writes as RDB type 17. That shows in ZSCAN (a listpack is returned whole,
 * in order, with cursor 0) and in OBJECT ENCODING. A new set is compact; it converts to the
 * dict + skiplist (for good) when a new member makes it exceed {@code zset-max-listpack-entries}
 * members or a member longer than {@code zset-max-listpack-value} bytes is added;
 * {@link #compactIfSmall} is Redis's zsetConvertToListpackIfNeeded (ZUNIONSTORE and friends,
 * loading RDB skiplist types 3/5); {@link #restoreListpackEncoding()} is what loading a
 * listpack/ziplist RDB type gives. Operations that hand out {@link ZSkipList.Node}s (ranges,
 * ranks, iteration) decode the listpack into a short-lived skiplist for that call: at most a
 * few dozen members by default, the same linear cost Redis pays walking its listpack.
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
    /** double2ll's safe range: beyond it a score is never stored as a listpack integer. */
    private static final double LL_SAFE_BOUND = (double) (Long.MAX_VALUE / 2);

    /** The listpack while compact, else null. */
    private byte[] lp;
    /** Members in the listpack. */
    private int lpSize;
    /** The big encoding (both null while compact). */
    private Dict<Key, ZSkipList.Node> dict;
    private ZSkipList list;

    /** An empty, compact (listpack) sorted set, as ZADD creates. */
    public ZSetValue() {
        this(true, 0);
    }

    /**
     * An empty sorted set in a chosen encoding; {@code expectedSize} pre-sizes the dict (capped
     * by {@link Dict}, so an untrusted length is harmless).
     */
    public ZSetValue(boolean compact, int expectedSize) {
        if (compact) {
            lp = Listpack.empty();
        } else {
            dict = new Dict<>(expectedSize);
            list = new ZSkipList();
        }
    }

    /**
     * A compact set adopting {@code listpack} (RDB type 17) as it is. The caller has validated
     * the listpack's structure ({@link Listpack#validate}); this checks what makes it a sorted
     * set: an even entry count, parseable scores, ascending (score, member) order and no
     * duplicate members (Redis's zsetZiplistValidateIntegrity with deep checks).
     *
     * @throws IllegalArgumentException naming the defect
     */
    public static ZSetValue adoptListpack(byte[] listpack, int entries) {
        if ((entries & 1) != 0) {
            throw new IllegalArgumentException("a sorted set listpack needs an even number of entries, got " + entries);
        }
        ZSetValue z = new ZSetValue(true, 0);
        z.lp = listpack;
        z.lpSize = entries / 2;
        java.util.HashSet<Key> seen = new java.util.HashSet<>();
        double prevScore = Double.NEGATIVE_INFINITY;
        byte[] prevMember = null;
        for (int p = Listpack.first(listpack); p >= 0; ) {
            int sp = Listpack.next(listpack, p);
            byte[] member = Listpack.bytes(listpack, p);
            if (!Listpack.isInt(listpack, sp)) {
                byte[] text = Listpack.bytes(listpack, sp);
                if (text.length == 0 || Strtod.parse(text).end() != text.length) {
                    throw new IllegalArgumentException("sorted set listpack holds a score that is not a number");
                }
            }
            double score = scoreAt(listpack, sp);
            if (Double.isNaN(score)) {
                throw new IllegalArgumentException("sorted set listpack holds a NaN score");
            }
            if (!seen.add(Key.of(member))) {
                throw new IllegalArgumentException("sorted set listpack holds a duplicate member");
            }
            if (prevMember != null && (score < prevScore
                    || (score == prevScore && java.util.Arrays.compareUnsigned(prevMember, member) > 0))) {
                throw new IllegalArgumentException("sorted set listpack is not in (score, member) order");
            }
            prevScore = score;
            prevMember = member;
            p = Listpack.next(listpack, sp);
        }
        return z;
    }

    @Override
    public ValueType type() {
        return ValueType.ZSET;
    }
    /**
     * A listpack by its array; the big form by its table (nodes, members) plus the skip list's
     * nodes with their level arrays, sampled from the head of the list.
     */
    @Override
    public long memoryUsage(int samples) {
        long self = dev.tandem.core.internal.MemoryLayout.shallow(ZSetValue.class);
        if (lp != null) {
            return self + dev.tandem.core.internal.MemoryLayout.byteArray(lp.length);
        }
        long limit = dev.tandem.core.internal.MemoryLayout.sampleLimit(samples, list.length());
        long sampled = 0;
        int seen = 0;
        for (ZSkipList.Node n = list.first(); n != null && seen < limit; n = n.next(), seen++) {
            sampled += dev.tandem.core.internal.MemoryLayout.shallow(ZSkipList.Node.class) + dev.tandem.core.internal.MemoryLayout.referenceArray(n.forward.length)
                    + dev.tandem.core.internal.MemoryLayout.intArray(n.span.length);
        }
        return self + dev.tandem.core.internal.MemoryLayout.shallow(ZSkipList.class) + dict.memoryUsage(samples, (m, node) -> dev.tandem.core.internal.MemoryLayout.key(m))
                + dev.tandem.core.internal.MemoryLayout.extrapolate(sampled, seen, list.length());
    }


    public int size() {
        return lp != null ? lpSize : dict.size();
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
        return size() == 0;
    }

    /** Whether this set is listpack-encoded (see the class comment). */
    public boolean isCompact() {
        return lp != null;
    }

    /** OBJECT ENCODING's answer: {@code listpack} or {@code skiplist}. */
    public String encoding() {
        return lp != null ? "listpack" : "skiplist";
    }

    /** The listpack bytes while compact (RDB type 17's payload), else null; do not mutate. */
    public byte[] listpackBytes() {
        return lp;
    }

    /** Switches to the skiplist encoding for good (zsetConvert to OBJ_ENCODING_SKIPLIST). */
    public void convertToSkiplist() {
        if (lp == null) {
            return;
        }
        Dict<Key, ZSkipList.Node> d = new Dict<>(lpSize);
        ZSkipList l = new ZSkipList();
        for (int p = Listpack.first(lp); p >= 0; ) {
            int sp = Listpack.next(lp, p);
            Key member = Key.of(Listpack.bytes(lp, p));
            d.put(member, l.insert(scoreAt(lp, sp), member));
            p = Listpack.next(lp, sp);
        }
        dict = d;
        list = l;
        lp = null;
        lpSize = 0;
    }

    /** {@link #compactIfSmall(EncodingLimits)} with Redis's default limits. */
    public void compactIfSmall() {
        compactIfSmall(EncodingLimits.DEFAULTS);
    }

    /** Becomes compact when small enough (t_zset.c zsetConvertToListpackIfNeeded). */
    public void compactIfSmall(EncodingLimits limits) {
        if (lp != null || dict.size() > limits.zsetMaxListpackEntries()) {
            return;
        }
        for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
            if (n.member.length() > limits.zsetMaxListpackValue()) {
                return;
            }
        }
        toListpack();
    }

    /** {@link #restoreListpackEncoding(EncodingLimits)} with Redis's default limits. */
    public void restoreListpackEncoding() {
        restoreListpackEncoding(EncodingLimits.DEFAULTS);
    }

    /**
     * For a set loaded from an RDB listpack or ziplist encoding (built either way, then this):
     * Redis keeps the listpack unless it has more than {@code zset-max-listpack-entries}
     * members, whatever their lengths (rdbLoadObject).
     */
    public void restoreListpackEncoding(EncodingLimits limits) {
        if (size() <= limits.zsetMaxListpackEntries()) {
            if (lp == null) {
                toListpack();
            }
        } else {
            convertToSkiplist();
        }
    }

    private void toListpack() {
        int n = dict.size();
        byte[][] entries = new byte[n * 2][];
        int i = 0;
        for (ZSkipList.Node x = list.first(); x != null; x = x.next()) {
            entries[i++] = Listpack.encode(x.member.bytes());
            entries[i++] = scoreEntry(x.score);
        }
        lp = Listpack.append(Listpack.empty(), entries);
        lpSize = n;
        dict = null;
        list = null;
    }

    /** zzlInsertAt's score entry: an integer when double2ll allows, else d2string text. */
    private static byte[] scoreEntry(double score) {
        if (score >= -LL_SAFE_BOUND && score <= LL_SAFE_BOUND) {
            long l = (long) score;
            if (l == score) {
                return Listpack.encodeInt(l); // -0.0 too: it becomes 0, as in Redis
            }
        }
        return Listpack.encode(ScoreFormat.d2stringBytes(score));
    }

    /**
     * zzlGetScore: an integer entry, or strtod over the text. The texts this class writes
     * (d2string: {@code %.17g}, {@code inf}, {@code -inf}) take a fast path: for plain decimal
     * text Java's parser and strtod both round correctly, so they agree bit for bit; anything
     * else (a listpack from elsewhere) goes through {@link Strtod}.
     */
    private static double scoreAt(byte[] lp, int p) {
        if (Listpack.isInt(lp, p)) {
            return Listpack.intValue(lp, p);
        }
        int start = Listpack.strStart(lp, p);
        int len = Listpack.strLen(lp, p);
        if (len == 3 && lp[start] == 'i' && lp[start + 1] == 'n' && lp[start + 2] == 'f') {
            return Double.POSITIVE_INFINITY;
        }
        if (len == 4 && lp[start] == '-' && lp[start + 1] == 'i' && lp[start + 2] == 'n' && lp[start + 3] == 'f') {
            return Double.NEGATIVE_INFINITY;
        }
        double fast = shortDecimal(lp, start, len);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        if (isPlainDecimal(lp, start, len)) {
            return Double.parseDouble(new String(lp, start, len, java.nio.charset.StandardCharsets.US_ASCII));
        }
        return Strtod.parse(Listpack.bytes(lp, p)).value();
    }

    /** Powers of ten that are exact doubles (10^0..10^22). */
    private static final double[] EXACT_POWERS_OF_TEN = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < EXACT_POWERS_OF_TEN.length; i++) {
            EXACT_POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    /**
     * {@code -?digits(.digits)?} with at most 15 digits in all, without a string or the general
     * parser (Clinger's fast path): the digits form an integer below 2^53 and 10^fraction-digits
     * is exact, so one IEEE division is the correctly rounded value, what strtod returns. NaN
     * when the text is not of that form (the caller parses it the general way). Scores such as
     * {@code 1.5} or {@code 2.25} are what compact sorted sets compare most, once per walked
     * entry, as Redis's zzlStrtod.
     */
    private static double shortDecimal(byte[] b, int start, int len) {
        int i = start;
        int end = start + len;
        boolean negative = i < end && b[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1; // digits after the point, -1 before one is seen
        for (; i < end; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                if (++digits > 15) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        double v = fraction > 0 ? mantissa / EXACT_POWERS_OF_TEN[fraction] : mantissa;
        return negative ? -v : v;
    }

    /** {@code -?digits(.digits)?(e[+-]?digits)?}, short enough for the JDK's exact parser. */
    private static boolean isPlainDecimal(byte[] b, int start, int len) {
        if (len == 0 || len > 40) {
            return false;
        }
        int i = start;
        int end = start + len;
        if (b[i] == '-') {
            i++;
        }
        int digits = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
            digits++;
        }
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int exp = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == end;
    }

    /** Offset of {@code member}'s entry in the listpack, or -1. */
    private int find(byte[] member) {
        Long asInt = Args.parseLongStrict(member);
        for (int p = Listpack.first(lp); p >= 0; ) {
            if (Listpack.equalsEntry(lp, p, member, asInt)) {
                return p;
            }
            p = Listpack.next(lp, Listpack.next(lp, p));
        }
        return -1;
    }

    /** The listpack decoded into a fresh skiplist, for operations that hand out nodes. */
    private ZSkipList view() {
        ZSkipList l = new ZSkipList();
        for (int p = Listpack.first(lp); p >= 0; ) {
            int sp = Listpack.next(lp, p);
            l.appendLast(scoreAt(lp, sp), Key.of(Listpack.bytes(lp, p)));
            p = Listpack.next(lp, sp);
        }
        return l;
    }

    /** The skiplist: the real one, or a view of the listpack. */
    private ZSkipList ordered() {
        return lp != null ? view() : list;
    }

    public boolean contains(Key member) {
        return lp != null ? find(member.bytes()) >= 0 : dict.containsKey(member);
    }

    /** The member's score, or null when absent. */
    public Double score(Key member) {
        if (lp != null) {
            int p = find(member.bytes());
            return p < 0 ? null : scoreAt(lp, Listpack.next(lp, p));
        }
        ZSkipList.Node n = dict.get(member);
        return n == null ? null : n.score;
    }

    /** The member's node (member and score, order links), or null when absent. */
    public ZSkipList.Node node(Key member) {
        if (lp != null) {
            if (find(member.bytes()) < 0) {
                return null;
            }
            for (ZSkipList.Node n = view().first(); n != null; n = n.next()) {
                if (n.member.equals(member)) {
                    return n;
                }
            }
            return null;
        }
        return dict.get(member);
    }

    /** A member chosen uniformly at random (its node: member and score), or null when empty. */
    public ZSkipList.Node randomMember(RandomGenerator random) {
        if (lp != null) {
            return lpSize == 0 ? null : view().byRank(random.nextInt(lpSize) + 1L);
        }
        Dict.Node<Key, ZSkipList.Node> n = dict.randomNode(random);
        return n == null ? null : n.value();
    }

    /**
     * {@code count} distinct members chosen uniformly (every subset of that size equally
     * likely); all of them when {@code count >= size()}.
     */
    public List<ZSkipList.Node> randomDistinctMembers(int count, RandomGenerator random) {
        if (lp != null) {
            List<ZSkipList.Node> all = new ArrayList<>(lpSize);
            for (ZSkipList.Node n = view().first(); n != null; n = n.next()) {
                all.add(n);
            }
            int k = Math.min(count, all.size());
            for (int i = 0; i < k; i++) { // partial Fisher-Yates: a uniform k-subset
                int j = i + random.nextInt(all.size() - i);
                ZSkipList.Node t = all.get(i);
                all.set(i, all.get(j));
                all.set(j, t);
            }
            return new ArrayList<>(all.subList(0, k));
        }
        List<ZSkipList.Node> out = new ArrayList<>(Math.min(count, dict.size()));
        for (Dict.Node<Key, ZSkipList.Node> n : dict.randomDistinctNodes(count, random)) {
            out.add(n.value());
        }
        return out;
    }

    /** {@link #add(Key, double, EncodingLimits)} with Redis's default limits. */
    public boolean add(Key member, double score) {
        return add(member, score, EncodingLimits.DEFAULTS);
    }

    /**
     * Adds a member that is not present yet; returns false and changes nothing when it is
     * (the RDB loader treats that as a duplicate). Converts to the skiplist first when the new
     * member would pass the entry limit or is longer than the value limit (zsetAdd).
     */
    public boolean add(Key member, double score, EncodingLimits limits) {
        requireNumber(score);
        if (lp != null) {
            byte[] m = member.bytes();
            int[] offsets = new int[lpSize + 1];
            if (walk(m, Args.parseLongStrict(m), offsets) >= 0) {
                return false;
            }
            if (lpSize + 1L <= limits.zsetMaxListpackEntries() && member.length() <= limits.zsetMaxListpackValue()) {
                int t = firstGreater(offsets, -1, m, score);
                lp = Listpack.splice(lp, offsets[t], offsets[t], 0, Listpack.encode(m), scoreEntry(score));
                lpSize++;
                return true;
            }
        } else if (dict.containsKey(member)) {
            return false;
        }
        if (lp != null) {
            convertToSkiplist(); // past zset-max-listpack-entries or -value (zsetAdd)
        }
        dict.put(member, list.insert(score, member));
        return true;
    }

    /**
     * One walk over the listpack's pairs that only reads entry sizes: {@code offsets[k]} gets the
     * offset of pair k's member entry and {@code offsets[lpSize]} the terminator's. Returns the
     * index of the pair whose member equals {@code member} ({@code asInt} its strict integer
     * parse), or -1 (always -1 for a null member).
     */
    private int walk(byte[] member, Long asInt, int[] offsets) {
        int found = -1;
        int k = 0;
        int p = Listpack.first(lp);
        while (p >= 0) {
            offsets[k] = p;
            if (found < 0 && member != null && Listpack.equalsEntry(lp, p, member, asInt)) {
                found = k;
            }
            int sp = Listpack.next(lp, p);
            int after = sp + Listpack.entrySize(lp, sp);
            k++;
            p = (lp[after] & 0xFF) == Listpack.EOF ? -1 : after;
        }
        offsets[k] = lp.length - 1;
        return found;
    }

    /**
     * The index (0..lpSize) of the first pair, pair {@code skip} left out, that sorts after
     * (score, member): a greater score, or an equal score and a greater member. Binary search
     * over the offsets, so only about log2(n) scores are parsed where zzlInsert's walk parses
     * every score before the insertion point; the result is the same position, since the pairs
     * are in (score, member) order.
     */
    private int firstGreater(int[] offsets, int skip, byte[] member, double score) {
        int n = skip >= 0 ? lpSize - 1 : lpSize; // pairs in the search, without 'skip'
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int k = skip >= 0 && mid >= skip ? mid + 1 : mid;
            int p = offsets[k];
            double s = scoreAt(lp, Listpack.next(lp, p));
            if (s > score || (s == score && Listpack.compareEntry(lp, p, member) > 0)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return skip >= 0 && lo >= skip ? lo + 1 : lo;
    }

    /**
     * A present member's new score in the listpack: when its rank does not change, only the
     * score entry is rewritten; otherwise the pair moves to its new place in one copy (zsetAdd
     * deletes and re-inserts, two copies and a walk that parses every score).
     */
    private void moveCompact(int[] offsets, int i, byte[] member, double score) {
        int p = offsets[i];
        int sp = Listpack.next(lp, p);
        int end = offsets[i + 1];
        byte[] newScore = scoreEntry(score);
        int t = firstGreater(offsets, i, member, score);
        if (t == i + 1) {
            lp = Listpack.splice(lp, sp, end, 1, newScore);
            return;
        }
        int memberLen = sp - p;
        int size = lp.length - (end - p) + memberLen + newScore.length;
        byte[] out = new byte[size];
        int w;
        if (t < i) {
            // [0, t) + the pair + [t, p) + [end, EOF]
            int at = offsets[t];
            System.arraycopy(lp, 0, out, 0, at);
            w = at;
            System.arraycopy(lp, p, out, w, memberLen);
            w += memberLen;
            System.arraycopy(newScore, 0, out, w, newScore.length);
            w += newScore.length;
            System.arraycopy(lp, at, out, w, p - at);
            w += p - at;
            System.arraycopy(lp, end, out, w, lp.length - end);
        } else {
            // [0, p) + [end, t) + the pair + [t, EOF]
            int at = offsets[t];
            System.arraycopy(lp, 0, out, 0, p);
            w = p;
            System.arraycopy(lp, end, out, w, at - end);
            w += at - end;
            System.arraycopy(lp, p, out, w, memberLen);
            w += memberLen;
            System.arraycopy(newScore, 0, out, w, newScore.length);
            w += newScore.length;
            System.arraycopy(lp, at, out, w, lp.length - at);
        }
        out[0] = (byte) size;
        out[1] = (byte) (size >>> 8);
        out[2] = (byte) (size >>> 16);
        out[3] = (byte) (size >>> 24);
        lp = out; // the header's count is unchanged: the same entries
    }

    /** Removes the pair whose member entry is at {@code p}. */
    private void deleteCompact(int p) {
        int sp = Listpack.next(lp, p);
        lp = Listpack.splice(lp, p, sp + Listpack.entrySize(lp, sp), 2);
        lpSize--;
    }

    /**
     * Sets a present member's score; returns false when absent. A new score equal to the old
     * one ({@code ==}, so 0.0 over -0.0 too) changes nothing, as zsetAdd.
     */
    public boolean updateScore(Key member, double score) {
        requireNumber(score);
        if (lp != null) {
            byte[] m = member.bytes();
            int[] offsets = new int[lpSize + 1];
            int i = walk(m, Args.parseLongStrict(m), offsets);
            if (i < 0) {
                return false;
            }
            if (scoreAt(lp, Listpack.next(lp, offsets[i])) != score) {
                moveCompact(offsets, i, m, score);
            }
            return true;
        }
        Dict.Node<Key, ZSkipList.Node> entry = dict.node(member);
        if (entry == null) {
            return false;
        }
        ZSkipList.Node n = entry.value();
        if (n.score != score) {
            entry.setValue(list.updateScore(n, score));
        }
        return true;
    }

    /** Removes a member; returns whether it was present. */
    public boolean remove(Key member) {
        if (lp != null) {
            int p = find(member.bytes());
            if (p < 0) {
                return false;
            }
            deleteCompact(p);
            return true;
        }
        ZSkipList.Node n = dict.remove(member);
        if (n == null) {
            return false;
        }
        list.delete(n.score, member);
        return true;
    }

    /** 0-based rank in ascending order (or descending when {@code reverse}); -1 when absent. */
    public long rank(Key member, boolean reverse) {
        if (lp != null) {
            Long asInt = Args.parseLongStrict(member.bytes());
            long r = 0;
            for (int p = Listpack.first(lp); p >= 0; p = Listpack.next(lp, Listpack.next(lp, p))) {
                if (Listpack.equalsEntry(lp, p, member.bytes(), asInt)) {
                    return reverse ? lpSize - 1 - r : r;
                }
                r++;
            }
            return -1;
        }
        ZSkipList.Node n = dict.get(member);
        if (n == null) {
            return -1;
        }
        long rank = list.rank(n.score, member);
        return reverse ? list.length() - rank : rank - 1;
    }

    /** The node at a 0-based ascending rank, or null when out of range. */
    public ZSkipList.Node byRank(long rank) {
        return ordered().byRank(rank + 1);
    }

    /** Lowest (score, member), or null when empty. */
    public ZSkipList.Node first() {
        return ordered().first();
    }

    /** Highest (score, member), or null when empty. */
    public ZSkipList.Node last() {
        return ordered().last();
    }

    public ZSkipList.Node firstInRange(ScoreRange range) {
        return ordered().firstInRange(range);
    }

    public ZSkipList.Node lastInRange(ScoreRange range) {
        return ordered().lastInRange(range);
    }

    /**
     * The first member in the lexicographic {@code range}, or null. Lex ranges assume equal
     * scores; when they are not, Redis's answer depends on the encoding (a listpack is scanned
     * linearly, a skiplist descended), and so does this one.
     */
    public ZSkipList.Node firstInRange(LexRange range) {
        return lp != null ? scanFirstInLexRange(view(), range) : list.firstInLexRange(range);
    }

    public ZSkipList.Node lastInRange(LexRange range) {
        return lp != null ? scanLastInLexRange(view(), range) : list.lastInLexRange(range);
    }

    /** zzlIsInLexRange: the range is not empty and overlaps [first, last] at its ends. */
    private static boolean mayIntersect(ZSkipList l, LexRange range) {
        ZSkipList.Node first = l.first();
        return !range.isEmpty() && first != null && range.gteMin(l.last().member)
                && range.lteMax(first.member);
    }

    /** t_zset.c zzlFirstInLexRange: the first member from the head that is >= min. */
    private static ZSkipList.Node scanFirstInLexRange(ZSkipList l, LexRange range) {
        if (!mayIntersect(l, range)) {
            return null;
        }
        for (ZSkipList.Node n = l.first(); n != null; n = n.next()) {
            if (range.gteMin(n.member)) {
                return range.lteMax(n.member) ? n : null;
            }
        }
        return null;
    }

    /** t_zset.c zzlLastInLexRange: the first member from the tail that is <= max. */
    private static ZSkipList.Node scanLastInLexRange(ZSkipList l, LexRange range) {
        if (!mayIntersect(l, range)) {
            return null;
        }
        for (ZSkipList.Node n = l.last(); n != null; n = n.previous()) {
            if (range.lteMax(n.member)) {
                return range.gteMin(n.member) ? n : null;
            }
        }
        return null;
    }

    /** How many members have a score in {@code range} (ZCOUNT), by ranks: O(log n). */
    public long count(ScoreRange range) {
        ZSkipList l = ordered();
        ZSkipList.Node first = l.firstInRange(range);
        if (first == null) {
            return 0;
        }
        ZSkipList.Node last = l.lastInRange(range);
        return l.rank(last.score, last.member) - l.rank(first.score, first.member) + 1;
    }

    /**
     * How many members lie in the lexicographic {@code range} (ZLEXCOUNT): a listpack counts
     * forward from the first match while members stay {@code <=} max; a skiplist subtracts ranks (which
     * can even go negative when scores differ, exactly as Redis's unsigned arithmetic does).
     */
    public long count(LexRange range) {
        if (lp != null) {
            long n = 0;
            for (ZSkipList.Node x = scanFirstInLexRange(view(), range); x != null && range.lteMax(x.member);
                    x = x.next()) {
                n++;
            }
            return n;
        }
        ZSkipList.Node first = list.firstInLexRange(range);
        if (first == null) {
            return 0;
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
        if (lp != null) {
            List<Key> doomed = new ArrayList<>();
            for (ZSkipList.Node n = view().firstInRange(range); n != null && range.lteMax(n.score); n = n.next()) {
                doomed.add(n.member);
            }
            doomed.forEach(this::remove);
            return doomed.size();
        }
        return list.deleteRangeByScore(range, n -> dict.remove(n.member));
    }

    /** Removes members in the lexicographic {@code range}; returns how many. */
    public long removeRange(LexRange range) {
        if (lp != null) {
            // zzlDeleteRangeByLex: from the first match, delete while members stay <= max.
            List<Key> doomed = new ArrayList<>();
            for (ZSkipList.Node n = scanFirstInLexRange(view(), range); n != null && range.lteMax(n.member);
                    n = n.next()) {
                doomed.add(n.member);
            }
            doomed.forEach(this::remove);
            return doomed.size();
        }
        // zslDeleteRangeByLex has no emptiness test: with unequal scores even an "empty"
        // range can match after the descent, and Redis deletes what it finds.
        return list.deleteRangeByLex(range, n -> dict.remove(n.member));
    }

    /** Removes 0-based ascending ranks {@code start..end} inclusive (already clamped). */
    public long removeRankRange(long start, long end) {
        int size = size();
        if (start < 0 || end < start || start >= size) {
            return 0;
        }
        long last = Math.min(end, size - 1L);
        if (lp != null) {
            int p = Listpack.first(lp);
            for (long i = 0; i < start; i++) {
                p = Listpack.next(lp, Listpack.next(lp, p));
            }
            int from = p;
            for (long i = start; i <= last; i++) {
                p = Listpack.next(lp, p);
                p = p + Listpack.entrySize(lp, p);
            }
            long removed = last - start + 1;
            lp = Listpack.splice(lp, from, p, (int) (removed * 2));
            lpSize -= (int) removed;
            return removed;
        }
        return list.deleteRangeByRank(start + 1, last + 1, n -> dict.remove(n.member));
    }

    /** Visits members in ascending (score, member) order. */
    public void forEach(ObjDoubleConsumer<Key> action) {
        if (lp != null) {
            for (int p = Listpack.first(lp); p >= 0; ) {
                int sp = Listpack.next(lp, p);
                action.accept(Key.of(Listpack.bytes(lp, p)), scoreAt(lp, sp));
                p = Listpack.next(lp, sp);
            }
            return;
        }
        for (ZSkipList.Node n = list.first(); n != null; n = n.next()) {
            action.accept(n.member, n.score);
        }
    }

    /** Ascending (score, member) order; the set must not change during the walk. */
    @Override
    public Iterator<ZSkipList.Node> iterator() {
        ZSkipList l = ordered();
        return new Iterator<>() {
            private ZSkipList.Node next = l.first();

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

    /**
     * One step of a hash-table scan (ZSCAN over a skiplist set); returns the next cursor. A
     * listpack is visited whole and returns 0.
     */
    public long scan(long cursor, ObjDoubleConsumer<Key> visitor) {
        if (lp != null) {
            forEach(visitor);
            return 0;
        }
        return dict.scan(cursor, (k, n) -> visitor.accept(k, n.score));
    }

    @Override
    public ZSetValue deepCopy() {
        if (lp != null) {
            ZSetValue copy = new ZSetValue(true, 0);
            copy.lp = lp.clone();
            copy.lpSize = lpSize;
            return copy;
        }
        ZSetValue copy = new ZSetValue(false, dict.size());
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
