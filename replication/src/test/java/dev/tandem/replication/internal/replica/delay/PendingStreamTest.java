/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.replication.internal.replica.delay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.resp.RespCommand;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pending stream's memory bound, its spill file (format, order, corruption) and SKIP. */
class PendingStreamTest {

    @TempDir
    Path dir;

    private long next = 1;

    /** A SET unit with a canonical wire length, starting where the previous one ended. */
    private HeldUnit unit(String key, int valueBytes) {
        byte[][] argv = {"SET".getBytes(StandardCharsets.US_ASCII), key.getBytes(StandardCharsets.US_ASCII),
                new byte[valueBytes]};
        Arrays.fill(argv[2], (byte) 'v');
        long wire = 4;
        for (byte[] a : argv) {
            wire += 5 + Integer.toString(a.length).length() + a.length;
        }
        HeldUnit u = new HeldUnit(next, wire, 1_000 + next, next, 0, true, List.of(new RespCommand(argv, wire, false)));
        next += wire;
        return u;
    }

    @Test
    void keepsItsHeapUnderTheLimitAndReadsTheFileBackInOrder() {
        long limit = 8 * 1024;
        try (PendingStream pending = new PendingStream(() -> dir.resolve("s.spill"))) {
            List<HeldUnit> added = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                HeldUnit u = unit("k" + i, 100 + i % 50);
                added.add(u);
                pending.add(u, limit);
                assertTrue(pending.memoryHeapBytes() <= limit);
            }
            assertEquals(1000, pending.units());
            assertTrue(pending.spilledBytes() > 0);
            assertTrue(Files.exists(dir.resolve("s.spill")));
            // Interleave more arrivals with reading back: order is kept throughout.
            int polled = 0;
            while (pending.units() > 0) {
                HeldUnit u = pending.poll(limit);
                assertEquals(added.get(polled).startOffset(), u.startOffset());
                assertArrayEquals(added.get(polled).commands().get(0).argv()[2], u.commands().get(0).argv()[2]);
                polled++;
                assertTrue(pending.memoryHeapBytes() <= limit, "heap " + pending.memoryHeapBytes());
                if (polled % 97 == 0 && added.size() < 1300) {
                    HeldUnit more = unit("late" + polled, 80);
                    added.add(more);
                    pending.add(more, limit);
                }
            }
            assertEquals(added.size(), polled);
            assertEquals(0, pending.bytes());
            assertNull(pending.poll(limit));
        }
        assertTrue(Files.notExists(dir.resolve("s.spill")), "closing deletes the file");
    }

    @Test
    void removesAUnitInMemoryOrInTheFileAndListsWithoutConsuming() {
        long limit = 2 * 1024;
        try (PendingStream pending = new PendingStream(() -> dir.resolve("s.spill"))) {
            List<HeldUnit> added = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                HeldUnit u = unit("k" + i, 200);
                added.add(u);
                pending.add(u, limit);
            }
            long bytes = pending.bytes();
            assertNull(pending.remove(added.get(3).startOffset() + 1), "not a boundary");
            assertEquals(added.get(1).startOffset(), pending.remove(added.get(1).startOffset()).startOffset());
            HeldUnit inFile = added.get(40);
            assertEquals(inFile.startOffset(), pending.remove(inFile.startOffset()).startOffset());
            assertNull(pending.remove(inFile.startOffset()), "already removed");
            assertEquals(48, pending.units());
            assertEquals(bytes - added.get(1).length() - inFile.length(), pending.bytes());
            List<HeldUnit> listed = pending.list(3, u -> u.startOffset() >= added.get(39).startOffset());
            assertEquals(List.of(added.get(39).startOffset(), added.get(41).startOffset(), added.get(42).startOffset()),
                    listed.stream().map(HeldUnit::startOffset).toList());
            assertEquals(48, pending.units(), "listing consumes nothing");
            List<Long> order = new ArrayList<>();
            while (pending.units() > 0) {
                order.add(pending.poll(limit).startOffset());
            }
            List<Long> expected = new ArrayList<>(added.stream().map(HeldUnit::startOffset).toList());
            expected.remove(inFile.startOffset());
            expected.remove(added.get(1).startOffset());
            assertEquals(expected, order);
        }
    }

    @Test
    void theFileFormatRoundTripsAndRejectsCorruption() throws IOException {
        Path path = dir.resolve("f.spill");
        SpillFile file = new SpillFile(path);
        HeldUnit multi = new HeldUnit(7, 48, 1_767_225_600_123L, 42, 3, false, List.of(
                new RespCommand(new byte[][] {"MULTI".getBytes(StandardCharsets.US_ASCII)}, 15, false),
                new RespCommand(new byte[][] {"DISCARD".getBytes(StandardCharsets.US_ASCII)}, 17, false),
                new RespCommand(new byte[0][], 2, true)));
        file.append(multi);
        HeldUnit back = file.readNext();
        assertEquals(multi.startOffset(), back.startOffset());
        assertEquals(multi.length(), back.length());
        assertEquals(multi.receivedUnixMillis(), back.receivedUnixMillis());
        assertEquals(multi.receivedMonoMillis(), back.receivedMonoMillis());
        assertEquals(3, back.db());
        assertEquals(false, back.execute());
        assertEquals(3, back.commands().size());
        assertEquals(17, back.commands().get(1).wireLength());
        assertTrue(back.commands().get(2).isEmpty() && back.commands().get(2).isInline());
        byte[] header = Arrays.copyOf(Files.readAllBytes(path), 8);
        assertArrayEquals(SpillFile.MAGIC, header);

        // A flipped byte fails the CRC: an error naming the file, never a wrong unit.
        file.append(unit("k", 10));
        file.readNext(); // flushes
        long second = Files.size(path);
        file.append(unit("k2", 10));
        file.flush();
        try (RandomAccessFile raw = new RandomAccessFile(path.toFile(), "rw")) {
            raw.seek(second + 20);
            raw.write(raw.read() ^ 0xff);
        }
        UncheckedIOException e = assertThrows(UncheckedIOException.class, file::readNext);
        assertTrue(e.getMessage().contains(path.toString()));
        file.close();

        // A body that claims absurd counts is refused without allocating them.
        byte[] body = SpillFile.encode(unit("k", 1));
        body[37] = 0x7f; // the command count's high byte
        assertThrows(IOException.class, () -> SpillFile.decode(body));
    }
}
