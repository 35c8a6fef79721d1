/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.value;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.core.Key;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamValueTest {

    private static byte[][] fv(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static StreamId id(long ms, long seq) {
        return new StreamId(ms, seq);
    }

    @Test
    void idsCompareUnsignedAndPrintUnsigned() {
        assertTrue(StreamId.MAX.compareTo(id(Long.MAX_VALUE, 0)) > 0);
        assertTrue(id(1, -1L).compareTo(id(2, 0)) < 0);
        assertEquals("18446744073709551615-18446744073709551615", StreamId.MAX.toString());
        assertEquals(id(2, 0), id(1, -1L).next());
        assertEquals(id(1, -1L), id(2, 0).previous());
        assertNull(StreamId.MAX.next());
        assertNull(StreamId.MIN.previous());
    }

    @Test
    void rawFormRoundTrips() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            StreamId id = id(r.nextLong(), r.nextLong());
            assertEquals(id, StreamId.fromRaw(id.toRaw(), 0));
        }
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2}, id(1, 2).toRaw());
        assertThrows(IllegalArgumentException.class, () -> StreamId.fromRaw(new byte[15], 0));
    }

    @Test
    void appendKeepsMetadataLikeXadd() {
        StreamValue s = new StreamValue();
        assertEquals(StreamId.MIN, s.firstId());
        s.appendEntry(id(5, 0), fv("a", "1"));
        s.appendEntry(id(5, 1), fv("b", "2", "c", "3"));
        assertEquals(2, s.length());
        assertEquals(id(5, 1), s.lastId());
        assertEquals(id(5, 0), s.firstId());
        assertEquals(2, s.entriesAdded());
        assertEquals(List.of(id(5, 0), id(5, 1)), List.copyOf(s.entries().keySet()));
        assertEquals(2, s.entries().get(id(5, 1)).fieldCount());
        assertEquals("c", new String(s.entries().get(id(5, 1)).field(1), StandardCharsets.UTF_8));
    }

    @Test
    void builderRejectsInconsistentInput() {
        StreamValue s = new StreamValue();
        s.appendEntry(id(5, 0), fv("a", "1"));
        assertThrows(IllegalArgumentException.class, () -> s.appendEntry(id(5, 0), fv("a", "1")));
        assertThrows(IllegalArgumentException.class, () -> s.appendEntry(id(4, 9), fv("a", "1")));
        assertThrows(IllegalArgumentException.class, () -> s.appendEntry(id(6, 0), fv("a")));
        assertThrows(IllegalArgumentException.class, () -> s.appendEntry(id(6, 0), fv()));
        assertThrows(IllegalArgumentException.class,
                () -> s.setMetadata(id(4, 0), id(5, 0), StreamId.MIN, 1));
        s.setMetadata(id(9, 0), id(5, 0), id(7, 0), 3); // entries were deleted after 5-0
        assertThrows(IllegalArgumentException.class, () -> s.appendEntry(id(8, 0), fv("a", "1")),
                "below the last ID");

        StreamConsumerGroup g = s.createGroup(Key.of("g"), id(5, 0), 1);
        assertThrows(IllegalArgumentException.class, () -> s.createGroup(Key.of("g"), StreamId.MIN, 0));
        g.addPending(id(5, 0), 1000, 2);
        assertThrows(IllegalArgumentException.class, () -> g.addPending(id(5, 0), 1000, 2));
        StreamConsumer alice = g.addConsumer(Key.of("alice"), 10, 11);
        assertThrows(IllegalArgumentException.class, () -> g.addConsumer(Key.of("alice"), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> alice.ownPending(id(6, 0)), "not in the group PEL");
        assertEquals(1, g.unownedPendingCount());
        alice.ownPending(id(5, 0));
        assertEquals(0, g.unownedPendingCount());
        StreamConsumer bob = g.addConsumer(Key.of("bob"), 10, 11);
        assertThrows(IllegalArgumentException.class, () -> bob.ownPending(id(5, 0)), "owned twice");
        assertSame(alice, g.pending().get(id(5, 0)).consumer());
    }

    @Test
    void deepCopyIsIndependentAndKeepsOwnership() {
        StreamValue s = new StreamValue();
        s.appendEntry(id(1, 0), fv("a", "1"));
        s.appendEntry(id(2, 0), fv("b", "2"));
        StreamConsumerGroup g = s.createGroup(Key.of("g"), id(2, 0), 2);
        g.addPending(id(1, 0), 100, 1);
        g.addPending(id(2, 0), 200, 3);
        g.addConsumer(Key.of("c1"), 5, 6).ownPending(id(1, 0));
        g.addConsumer(Key.of("c2"), 7, 8).ownPending(id(2, 0));

        StreamValue copy = s.deepCopy();
        s.appendEntry(id(3, 0), fv("c", "3"));
        g.setLastDeliveredId(id(3, 0));
        g.pending().get(id(1, 0)).setDelivery(999, 9);
        s.createGroup(Key.of("later"), StreamId.MIN, 0);

        assertEquals(2, copy.length());
        assertEquals(id(2, 0), copy.lastId());
        assertEquals(1, copy.groups().size());
        StreamConsumerGroup cg = copy.group(Key.of("g"));
        assertEquals(id(2, 0), cg.lastDeliveredId());
        StreamPendingEntry p1 = cg.pending().get(id(1, 0));
        assertEquals(100, p1.deliveryTime());
        assertEquals(1, p1.deliveryCount());
        assertSame(cg.consumer(Key.of("c1")), p1.consumer(), "ownership points into the copy");
        assertEquals(List.of(id(2, 0)), List.copyOf(cg.consumer(Key.of("c2")).pending().keySet()));
        assertEquals(6, cg.consumer(Key.of("c1")).activeTime());
    }

    @Test
    void groupsAndConsumersAreOrderedByUnsignedName() {
        StreamValue s = new StreamValue();
        s.createGroup(Key.of(new byte[] {(byte) 0xc3}), StreamId.MIN, 0);
        s.createGroup(Key.of("b"), StreamId.MIN, 0);
        s.createGroup(Key.of("a"), StreamId.MIN, 0);
        assertEquals(List.of(Key.of("a"), Key.of("b"), Key.of(new byte[] {(byte) 0xc3})),
                List.copyOf(s.groups().keySet()));
    }

    @Test
    void rangeIsInclusiveAndEmptyWhenReversed() {
        StreamValue s = new StreamValue();
        for (int i = 1; i <= 5; i++) {
            s.appendEntry(id(i, 0), fv("n", Integer.toString(i)));
        }
        assertEquals(List.of(id(2, 0), id(3, 0), id(4, 0)), List.copyOf(s.range(id(2, 0), id(4, 0)).keySet()));
        assertTrue(s.range(id(4, 0), id(2, 0)).isEmpty());
        assertEquals(5, s.range(StreamId.MIN, StreamId.MAX).size());
    }

    /**
     * streamEstimateDistanceFromFirstEverEntry cases: a stream holding 3-0 and 5-0 after 5
     * entries were added, with the greatest deleted ID before or inside the stream.
     */
    @ParameterizedTest
    @CsvSource({
        "0-0, 2-0, 3",     // before the first entry, no fragmentation: added - length
        "0-0, 3-0, 4",     // exactly the first entry: added - length + 1
        "0-0, 4-0, -1",    // inside the stream: unknown
        "0-0, 5-0, 5",     // the last ID: exact
        "0-0, 6-0, -1",    // a future ID: unknown
        "4-0, 3-0, -1",    // a deletion after the first entry: fragmentation, unknown
        "4-0, 2-0, -1",
        "2-0, 2-0, 3",     // a deletion before the first entry does not fragment
        "4-0, 5-0, 5",
    })
    void estimatesEntriesReadLikeRedis(String maxDeleted, String probe, long expected) {
        StreamValue s = new StreamValue();
        s.appendEntry(id(3, 0), fv("a", "1"));
        s.appendEntry(id(5, 0), fv("a", "1"));
        String[] md = maxDeleted.split("-");
        s.setMetadata(id(5, 0), id(3, 0), id(Long.parseLong(md[0]), Long.parseLong(md[1])), 5);
        String[] p = probe.split("-");
        assertEquals(expected, s.estimateEntriesRead(id(Long.parseLong(p[0]), Long.parseLong(p[1]))));
    }

    @Test
    void emptyStreamEstimates() {
        StreamValue fresh = new StreamValue();
        assertEquals(0, fresh.estimateEntriesRead(id(9, 9)));
        StreamValue emptied = new StreamValue();
        emptied.setMetadata(id(7, 0), StreamId.MIN, id(7, 0), 4);
        assertEquals(4, emptied.estimateEntriesRead(id(3, 0)));
        assertEquals(StreamConsumerGroup.ENTRIES_READ_UNKNOWN, emptied.estimateEntriesRead(id(8, 0)));
    }
}
