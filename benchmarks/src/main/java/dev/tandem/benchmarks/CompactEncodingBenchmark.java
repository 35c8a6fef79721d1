/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.core.Key;
import dev.tandem.core.value.EncodingLimits;
import dev.tandem.core.value.HashValue;
import dev.tandem.core.value.SetValue;
import dev.tandem.core.value.ZSetValue;
import dev.tandem.core.value.ZSkipList;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot operations of small collections, compact form (listpack / intset byte array) next to
 * the big form (hash table, dict + skiplist) in one run: the {@code encoding} parameter picks
 * the thresholds ({@code compact}: Redis's defaults; {@code big}: 0, so every collection is
 * converted from its first write). A pool of {@code 1024} collections of {@code size} members
 * each, visited round-robin, so one collection's cache lines do not flatter either form.
 * Operations run on the values directly (the command layer is the same for both forms).
 *
 * <p>Command: {@code mvn -B -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/tandem-benchmarks.jar CompactEncodingBenchmark -wi 2 -i 3 -w 1 -r 1 -f 1}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CompactEncodingBenchmark {
    private static final int POOL = 1024;

    @Param({"compact", "big"})
    public String encoding;

    @Param({"5", "32"})
    public int size;

    private HashValue[] hashes;
    private ZSetValue[] zsets;
    private SetValue[] sets;
    private Key[] members;
    private byte[][] values;
    private EncodingLimits limits;
    private int next;
    private int calls;

    @Setup(Level.Trial)
    public void setUp() {
        limits = new EncodingLimits();
        if (encoding.equals("big")) {
            limits.hashMaxListpackEntries(0);
            limits.zsetMaxListpackEntries(0);
            limits.setMaxIntsetEntries(0);
        }
        members = new Key[size];
        values = new byte[size][];
        for (int i = 0; i < size; i++) {
            members[i] = Key.of(("field:" + i).getBytes(StandardCharsets.US_ASCII));
            values[i] = ("value-" + i + "-xxxx").getBytes(StandardCharsets.US_ASCII);
        }
        hashes = new HashValue[POOL];
        zsets = new ZSetValue[POOL];
        sets = new SetValue[POOL];
        for (int k = 0; k < POOL; k++) {
            hashes[k] = new HashValue();
            zsets[k] = new ZSetValue();
            sets[k] = new SetValue();
            for (int i = 0; i < size; i++) {
                hashes[k].put(members[i], values[i], limits);
                zsets[k].add(members[i], i * 1.5, limits);
                sets[k].add(Key.of(Integer.toString(i * 7)), limits);
            }
        }
    }

    private int pick() {
        next = (next + 1) & (POOL - 1);
        return next;
    }

    @Benchmark
    public byte[] hget() {
        int k = pick();
        return hashes[k].get(members[k % size]);
    }

    @Benchmark
    public boolean hset() {
        int k = pick();
        int i = k % size;
        return hashes[k].put(members[i], values[(i + 1) % size], limits);
    }

    @Benchmark
    public boolean zadd() {
        int k = pick();
        int i = k % size;
        // A new score for an existing member (it alternates on each pass over the pool): the
        // set is reordered, its size stays.
        boolean alt = (calls++ & POOL) != 0;
        return zsets[k].updateScore(members[i], alt ? i * 1.5 + 0.25 : i * 1.5);
    }

    @Benchmark
    public double zrange() {
        int k = pick();
        double sum = 0;
        for (ZSkipList.Node n = zsets[k].byRank(0); n != null; n = n.next()) {
            sum += n.score();
        }
        return sum;
    }

    @Benchmark
    public boolean sadd() {
        int k = pick();
        Key m = Key.of(Integer.toString(1_000_000 + k));
        boolean added = sets[k].add(m, limits);
        sets[k].remove(m); // keep the size (and the encoding) steady
        return added;
    }
}
