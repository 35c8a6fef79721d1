/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tandem.core.Key;
import dev.tandem.core.KeyspaceClock;
import dev.tandem.core.value.StringValue;
import org.junit.jupiter.api.Test;

/**
 * Issue #13: a load sizes its key tables once from RESIZEDB (or from the payload size when
 * there is none) instead of doubling through every power of two, and a hostile hint cannot
 * make it allocate more than the payload could hold.
 */
class DatasetPresizeTest {

    private static DatasetBuilder builder() {
        return new Keyspace(2, KeyspaceClock.SYSTEM).newDatasetBuilder();
    }

    @Test
    void aResizeDbHintSizesTheTablesOnce() {
        DatasetBuilder b = builder();
        b.sizeHint(1, 100_000, 3_000);
        Database.Data d = dataOf(b, 1);
        assertEquals(131_072, d.keys.capacity());
        assertEquals(4_096, d.expires.capacity());
        for (int i = 0; i < 100_000; i++) {
            b.put(1, Key.of("k" + i), StringValue.of("v"), i < 3_000 ? 1L << 40 : -1);
        }
        assertEquals(131_072, d.keys.capacity(), "never grew");
        assertFalse(d.keys.isRehashing());
        assertFalse(d.expires.isRehashing());
    }

    @Test
    void hintsAreBoundedByThePayloadOrAFixedCap() {
        DatasetBuilder b = builder();
        b.sizeHint(0, Long.MAX_VALUE, -1);
        assertEquals(1 << 24, dataOf(b, 0).keys.capacity(), "unknown payload size: the fixed cap");

        DatasetBuilder bounded = builder();
        bounded.expectPayloadBytes(3_000);
        bounded.sizeHint(0, 1L << 40, 1L << 40);
        assertEquals(1_024, dataOf(bounded, 0).keys.capacity(), "at most one key per 3 payload bytes");
        assertEquals(1_024, dataOf(bounded, 0).expires.capacity());

        DatasetBuilder twoDbs = builder();
        twoDbs.sizeHint(0, Long.MAX_VALUE, 0);
        twoDbs.sizeHint(1, Long.MAX_VALUE, 0);
        assertEquals(4, dataOf(twoDbs, 1).keys.capacity(), "the cap is for all databases together");

        DatasetBuilder outOfRange = builder();
        outOfRange.sizeHint(7, 1000, 0);
        assertEquals(0, outOfRange.size());
    }

    @Test
    void withoutAHintThePayloadSizeGivesAnEstimate() {
        DatasetBuilder b = builder();
        b.expectPayloadBytes(64L * 20_000);
        b.put(0, Key.of("first"), StringValue.of("v"), -1);
        assertEquals(32_768, dataOf(b, 0).keys.capacity());

        DatasetBuilder unknown = builder();
        unknown.put(0, Key.of("first"), StringValue.of("v"), -1);
        assertEquals(4, dataOf(unknown, 0).keys.capacity(), "no size known: grows as it goes");
    }

    private static Database.Data dataOf(DatasetBuilder b, int db) {
        return b.dataForTest(db);
    }
}
