/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.core.internal.command.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client-side caching's two hooks in the keyspace: a tracking client's read-only commands report
 * their keys ({@link TrackedReads}), and every change reaches the {@link KeyInvalidations} sinks
 * in order — inside a transaction, a change before a read is reported before that read.
 */
class KeyTrackingHooksTest {

    private final ManualClock clock = new ManualClock(1_000_000);
    private Keyspace keyspace;
    private final List<String> events = new ArrayList<>();
    private final ClientState tracker = ClientState.client();
    private final ClientState other = ClientState.client();

    @BeforeEach
    void setUp() {
        keyspace = new Keyspace(16, clock);
        keyspace.addInvalidations(new KeyInvalidations() {
            @Override
            public void keyModified(ClientState current, boolean byCurrent, byte[] key) {
                events.add("modified " + new String(key, StandardCharsets.UTF_8) + " by "
                        + (byCurrent ? (current == tracker ? "tracker" : "other") : "nobody"));
            }

            @Override
            public void flushed(ClientState current) {
                events.add("flushed");
            }
        });
        tracker.trackedReads((CommandSpec command, byte[][] argv, boolean script) ->
                events.add("read " + command.name() + " " + new String(argv[1], StandardCharsets.UTF_8)));
    }

    @Test
    void readsReportTheirCommandAndWritesTheirKeys() {
        keyspace.execute(tracker, "GET", "a");
        keyspace.execute(other, "SET", "a", "1");
        keyspace.execute(other, "GET", "a"); // not tracking: nothing
        keyspace.execute(tracker, "DEL", "a");
        assertEquals(List.of("read get a", "modified a by other", "modified a by tracker"), events);
    }

    @Test
    void insideExecAChangeBeforeAReadIsReportedFirst() {
        keyspace.execute(tracker, "MULTI");
        keyspace.execute(tracker, "SET", "k", "1");
        keyspace.execute(tracker, "GET", "k");
        keyspace.execute(tracker, "SET", "k", "2");
        keyspace.execute(tracker, "EXEC");
        assertEquals(List.of("modified k by tracker", "read get k", "modified k by tracker"), events);
    }

    @Test
    void flushesAreReportedOnceAndSwapdbNotAtAll() {
        keyspace.execute(other, "SET", "k", "1");
        events.clear();
        keyspace.execute(other, "FLUSHALL");
        keyspace.execute(other, "SWAPDB", "0", "1");
        keyspace.execute(other, "FLUSHDB");
        assertEquals(List.of("flushed", "flushed"), events);
    }

    @Test
    void aKeyExpiredOnAccessHasNoWriter() {
        keyspace.execute(other, "SET", "k", "1", "PX", "10");
        events.clear();
        clock.advance(20);
        keyspace.execute(tracker, "GET", "k");
        assertEquals(List.of("read get k", "modified k by nobody"), events);
    }
}
