/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.interop;

import static dev.tandem.replication.interop.Interop.info;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.testkit.FakeReplica;
import dev.tandem.testkit.RedisServerProcess;
import dev.tandem.testkit.RequiresRedis;
import dev.tandem.testkit.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The same PSYNC requests sent to a real redis-server master and to a Tandem master (reference
 * §3.1, §15.1): the reply forms ({@code +CONTINUE <id>} with psync2, bare {@code +CONTINUE}
 * without, {@code +FULLRESYNC} for an unknown id, an offset past the end or before the backlog,
 * the integer error) and the {@code sync_full} / {@code sync_partial_ok} /
 * {@code sync_partial_err} counters they leave behind must be the same.
 */
@Tag("interop")
@RequiresRedis
class PsyncRepliesInteropTest {

    @Test
    void psyncRepliesAndCountersMatchRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--repl-diskless-sync-delay", "0",
                "--repl-backlog-size", "16384");
             RespClient real = redis.client();
             ReplicatedKeyspace tandem = ReplicatedKeyspace.builder().directive("repl-backlog-size", "16384").start();
             RespClient t = Interop.client(tandem)) {
            List<String> fromRedis = probe(real, "127.0.0.1", redis.port());
            List<String> fromTandem = probe(t, "127.0.0.1", tandem.port());
            assertEquals(fromRedis, fromTandem);
            for (String counter : List.of("sync_full", "sync_partial_ok", "sync_partial_err")) {
                assertEquals(info(real, "stats").get(counter), info(t, "stats").get(counter), counter);
            }
        }
    }

    /** Runs the probes against one master; returns the replies with ids and offsets symbolic. */
    private static List<String> probe(RespClient client, String host, int port) throws Exception {
        List<String> replies = new ArrayList<>();
        client.call("SET", "before", "first sync");
        // A first full sync creates the backlog (and, on redis-server, the replid).
        try (FakeReplica first = FakeReplica.connect(host, port, true)) {
            FakeReplica.FullSync sync = first.fullSync();
            replies.add("first: +FULLRESYNC " + (sync.eofMarked() ? "eof" : "len"));
        }
        client.call("SET", "some", "x".repeat(100));
        Map<String, String> repl = info(client, "replication");
        String id = repl.get("master_replid");
        long end = Long.parseLong(repl.get("master_repl_offset"));
        long first = Long.parseLong(repl.get("repl_backlog_first_byte_offset"));

        replies.add("continue at end+1: " + symbolic(psync(host, port, true, id, end + 1), id, end));
        replies.add("continue at first byte: " + symbolic(psync(host, port, true, id, first), id, end));
        replies.add("continue without psync2: " + symbolic(psync(host, port, false, id, end + 1), id, end));
        replies.add("upper-case id: " + symbolic(psync(host, port, true, id.toUpperCase(Locale.ROOT), end + 1), id, end));
        replies.add("past the end: " + symbolic(psync(host, port, true, id, end + 2), id, end));
        replies.add("unknown id: " + symbolic(psync(host, port, true, "0123456789012345678901234567890123456789", end + 1), id, end));
        replies.add("not an integer: " + symbolic(psync(host, port, true, id, "12x"), id, end));
        // Push the first bytes out of the 16 KB backlog (whole blocks of it: 16 KB in
        // redis-server, 64 KB chunks in Tandem): the old offset needs a full sync.
        for (int i = 0; i < 64; i++) {
            client.call("SET", "filler" + i, "f".repeat(4096));
        }
        long later = Long.parseLong(info(client, "replication").get("master_repl_offset"));
        replies.add("before the backlog: " + symbolic(psync(host, port, true, id, first), id, later));
        return replies;
    }

    private static String psync(String host, int port, boolean psync2, String id, long offset) throws Exception {
        return psync(host, port, psync2, id, Long.toString(offset));
    }

    private static String psync(String host, int port, boolean psync2, String id, String offset) throws Exception {
        try (FakeReplica r = psync2 ? FakeReplica.connect(host, port, true)
                : FakeReplica.connectWithCapabilities(host, port, "eof")) {
            return r.psync(id, offset);
        }
    }

    /** The reply with the master's replid as ID and its offset as END (other ids stay visible). */
    private static String symbolic(String reply, String id, long end) {
        return reply.replace(id, "ID").replaceAll(" " + end + "$", " END");
    }
}
