/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import dev.tandem.core.Key;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The ordered index of a sorted set: a skiplist with spans, as Redis's zskiplist (Pugh's
 * skiplist allowing equal scores, ordered by (score, member bytes unsigned), with per-link
 * spans for O(log n) rank queries and a backward link on level 0 for reverse walks).
 *
 * <p>Scores compare with IEEE operators, so -0.0 and 0.0 are the same score (ordered by
 * member), exactly like the C code; NaN is never inserted.
 *
 * <p>Not thread-safe; mutated only by {@link ZSetValue} under the keyspace's write lock.
 */
public final class ZSkipList {
    static final int MAX_LEVEL = 32;
    /** Probability of a node reaching the next level up (ZSKIPLIST_P). */
    private static final int LEVEL_UP_THRESHOLD = (int) (0.25 * 0x10000);

    /** One member of the list. Read-only outside this package. */
    public static final class Node {
        final Key member;
        double score;
        Node backward;
        final Node[] forward;
        /** span[i]: how many level-0 steps forward[i] jumps (rank distance). */
        final int[] span;

        Node(int level, double score, Key member) {
            this.member = member;
            this.score = score;
            this.forward = new Node[level];
            this.span = new int[level];
        }

        public Key member() {
            return member;
        }

        public double score() {
            return score;
        }

        /** The next node in (score, member) order, or null. */
        public Node next() {
            return forward[0];
        }

        /** The previous node, or null at the head. */
        public Node previous() {
            return backward;
        }
    }

    private final Node header = new Node(MAX_LEVEL, 0, null);
    private Node tail;
    private int length;
    private int level = 1;

    public int length() {
        return length;
    }

    public Node first() {
        return header.forward[0];
    }

    public Node last() {
        return tail;
    }

