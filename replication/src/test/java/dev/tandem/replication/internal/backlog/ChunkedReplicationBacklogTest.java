/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.backlog;

import dev.tandem.replication.spi.BacklogCursor;
import dev.tandem.replication.spi.BacklogRange;
import dev.tandem.replication.spi.ReplicationBacklog;
import dev.tandem.replication.spi.StaleCursorException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkedReplicationBacklogTest {

    private final TrackingAllocator allocator = new TrackingAllocator();

    @AfterEach
    void everyChunkIsReleased() {
        assertEquals(0, allocator.live(), "chunks still referenced after the test closed everything");
    }

    /** The byte that a test stream holds at {@code offset}: every position is recognisable. */
    static byte streamByte(long offset) {
        return (byte) (offset * 31 + (offset >>> 7) * 7 + 3);
    }

    static byte[] streamBytes(long firstOffset, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = streamByte(firstOffset + i);
        }
        return out;
    }

    /** Reads everything a cursor has, in slices of at most {@code maxSlice} bytes. */
    static byte[] drain(BacklogCursor cursor, int maxSlice, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf slice;
        while ((slice = cursor.readSlice(maxSlice)) != null) {
            try {
                assertTrue(slice.readableBytes() <= maxSlice);
                assertTrue(slice.readableBytes() <= chunkSize, "a slice never spans two chunks");
                assertTrue(slice.readableBytes() > 0);
                out.writeBytes(ByteBufUtil.getBytes(slice));
            } finally {
                slice.release();
            }
        }
        return out.toByteArray();
    }

    private ChunkedReplicationBacklog backlog(int chunkSize) {
        return new ChunkedReplicationBacklog(ReplicationBacklog.MIN_SIZE, chunkSize, allocator);
    }

    @Test
    void newBacklogIsInactiveLikeRedisWithoutBacklog() {
        try (ChunkedReplicationBacklog b = backlog(64)) {
            assertFalse(b.isActive());
            assertEquals(0, b.masterReplOffset());
            assertEquals(0, b.firstByteOffset());
            assertEquals(0, b.historyLength());
            assertFalse(b.append("abc".getBytes(StandardCharsets.US_ASCII)), "no backlog: nothing is propagated");
            assertEquals(0, b.masterReplOffset());
            assertFalse(b.canServe(1));
            assertTrue(b.openCursor(1).isEmpty());
            assertEquals(0, allocator.allocations());
        }
    }

    @Test
    void freshHistoryStartsAfterTheBaseOffset() {
        // Redis: +FULLRESYNC <id> 1000 -> repl_backlog_first_byte_offset:1001, histlen 0.
        try (ChunkedReplicationBacklog b = backlog(64)) {
            b.reset(1000);
            assertTrue(b.isActive());
            assertEquals(1000, b.masterReplOffset());
            assertEquals(1001, b.firstByteOffset());
            assertEquals(0, b.historyLength());
            assertEquals(BacklogRange.active(1000, 0), b.range());
        }
    }

    @Test
    void offsetsFollowRedisAfterAppending() {
        // Redis (observed): first byte offset 1, master_repl_offset 50, histlen 50.
        try (ChunkedReplicationBacklog b = backlog(16)) {
            b.reset(0);
            assertTrue(b.append(streamBytes(1, 20)));
            assertTrue(b.append(Unpooled.wrappedBuffer(streamBytes(21, 30))));
            assertEquals(50, b.masterReplOffset());
            assertEquals(1, b.firstByteOffset());
            assertEquals(50, b.historyLength());
            assertEquals(b.firstByteOffset(), b.masterReplOffset() - b.historyLength() + 1);
        }
    }

    @ParameterizedTest(name = "PSYNC offset {0} -> servable {1}")
    @CsvSource({"0,false", "1,true", "2,true", "49,true", "50,true", "51,true", "52,false", "-1,false"})
    void canServeUsesRedisBoundsInclusiveOfMasterOffsetPlusOne(long offset, boolean expected) {
        try (ChunkedReplicationBacklog b = backlog(16)) {
            b.reset(0);
            b.append(streamBytes(1, 50));
            assertEquals(expected, b.canServe(offset));
            var cursor = b.openCursor(offset);
            assertEquals(expected, cursor.isPresent());
            cursor.ifPresent(BacklogCursor::close);
        }
    }

    @Test
    void cursorReturnsTheStreamFromTheRequestedByte() {
        // PSYNC <id> 2 -> the stream from byte 2; PSYNC <id> 51 -> nothing.
        try (ChunkedReplicationBacklog b = backlog(16)) {
            b.reset(0);
            b.append(streamBytes(1, 50));
            try (BacklogCursor fromTwo = b.openCursor(2).orElseThrow();
                    BacklogCursor atEnd = b.openCursor(51).orElseThrow()) {
                assertEquals(49, fromTwo.pendingBytes());
                assertArrayEquals(streamBytes(2, 49), drain(fromTwo, 1000, 16));
                assertEquals(51, fromTwo.position());
                assertEquals(0, fromTwo.pendingBytes());
                assertNull(atEnd.readSlice(10));
                assertEquals(0, atEnd.pendingBytes());
                b.append(streamBytes(51, 5));
                assertArrayEquals(streamBytes(51, 5), drain(atEnd, 1000, 16));
                assertArrayEquals(streamBytes(51, 5), drain(fromTwo, 1000, 16));
            }
        }
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {1, 2, 3, 7, 16, 64, 1000})
    void everyChunkBoundaryAndSliceSizeYieldsExactBytes(int chunkSize) {
        Random random = new Random(chunkSize);
        try (ChunkedReplicationBacklog b = backlog(chunkSize)) {
            b.reset(99);
            long next = 100;
            try (BacklogCursor early = b.openCursor(100).orElseThrow()) {
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                for (int round = 0; round < 200; round++) {
                    int length = random.nextInt(3 * chunkSize + 5);
                    b.append(streamBytes(next, length));
                    next += length;
                    seen.writeBytes(drain(early, 1 + random.nextInt(2 * chunkSize + 1), chunkSize));
                }
                assertArrayEquals(streamBytes(100, (int) (next - 100)), seen.toByteArray());
                assertEquals(next - 1, b.masterReplOffset());
            }
            // a cursor opened at every possible position reads the right suffix
            for (long offset = b.firstByteOffset(); offset <= b.masterReplOffset() + 1; offset += 1 + offset % 5) {
                try (BacklogCursor c = b.openCursor(offset).orElseThrow()) {
                    assertArrayEquals(streamBytes(offset, (int) (next - offset)), drain(c, 7, chunkSize));
                }
            }
        }
    }

    @Test
    void keepsAtLeastTheConfiguredSizeAndTrimsWholeChunks() {
        int chunkSize = 1024;
        try (ChunkedReplicationBacklog b = backlog(chunkSize)) {
            b.reset(0);
            long total = 0;
            for (int i = 0; i < 200; i++) {
                b.append(streamBytes(total + 1, 777));
                total += 777;
                long histlen = b.historyLength();
                assertEquals(total, b.masterReplOffset());
                assertTrue(histlen >= Math.min(total, ReplicationBacklog.MIN_SIZE), "keeps at least the size");
                assertEquals(b.firstByteOffset(), b.masterReplOffset() - histlen + 1);
                assertEquals(0, (b.firstByteOffset() - 1) % chunkSize, "trims only whole chunks");
            }
            b.trim();
            assertTrue(b.historyLength() < ReplicationBacklog.MIN_SIZE + chunkSize);
            assertFalse(b.canServe(b.firstByteOffset() - 1));
            try (BacklogCursor c = b.openCursor(b.firstByteOffset()).orElseThrow()) {
                assertArrayEquals(streamBytes(b.firstByteOffset(), (int) b.historyLength()), drain(c, 4096, chunkSize));
            }
        }
    }

    @Test
    void aCursorPinsWhatItHasNotReadAndReleasesItWhenItMovesOn() {
        int chunkSize = 1024;
        try (ChunkedReplicationBacklog b = backlog(chunkSize)) {
            b.reset(0);
            BacklogCursor lagging = b.openCursor(1).orElseThrow();
            long total = 0;
            for (int i = 0; i < 100; i++) {
                b.append(streamBytes(total + 1, 1000));
                total += 1000;
            }
            assertEquals(1, b.firstByteOffset(), "nothing the cursor needs is trimmed");
            assertEquals(100_000, b.historyLength());
            assertEquals(100_000, lagging.pendingBytes());
            byte[] firstPart = new byte[50_000];
            int read = 0;
            while (read < firstPart.length) {
                ByteBuf s = lagging.readSlice(Math.min(900, firstPart.length - read));
                s.readBytes(firstPart, read, s.readableBytes());
                read = (int) (lagging.position() - 1);
                s.release();
            }
            assertArrayEquals(streamBytes(1, 50_000), firstPart);
            b.trim();
            assertTrue(b.firstByteOffset() > 1, "chunks behind the cursor went away");
            assertTrue(b.firstByteOffset() <= lagging.position(), "the cursor's chunk is kept");
            lagging.close();
            b.trim();
            assertTrue(b.historyLength() < ReplicationBacklog.MIN_SIZE + chunkSize);
            assertEquals(0, b.openCursorCount());
        }
    }

    @Test
    void slicesOutliveTrimmingAndReset() {
        try (ChunkedReplicationBacklog b = backlog(32)) {
            b.reset(0);
            b.append(streamBytes(1, 32));
            BacklogCursor c = b.openCursor(1).orElseThrow();
            ByteBuf slice = c.readSlice(32);
            c.close();
            b.reset(5000);
            b.append(streamBytes(5001, 20_000));
            assertArrayEquals(streamBytes(1, 32), ByteBufUtil.getBytes(slice), "a slice keeps its bytes alive");
            slice.release();
        }
    }

    @Test
    void resetMakesCursorsStaleAndStartsANewHistory() {
        try (ChunkedReplicationBacklog b = backlog(8)) {
            b.reset(0);
            b.append(streamBytes(1, 20));
            BacklogCursor old = b.openCursor(3).orElseThrow();
            assertTrue(old.isValid());
            b.reset(700);
            assertFalse(old.isValid());
            assertThrows(StaleCursorException.class, () -> old.readSlice(4));
            old.close();
            old.close(); // idempotent
            assertEquals(700, b.masterReplOffset());
            assertEquals(701, b.firstByteOffset());
            assertFalse(b.canServe(3));
            assertTrue(b.canServe(701));
            b.append(streamBytes(701, 3));
            try (BacklogCursor c = b.openCursor(701).orElseThrow()) {
                assertArrayEquals(streamBytes(701, 3), drain(c, 10, 8));
            }
        }
    }

    @Test
    void freeDeactivatesButKeepsTheOffset() {
        try (ChunkedReplicationBacklog b = backlog(8)) {
            b.reset(10);
            b.append(streamBytes(11, 30));
            BacklogCursor c = b.openCursor(11).orElseThrow();
            b.free();
            assertFalse(b.isActive());
            assertEquals(40, b.masterReplOffset());
            assertEquals(0, b.firstByteOffset());
            assertEquals(0, b.historyLength());
            assertEquals(BacklogRange.inactive(40), b.range());
            assertFalse(b.append(new byte[] {1}));
            assertEquals(40, b.masterReplOffset());
            assertThrows(StaleCursorException.class, () -> c.readSlice(1));
            c.close();
            b.reset(b.masterReplOffset());
            assertEquals(41, b.firstByteOffset());
        }
    }

    @Test
    void sizeBelowTheRedisMinimumIsRaisedToSixteenKilobytes() {
        try (ChunkedReplicationBacklog b = new ChunkedReplicationBacklog(1000, 64, allocator)) {
            assertEquals(16384, b.size());
            b.setSize(1024 * 1024);
            assertEquals(1024 * 1024, b.size());
            b.setSize(1);
            assertEquals(16384, b.size());
            assertThrows(IllegalArgumentException.class, () -> b.setSize(0));
        }
    }

    @Test
    void shrinkingTrimsAtOnce() {
        try (ChunkedReplicationBacklog b = new ChunkedReplicationBacklog(100_000, 1024, allocator)) {
            b.reset(0);
            b.append(streamBytes(1, 90_000));
            assertEquals(90_000, b.historyLength());
            b.setSize(20_000);
            assertTrue(b.historyLength() >= 20_000 && b.historyLength() < 20_000 + 1024, "histlen " + b.historyLength());
        }
    }

    @Test
    void appendingAByteBufLeavesItsIndicesAlone() {
        try (ChunkedReplicationBacklog b = backlog(4)) {
            b.reset(0);
            ByteBuf src = Unpooled.buffer().writeBytes(streamBytes(1, 10));
            src.readerIndex(3);
            b.append(src);
            assertEquals(3, src.readerIndex());
            assertEquals(10, src.writerIndex());
            assertEquals(7, b.masterReplOffset());
            try (BacklogCursor c = b.openCursor(1).orElseThrow()) {
                assertArrayEquals(streamBytes(4, 7), drain(c, 100, 4));
            }
            src.release();
        }
    }

    @Test
    void allocationFailureLeavesTheHistoryUntouched() {
        try (ChunkedReplicationBacklog b = backlog(4)) {
            b.reset(0);
            b.append(streamBytes(1, 3));
            allocator.failAfter(1); // the second of the chunks needed below fails
            assertThrows(OutOfMemoryError.class, () -> b.append(streamBytes(4, 10)));
            assertEquals(3, b.masterReplOffset());
            b.append(streamBytes(4, 10));
            try (BacklogCursor c = b.openCursor(1).orElseThrow()) {
                assertArrayEquals(streamBytes(1, 13), drain(c, 100, 4));
            }
        }
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new ChunkedReplicationBacklog(1024, 0, allocator));
        assertThrows(IllegalArgumentException.class, () -> new ChunkedReplicationBacklog(0, 64, allocator));
        try (ChunkedReplicationBacklog b = backlog(4)) {
            assertThrows(IllegalArgumentException.class, () -> b.reset(-1));
            b.reset(0);
            assertThrows(IndexOutOfBoundsException.class, () -> b.append(new byte[3], 2, 2));
            try (BacklogCursor c = b.openCursor(1).orElseThrow()) {
                assertThrows(IllegalArgumentException.class, () -> c.readSlice(0));
                c.close();
                assertThrows(IllegalStateException.class, () -> c.readSlice(1));
            }
        }
        ChunkedReplicationBacklog closed = backlog(4);
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.reset(0));
    }
}
