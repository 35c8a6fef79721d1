/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.core.value.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * List operations on the quicklist ({@link ListValue}: listpack nodes, as Redis 7.0) next to
 * the ring buffer of {@code byte[]} it replaced ({@link RingBufferList}, the pre-#13 code) in
 * one run. Lists of {@code size} 10-byte elements; pushes are paired with a pop at the other end
 * so the size stays put; {@code lrange} reads the whole list by index (what LRANGE does),
 * {@code lindex} the middle element.
 *
 * <p>Command: {@code mvn -B -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/tandem-benchmarks.jar ListBenchmark -wi 2 -i 3 -w 1 -r 1 -f 1}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ListBenchmark {
    @Param({"quicklist", "ring"})
    public String impl;

    @Param({"5", "100", "10000"})
    public int size;

    private ListValue quick;
    private RingBufferList ring;
    private byte[] element;

    @Setup
    public void setUp() {
        quick = new ListValue();
        ring = new RingBufferList();
        for (int i = 0; i < size; i++) {
            byte[] e = String.format("e%09d", i).getBytes(StandardCharsets.US_ASCII);
            quick.addLast(e);
            ring.addLast(e);
        }
        element = "x123456789".getBytes(StandardCharsets.US_ASCII);
    }

    private boolean isQuick() {
        return impl.equals("quicklist");
    }

    @Benchmark
    public Object lpushRpop() {
        if (isQuick()) {
            quick.addFirst(element);
            return quick.removeLast();
        }
        ring.addFirst(element);
        return ring.removeLast();
    }

    @Benchmark
    public Object rpushLpop() {
        if (isQuick()) {
            quick.addLast(element);
            return quick.removeFirst();
        }
        ring.addLast(element);
        return ring.removeFirst();
    }

    @Benchmark
    public void lrange(Blackhole bh) {
        if (isQuick()) {
            for (int i = 0; i < size; i++) {
                bh.consume(quick.get(i));
            }
        } else {
            for (int i = 0; i < size; i++) {
                bh.consume(ring.get(i));
            }
        }
    }

    @Benchmark
    public Object lindex() {
        return isQuick() ? quick.get(size / 2) : ring.get(size / 2);
    }
}