    private static int randomLevel() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int lvl = 1;
        while (lvl < MAX_LEVEL && (r.nextInt() & 0xFFFF) < LEVEL_UP_THRESHOLD) {
            lvl++;
        }
        return lvl;
    }

    /** Whether {@code n} sorts strictly before (score, member). */
    private static boolean before(Node n, double score, Key member) {
        return n.score < score || (n.score == score && n.member.compareTo(member) < 0);
    }

    /**
     * Appends a member after the current last one, at level 1: for a short-lived list built from
     * members already in (score, member) order (a listpack's view), where a level-1 chain ranks
     * and ranges as correctly as a full skiplist and costs one small node per member. Must only
     * be used on a list built this way from empty.
     */
    void appendLast(double score, Key member) {
        Node x = new Node(1, score, member);
        Node prev = tail == null ? header : tail;
        prev.forward[0] = x;
        prev.span[0] = 1;
        x.backward = tail;
        tail = x;
        length++;
    }

    /** Inserts a member that must not be present (the caller's dict enforces that). */
    Node insert(double score, Key member) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("NaN score");
        }
        Node[] update = new Node[MAX_LEVEL];
        int[] rank = new int[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && before(x.forward[i], score, member)) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int lvl = randomLevel();
        if (lvl > level) {
            for (int i = level; i < lvl; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = lvl;
        }
        x = new Node(lvl, score, member);
        for (int i = 0; i < lvl; i++) {
            x.forward[i] = update[i].forward[i];
            update[i].forward[i] = x;
            x.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = lvl; i < level; i++) {
            update[i].span[i]++;
        }
        x.backward = update[0] == header ? null : update[0];
        if (x.forward[0] != null) {
            x.forward[0].backward = x;
        } else {
            tail = x;
        }
        length++;
        return x;
    }

    private void unlink(Node x, Node[] update) {
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i] -= 1;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            level--;
        }
        length--;
    }

    /** Removes (score, member); returns the removed node or null when absent. */
    Node delete(double score, Key member) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && before(x.forward[i], score, member)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        if (x != null && x.score == score && x.member.equals(member)) {
            unlink(x, update);
            return x;
        }
        return null;
    }

    /**
     * Changes a present node's score. Like zslUpdateScore, the node stays in place when its
     * position would not change; otherwise it is removed and a new node inserted, which is
     * returned (the caller re-points its dict entry).
     */
    Node updateScore(Node node, double newScore) {
        if (Double.isNaN(newScore)) {
            throw new IllegalArgumentException("NaN score");
        }
        Node prev = node.backward;
        Node next = node.forward[0];
        if ((prev == null || prev.score < newScore)
                && (next == null || next.score > newScore)) {
            node.score = newScore;
            return node;
        }
        Node removed = delete(node.score, node.member);
        if (removed != node) {
            throw new IllegalStateException("skiplist node not found for " + node.member);
        }
        return insert(newScore, node.member);
    }

    /** 1-based rank of (score, member), 0 when absent (zslGetRank). */
    public long rank(double score, Key member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null
                    && (x.forward[i].score < score
                    || (x.forward[i].score == score && x.forward[i].member.compareTo(member) <= 0))) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x.member != null && x.score == score && x.member.equals(member)) {
                return rank;
            }
        }
        return 0;
    }

    /** The node at a 1-based rank, or null (zslGetElementByRank). */
    public Node byRank(long rank) {
        if (rank < 1 || rank > length) {
            return null;
        }
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= rank) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == rank) {
                return x;
            }
        }
        return null;
    }

    private boolean mayIntersect(ScoreRange range) {
        if (range.isEmpty()) {
            return false;
        }
        return tail != null && range.gteMin(tail.score)
                && header.forward[0] != null && range.lteMax(header.forward[0].score);
    }

    /** The first node within {@code range}, or null. */
    public Node firstInRange(ScoreRange range) {
        if (!mayIntersect(range)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.gteMin(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && range.lteMax(x.score) ? x : null;
    }

    /** The last node within {@code range}, or null. */
    public Node lastInRange(ScoreRange range) {
        if (!mayIntersect(range)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.lteMax(x.forward[i].score)) {
                x = x.forward[i];
            }
        }
        return x != header && range.gteMin(x.score) ? x : null;
    }

    private boolean mayIntersect(LexRange range) {
        if (range.isEmpty()) {
            return false;
        }
        return tail != null && range.gteMin(tail.member)
                && header.forward[0] != null && range.lteMax(header.forward[0].member);
    }

    /** The first node within the lexicographic {@code range}, or null. */
    public Node firstInLexRange(LexRange range) {
        if (!mayIntersect(range)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.gteMin(x.forward[i].member)) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && range.lteMax(x.member) ? x : null;
    }

    /** The last node within the lexicographic {@code range}, or null. */
    public Node lastInLexRange(LexRange range) {
        if (!mayIntersect(range)) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.lteMax(x.forward[i].member)) {
                x = x.forward[i];
            }
        }
        return x != header && range.gteMin(x.member) ? x : null;
    }

    /** Removes every node in {@code range}, reporting each to {@code removed}; returns the count. */
    int deleteRangeByScore(ScoreRange range, Consumer<Node> removed) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.gteMin(x.forward[i].score)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        int count = 0;
        while (x != null && range.lteMax(x.score)) {
            Node next = x.forward[0];
            unlink(x, update);
            removed.accept(x);
            count++;
            x = next;
        }
        return count;
    }

    int deleteRangeByLex(LexRange range, Consumer<Node> removed) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.gteMin(x.forward[i].member)) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        int count = 0;
        while (x != null && range.lteMax(x.member)) {
            Node next = x.forward[0];
            unlink(x, update);
            removed.accept(x);
            count++;
            x = next;
        }
        return count;
    }

    /** Removes 1-based ranks {@code start..end} inclusive; returns the count. */
    int deleteRangeByRank(long start, long end, Consumer<Node> removed) {
        Node[] update = new Node[MAX_LEVEL];
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] < start) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        traversed++;
        x = x.forward[0];
        int count = 0;
        while (x != null && traversed <= end) {
            Node next = x.forward[0];
            unlink(x, update);
            removed.accept(x);
            count++;
            traversed++;
            x = next;
        }
        return count;
    }
}
