/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reader's output does not depend on how the input is chunked: every sample fed whole,
 * split in two at every position, byte by byte, and in random ByteBuf chunks gives identical
 * events.
 */
class SplitFeedingTest {

    private static List<String> whole(byte[] rdb) {
        return Reads.events(rdb);
    }

    @ParameterizedTest
    @ValueSource(strings = {RdbSamples.STRINGS_SMALL, RdbSamples.LARGE, RdbSamples.STREAM_MULTIDB})
    void everyTwoWaySplit(String sample) {
        byte[] rdb = RdbSamples.bytes(sample);
        List<String> expected = whole(rdb);
        // Every split of the small file; every 7th split (plus the last 64) of the larger ones.
        int stride = rdb.length < 2000 ? 1 : 7;
        for (int split = 0; split <= rdb.length; split++) {
            if (split % stride != 0 && split < rdb.length - 64) {
                continue;
            }
            EventRecorder recorder = new EventRecorder();
            RdbReader reader = new RdbReader(recorder);
            reader.feed(rdb, 0, split);
            reader.feed(rdb, split, rdb.length - split);
            reader.end();
            assertEquals(expected, recorder.events, "split at " + split);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RdbSamples.STRINGS_SMALL, RdbSamples.LARGE, RdbSamples.STREAM_MULTIDB})
    void byteAtATime(String sample) {
        byte[] rdb = RdbSamples.bytes(sample);
        EventRecorder recorder = new EventRecorder();
        RdbReader reader = new RdbReader(recorder);
        for (int i = 0; i < rdb.length; i++) {
            reader.feed(rdb, i, 1);
        }
        reader.end();
        assertEquals(whole(rdb), recorder.events);
    }

    @Test
    void randomByteBufChunks() {
        Random random = new Random(99);
        for (String sample : RdbSamples.ALL) {
            byte[] rdb = RdbSamples.bytes(sample);
            List<String> expected = whole(rdb);
            for (int round = 0; round < 20; round++) {
                EventRecorder recorder = new EventRecorder();
                RdbReader reader = new RdbReader(recorder);
                int pos = 0;
                while (pos < rdb.length) {
                    int n = Math.min(rdb.length - pos, 1 + random.nextInt(round % 2 == 0 ? 50 : 5000));
                    ByteBuf chunk = round % 3 == 0 ? Unpooled.directBuffer(n) : Unpooled.buffer(n);
                    try {
                        chunk.writeBytes(rdb, pos, n);
                        reader.feed(chunk);
                    } finally {
                        chunk.release();
                    }
                    pos += n;
                }
                reader.end();
                assertEquals(expected, recorder.events, sample + " round " + round);
            }
        }
    }
}
