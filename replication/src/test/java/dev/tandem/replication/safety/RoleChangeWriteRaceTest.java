/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.replication.RedisReplyException;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.Role;
import dev.tandem.replication.internal.role.WritePolicy;
import dev.tandem.replication.testing.RecordingBacklog;
import dev.tandem.testkit.RespClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Writes race role changes ({@code REPLICAOF host port} / {@code REPLICAOF NO ONE}), through the
 * API and the RESP server at once, and every write must come out one of two ways: acknowledged
 * and in the node's own replication stream, or refused ({@code READONLY}) and nowhere. A write
 * that is acknowledged but missing from the stream is the bug this guards against: it passed the
 * role check as a master's, ran after the node turned replica, and was applied without being
 * propagated (the check used to run before the keyspace write lock; now the write policy is asked
 * again under it).
 *
 * <p>The node follows a master that never answers (a closed port), so no sync ever replaces its
 * data: what it holds at the end is exactly what it applied. Its backlog is a
 * {@link RecordingBacklog} plugged in through the SPI, which keeps every byte ever appended.
 */
class RoleChangeWriteRaceTest {

    private static final int FLIPS = 150;
    private static final int MAX_WRITES_PER_WRITER = 200_000;
    private static final Pattern PROPAGATED_SET =
            Pattern.compile("\\*3\r\n\\$3\r\nSET\r\n\\$\\d+\r\n(race:\\d+:\\d+)\r\n", Pattern.CASE_INSENSITIVE);

    @Test
    void everyAppliedWriteIsPropagatedOrRefused() throws Exception {
        RecordingBacklog[] backlog = new RecordingBacklog[1];
        int deadPort = closedPort();
        Map<String, String> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ReplicatedKeyspace node = ReplicatedKeyspace.builder().backlog(RecordingBacklog.factory(backlog)).start()) {
            List<Future<?>> writers = new ArrayList<>();
            writers.add(pool.submit(() -> apiWriter(node, 0, stop, outcomes)));
            writers.add(pool.submit(() -> apiWriter(node, 1, stop, outcomes)));
            writers.add(pool.submit(() -> respWriter(node.port(), 2, stop, outcomes)));
            try {
                for (int i = 0; i < FLIPS; i++) {
                    node.replicaOf("127.0.0.1", deadPort);
                    node.promote();
                }
            } finally {
                stop.set(true);
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            assertEquals(Role.MASTER, node.role());

            Set<String> acknowledged = new TreeSet<>();
            Set<String> refused = new TreeSet<>();
            outcomes.forEach((key, outcome) -> (outcome.equals("OK") ? acknowledged : refused).add(key));
            for (String key : refused) {
                assertEquals(WritePolicy.READONLY, outcomes.get(key), "the only refusal here is READONLY: " + key);
            }
            Set<String> propagated = new HashSet<>();
            Matcher m = PROPAGATED_SET.matcher(backlog[0].appendedText());
            while (m.find()) {
                propagated.add(m.group(1));
            }

            assertTrue(acknowledged.size() > 0 && refused.size() > 0,
                    "the race happened both ways: " + acknowledged.size() + " acknowledged, " + refused.size() + " refused");
            Set<String> appliedNotPropagated = new TreeSet<>(acknowledged);
            appliedNotPropagated.removeAll(propagated);
            assertEquals(Set.of(), appliedNotPropagated, "acknowledged writes missing from the stream");
            Set<String> propagatedNotAcknowledged = new TreeSet<>(propagated);
            propagatedNotAcknowledged.removeAll(acknowledged);
            assertEquals(Set.of(), propagatedNotAcknowledged, "propagated writes nobody was told of");
            for (String key : refused) {
                assertNull(node.get(key), "a refused write left data behind: " + key);
            }
            for (String key : acknowledged) {
                assertEquals("v", node.get(key), "an acknowledged write is held: " + key);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    private static void apiWriter(ReplicatedKeyspace node, int writer, AtomicBoolean stop, Map<String, String> outcomes) {
        for (int i = 0; i < MAX_WRITES_PER_WRITER && !stop.get(); i++) {
            String key = "race:" + writer + ":" + i;
            try {
                node.set(key, "v");
                outcomes.put(key, "OK");
            } catch (RedisReplyException e) {
                outcomes.put(key, e.errorText());
            }
        }
    }

    private static void respWriter(int port, int writer, AtomicBoolean stop, Map<String, String> outcomes) {
        try (RespClient client = RespClient.connect("127.0.0.1", port)) {
            for (int i = 0; i < MAX_WRITES_PER_WRITER && !stop.get(); i++) {
                String key = "race:" + writer + ":" + i;
                Object reply = client.call("SET", key, "v");
                outcomes.put(key, reply instanceof RespClient.ErrorReply e ? e.text() : String.valueOf(reply));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A loopback port nobody listens on: the node's link to it fails at once, every time. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
