/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.benchmarks;

import dev.tandem.core.internal.ClientState;
import dev.tandem.core.internal.CommandResult;
import dev.tandem.core.internal.DirectReads;
import dev.tandem.core.internal.Keyspace;
import dev.tandem.core.KeyspaceClock;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * The keyspace's read path (read lock + Dict lookup + command dispatch) against the floor a
 * plain {@link ConcurrentHashMap} sets, single-threaded and with a concurrent writer.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/tandem-benchmarks.jar KeyspaceReadBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class KeyspaceReadBenchmark {
    @Param({"100000"})
    public int keys;

    private Keyspace keyspace;
    private DirectReads direct;
    private ConcurrentHashMap<String, byte[]> map;
    private byte[][][] getCommands;
    private byte[][][] setCommands;
    private String[] keyNames;

    @Setup(Level.Trial)
    public void setUp() {
        keyspace = new Keyspace(16, KeyspaceClock.SYSTEM);
        direct = new DirectReads(keyspace);
        map = new ConcurrentHashMap<>();
        ClientState c = ClientState.client();
        getCommands = new byte[keys][][];
        setCommands = new byte[keys][][];
        keyNames = new String[keys];
        byte[] value = new byte[100];
        for (int i = 0; i < keys; i++) {
            String k = "key:" + i;
            keyNames[i] = k;
            byte[] kb = k.getBytes(StandardCharsets.UTF_8);
            getCommands[i] = new byte[][] {"GET".getBytes(StandardCharsets.US_ASCII), kb};
            setCommands[i] = new byte[][] {"SET".getBytes(StandardCharsets.US_ASCII), kb, value};
            keyspace.execute(c, setCommands[i]);
            map.put(k, value);
        }
    }

    /** Per-thread cursor so threads walk different keys. */
    @State(Scope.Thread)
    public static class Cursor {
        int i;
        final ClientState client = ClientState.client();

        int next(int bound) {
            i = (i + 7919) % bound;
            return i;
        }
    }

    @Benchmark
    public CommandResult keyspaceGet(Cursor cur) {
        return keyspace.execute(cur.client, getCommands[cur.next(keys)]);
    }

    /** The embedded API's typed GET (ReplicatedKeyspace.get): no command, no reply object. */
    @Benchmark
    public byte[] directGet(Cursor cur) {
        return direct.get(0, getCommands[cur.next(keys)][1]);
    }

    @Benchmark
    public byte[] concurrentHashMapGet(Cursor cur) {
        return map.get(keyNames[cur.next(keys)]);
    }

    @Benchmark
    @Group("keyspaceMixed")
    @GroupThreads(1)
    public CommandResult keyspaceMixedRead(Cursor cur) {
        return keyspace.execute(cur.client, getCommands[cur.next(keys)]);
    }

    @Benchmark
    @Group("keyspaceMixed")
    @GroupThreads(1)
    public CommandResult keyspaceMixedWrite(Cursor cur) {
        return keyspace.execute(cur.client, setCommands[cur.next(keys)]);
    }

    @Benchmark
    @Group("directMixed")
    @GroupThreads(1)
    public byte[] directMixedRead(Cursor cur) {
        return direct.get(0, getCommands[cur.next(keys)][1]);
    }

    @Benchmark
    @Group("directMixed")
    @GroupThreads(1)
    public CommandResult directMixedWrite(Cursor cur) {
        return keyspace.execute(cur.client, setCommands[cur.next(keys)]);
    }

    @Benchmark
    @Group("mapMixed")
    @GroupThreads(1)
    public byte[] mapMixedRead(Cursor cur) {
        return map.get(keyNames[cur.next(keys)]);
    }

    @Benchmark
    @Group("mapMixed")
    @GroupThreads(1)
    public byte[] mapMixedWrite(Cursor cur) {
        int i = cur.next(keys);
        return map.put(keyNames[i], setCommands[i][2]);
    }
}
