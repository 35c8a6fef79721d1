/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.backlog;

import dev.tandem.replication.spi.BacklogCursor;
import dev.tandem.replication.spi.ReplicationBacklog;
import static dev.tandem.replication.internal.backlog.ChunkedReplicationBacklogTest.streamByte;
import static dev.tandem.replication.internal.backlog.ChunkedReplicationBacklogTest.streamBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.testkit.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One writer appends while several reader threads follow through cursors; every byte read is
 * checked against the position it claims to be at.
 */
@Timeout(60)
class ChunkedReplicationBacklogConcurrencyTest {

    private static final long TOTAL = 8_000_000;

    @Test
    void readersSeeExactlyTheWrittenBytesWithTrackedChunks() throws Exception {
        TrackingAllocator allocator = new TrackingAllocator();
        run(allocator, 257);
        assertEquals(0, allocator.live(), "every chunk released");
    }

    @Test
    void readersSeeExactlyTheWrittenBytesWithPooledDirectChunks() throws Exception {
        run(PooledByteBufAllocator.DEFAULT, 16 * 1024);
    }

    private void run(ByteBufAllocator allocator, int chunkSize) throws Exception {
        ExecutorService readers = Executors.newFixedThreadPool(5);
        try (ChunkedReplicationBacklog backlog = new ChunkedReplicationBacklog(64 * 1024, chunkSize, allocator)) {
            backlog.reset(41);
            long first = 42;
            List<Future<Long>> results = new ArrayList<>();
            // Followers from the first byte: they pin what they have not read.
            for (int i = 0; i < 2; i++) {
                BacklogCursor cursor = backlog.openCursor(first).orElseThrow();
                int maxSlice = 100 + 9000 * i;
                results.add(readers.submit(() -> follow(cursor, maxSlice, first + TOTAL)));
            }
            // Hoppers: repeatedly open cursors at the backlog's current head while it is being
            // trimmed, read a little, close; exercises open/trim/close races.
            for (int i = 0; i < 2; i++) {
                results.add(readers.submit(() -> hop(backlog, first + TOTAL)));
            }
            Random random = new Random(7);
            long next = first;
            while (next < first + TOTAL) {
                int length = (int) Math.min(1 + random.nextInt(3000), first + TOTAL - next);
                backlog.append(streamBytes(next, length));
                next += length;
                if (next - first > TOTAL / 2 && results.size() == 4) {
                    // A late joiner at the live end.
                    BacklogCursor late = backlog.openCursor(backlog.masterReplOffset() + 1).orElseThrow();
                    results.add(readers.submit(() -> follow(late, 4096, first + TOTAL)));
                }
            }
            for (Future<Long> result : results) {
                assertEquals(first + TOTAL, result.get(50, TimeUnit.SECONDS), "reader reached the end");
            }
            assertEquals(0, backlog.openCursorCount());
        } finally {
            readers.shutdownNow();
            readers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Reads until {@code end}, verifying each byte; returns the final position. */
    private static long follow(BacklogCursor cursor, int maxSlice, long end) {
        try (cursor) {
            long position = cursor.position();
            while (position < end) {
                ByteBuf slice = cursor.readSlice(maxSlice);
                if (slice == null) {
                    Thread.yield(); // two cores, six threads: let the writer run
                    continue;
                }
                try {
                    position = verify(slice, position);
                } finally {
                    slice.release();
                }
            }
            return position;
        }
    }

    /**
     * Checks a slice against the stream at {@code position}; returns the position after it. Copies
     * once: per-byte access on a buffer tracked by the PARANOID leak detector is very slow.
     */
    private static long verify(ByteBuf slice, long position) {
        byte[] bytes = new byte[slice.readableBytes()];
        slice.getBytes(slice.readerIndex(), bytes);
        for (byte b : bytes) {
            if (b != streamByte(position)) {
                throw new AssertionError("wrong byte at offset " + position);
            }
            position++;
        }
        return position;
    }

    private static long hop(ReplicationBacklog backlog, long end) {
        long lastSeenEnd = 0;
        while (lastSeenEnd < end - 1) {
            long head = backlog.firstByteOffset();
            Optional<BacklogCursor> opened = backlog.openCursor(head);
            if (opened.isEmpty()) {
                continue; // trimmed between the two calls: fine, try again
            }
            try (BacklogCursor cursor = opened.get()) {
                long position = cursor.position();
                for (int n = 0; n < 20; n++) {
                    ByteBuf slice = cursor.readSlice(500);
                    if (slice == null) {
                        break;
                    }
                    try {
                        position = verify(slice, position);
                    } finally {
                        slice.release();
                    }
                }
            }
            lastSeenEnd = backlog.masterReplOffset();
            Thread.yield();
        }
        return end;
    }
}
