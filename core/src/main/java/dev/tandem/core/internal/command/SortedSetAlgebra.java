/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import dev.tandem.core.Key;
import dev.tandem.core.internal.RedisError;
import dev.tandem.core.value.RedisValue;
import dev.tandem.core.value.ScoredMembers;
import dev.tandem.core.value.ValueType;
import dev.tandem.core.value.ZSetValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The set algebra behind ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE, ZUNION, ZINTER, ZDIFF and
 * ZINTERCARD (t_zset.c zunionInterDiffGenericCommand), including Redis's floating-point rules:
 * a weighted score that is NaN (0 * inf) counts as 0, a SUM of +inf and -inf is 0, and inputs
 * are aggregated smallest first.
 */
final class SortedSetAlgebra {
    private SortedSetAlgebra() {
    }

    enum Aggregate { SUM, MIN, MAX }

    /** A resolved input: its members (null for a missing key) and weight. */
    static final class Source {
        final ScoredMembers members;
        double weight = 1.0;

        Source(ScoredMembers members) {
            this.members = members;
        }

        int size() {
            return members == null ? 0 : members.size();
        }
    }

    static ScoredMembers scoredMembers(RedisValue v) {
        if (v.type() != ValueType.ZSET && v.type() != ValueType.SET) {
            throw RedisError.wrongType();
        }
        if (v instanceof ScoredMembers sm) {
            return sm;
        }
        if (v instanceof Iterable<?> members) {
            return PlainSetMembers.copyOf(members);
        }
        throw new IllegalStateException(v.getClass().getName() + " is a set but cannot be iterated");
    }

    /**
     * A plain set's members, each scoring 1.0. Built by iterating a set value that does not
     * implement {@link ScoredMembers} itself (one O(n) copy; a set value that implements it
     * is read in place).
     */
    private static final class PlainSetMembers implements ScoredMembers {
        private final java.util.Set<Key> members;

        private PlainSetMembers(java.util.Set<Key> members) {
            this.members = members;
        }

        static PlainSetMembers copyOf(Iterable<?> source) {
            java.util.Set<Key> members = new java.util.HashSet<>();
            for (Object o : source) {
                members.add((Key) o);
            }
            return new PlainSetMembers(members);
        }

        @Override
        public int size() {
            return members.size();
        }

        @Override
        public Double scoreOf(Key member) {
            return members.contains(member) ? 1.0 : null;
        }

        @Override
        public void forEachScored(java.util.function.ObjDoubleConsumer<Key> action) {
            for (Key k : members) {
                action.accept(k, 1.0);
            }
        }
    }

    /** zunionInterAggregate; a SUM of +inf and -inf is 0, not NaN. */
    private static double aggregate(double target, double value, Aggregate aggregate) {
        return switch (aggregate) {
            case SUM -> {
                double sum = target + value;
                yield Double.isNaN(sum) ? 0.0 : sum;
            }
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
        };
    }

    private static double weighted(double score, double weight) {
        double v = weight * score;
        return Double.isNaN(v) ? 0 : v; // 0 * inf
    }

    static ZSetValue intersection(List<Source> sources, Aggregate aggregate) {
        ZSetValue result = new ZSetValue(false, 0);
        Source first = sources.get(0);
        if (first.size() == 0) {
            return result;
        }
        first.members.forEachScored((member, s) -> {
            double score = weighted(s, first.weight);
            for (int k = 1; k < sources.size(); k++) {
                Source other = sources.get(k);
                Double found = other.members.scoreOf(member);
                if (found == null) {
                    return;
                }
                // Not NaN-guarded before aggregating, as zuiFind's value (MIN/MAX keep the target).
                score = aggregate(score, found * other.weight, aggregate);
            }
            result.add(member, score);
        });
        return result;
    }

    static long intersectionCardinality(List<Source> sources, long limit) {
        Source first = sources.get(0);
        if (first.size() == 0) {
            return 0;
        }
        long[] cardinality = {0};
        // forEachScored cannot stop early; the limit only bounds the count, not the result.
        first.members.forEachScored((member, s) -> {
            if (limit > 0 && cardinality[0] >= limit) {
                return;
            }
            for (int k = 1; k < sources.size(); k++) {
                if (sources.get(k).members.scoreOf(member) == null) {
                    return;
                }
            }
            cardinality[0]++;
        });
        return cardinality[0];
    }

    static ZSetValue union(List<Source> sources, Aggregate aggregate) {
        Map<Key, double[]> accumulator = new HashMap<>();
        for (Source src : sources) {
            if (src.size() == 0) {
                continue;
            }
            src.members.forEachScored((member, s) -> {
                double score = weighted(s, src.weight);
                double[] existing = accumulator.get(member);
                if (existing == null) {
                    accumulator.put(member, new double[] {score});
                } else {
                    existing[0] = aggregate(existing[0], score, aggregate);
                }
            });
        }
        ZSetValue result = new ZSetValue(false, accumulator.size());
        accumulator.forEach((member, score) -> result.add(member, score[0]));
        return result;
    }

    static ZSetValue difference(List<Source> sources) {
        ZSetValue result = new ZSetValue(false, 0);
        Source first = sources.get(0);
        if (first.size() == 0) {
            return result;
        }
        first.members.forEachScored((member, s) -> {
            for (int k = 1; k < sources.size(); k++) {
                Source other = sources.get(k);
                if (other.size() > 0 && other.members.scoreOf(member) != null) {
                    return;
                }
            }
            result.add(member, s);
        });
        return result;
    }
}
