/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.snapshot.DatasetTarget;
import dev.tandem.replication.CustomCommand;
import dev.tandem.replication.RdbSnapshotFormat;
import dev.tandem.replication.ReplicatedKeyspace;
import dev.tandem.replication.ReplicationEvent;
import dev.tandem.replication.ReplicationListener;
import dev.tandem.replication.spi.SnapshotFormat;
import dev.tandem.replication.spi.SnapshotLoader;
import dev.tandem.replication.spi.SnapshotWriteOptions;
import dev.tandem.replication.spi.SnapshotWriter;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue #14: an OutOfMemoryError in an embedded node's own paths stops the node, emits
 * {@link ReplicationEvent.NodeFailed} and makes every later call throw an
 * {@link IllegalStateException} naming the error — never a half-alive node (the launcher halts
 * the process instead: {@code FatalErrorsTest}). The error is injected through seams (a custom
 * command, a snapshot format's loader), so no test JVM has to run out of heap.
 */
class OutOfMemoryStopsNodeTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    private static byte[][] argv(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    @Test
    void anOutOfMemoryErrorInACallStopsTheNodeAndLaterCallsAreRefused() {
        OutOfMemoryError injected = new OutOfMemoryError("Java heap space (injected)");
        List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
        ReplicatedKeyspace node = ReplicatedKeyspace.builder().name("oom-call").listen("127.0.0.1", 0)
                .listener((ReplicationListener) events::add)
                .command(new CustomCommand("hog", 1, true, call -> {
                    throw injected;
                })).build().start();
        try {
            int port = node.port();
            node.execute(argv("SET", "k", "v"));

            assertSame(injected, assertThrows(OutOfMemoryError.class, () -> node.execute(argv("HOG"))),
                    "the caller sees the error itself");

            Awaitility.await().atMost(AWAIT).until(() -> events.contains(
                    new ReplicationEvent.NodeFailed("oom-call", injected.toString())));
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> node.execute(argv("GET", "k")));
            assertEquals("node oom-call stopped after OutOfMemoryError: Java heap space (injected)", refused.getMessage());
            assertSame(injected, refused.getCause());
            assertThrows(IllegalStateException.class, node::replicationInfo);
            assertThrows(IllegalStateException.class, () -> node.replicaOf("127.0.0.1", 1));
            Awaitility.await().atMost(AWAIT).until(() -> !listening(port)); // the node closed itself
        } finally {
            node.close();
        }
    }

    /** RDB, except that the loader runs out of memory on its first bytes. */
    private static final class StarvedLoads implements SnapshotFormat {
        private final SnapshotFormat rdb = RdbSnapshotFormat.defaults();

        @Override
        public String name() {
            return "starved";
        }

        @Override
        public SnapshotWriter newWriter(SnapshotWriteOptions options, Consumer<ByteBuf> output) {
            return rdb.newWriter(options, output);
        }

        @Override
        public SnapshotLoader newLoader(DatasetTarget target) {
            return new SnapshotLoader() {
                @Override
                public void feed(ByteBuf chunk) {
                    throw new OutOfMemoryError("Java heap space (injected into the load)");
                }

                @Override
                public void finish() {
                }

                @Override
                public long keysLoaded() {
                    return 0;
                }

                @Override
                public OptionalInt streamDb() {
                    return OptionalInt.empty();
                }
            };
        }
    }

    @Test
    void anOutOfMemoryErrorWhileLoadingAFullSyncStopsTheReplicaInsteadOfRetrying() {
        List<ReplicationEvent> events = new CopyOnWriteArrayList<>();
        try (ReplicatedKeyspace master = ReplicatedKeyspace.builder().name("oom-master").listen("127.0.0.1", 0).build()
                .start()) {
            master.execute(argv("SET", "k", "v"));
            ReplicatedKeyspace replica = ReplicatedKeyspace.builder().name("oom-replica").listen("127.0.0.1", 0)
                    .snapshotFormat(new StarvedLoads()).listener((ReplicationListener) events::add)
                    .replicaOf("127.0.0.1", master.port()).build().start();
            try {
                Awaitility.await().atMost(AWAIT).until(() -> events.stream()
                        .anyMatch(e -> e instanceof ReplicationEvent.NodeFailed f && f.node().equals("oom-replica")
                                && f.error().contains("injected into the load")));
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> replica.execute(argv("GET", "k")));
                assertTrue(refused.getMessage().startsWith("node oom-replica stopped after OutOfMemoryError"),
                        refused.getMessage());
                // Stopped, not retrying: the master sees one full sync, not a loop of them.
                Awaitility.await().during(Duration.ofMillis(700)).atMost(AWAIT)
                        .until(() -> master.syncCounters().syncFull() == 1);
            } finally {
                replica.close();
            }
        }
    }
}
