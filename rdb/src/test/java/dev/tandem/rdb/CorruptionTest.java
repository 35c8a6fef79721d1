/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged input always ends in an {@link RdbFormatException}, never in a hang, an
 * {@code OutOfMemoryError} or another exception type: truncation at every offset of every
 * sample, random byte flips and random garbage.
 */
class CorruptionTest {
    private static final RdbReaderConfig NO_CHECKSUM = RdbReaderConfig.defaults().withVerifyChecksum(false);

    /** Reads fully; returns null on success or the format error. Any other throwable fails the test. */
    private static RdbFormatException read(byte[] rdb, RdbReaderConfig config, String what) {
        try {
            Reads.collect(rdb, config);
            return null;
        } catch (RdbFormatException e) {
            assertTrue(e.byteOffset() >= 0 && e.byteOffset() <= rdb.length,
                    what + ": offset " + e.byteOffset() + " outside the input: " + e.getMessage());
            return e;
        } catch (Throwable t) {
            throw new AssertionError(what + ": unexpected " + t, t);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RdbSamples.STRINGS_SMALL, RdbSamples.LARGE, RdbSamples.STREAM_MULTIDB})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void truncationAtEveryOffset(String sample) {
        byte[] rdb = RdbSamples.bytes(sample);
        for (int len = 0; len < rdb.length; len++) {
            byte[] prefix = Arrays.copyOf(rdb, len);
            RdbFormatException e = read(prefix, RdbReaderConfig.defaults(), "prefix " + len);
            if (e == null) {
                fail("prefix of " + len + " bytes was accepted");
            }
            assertEquals(RdbErrorKind.TRUNCATED, e.kind(), "prefix " + len + ": " + e.getMessage());
            assertEquals(len, e.byteOffset());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {RdbSamples.STRINGS_SMALL, RdbSamples.LARGE, RdbSamples.STREAM_MULTIDB})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void randomByteFlips(String sample) {
        byte[] rdb = RdbSamples.bytes(sample);
        boolean checksummed = !sample.equals(RdbSamples.STREAM_MULTIDB);
        Random random = new Random(sample.hashCode());
        int structural = 0;
        for (int round = 0; round < 600; round++) {
            byte[] damaged = rdb.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(damaged.length - 8); // not the stored checksum
                damaged[at] ^= (byte) (1 + random.nextInt(255));
            }
            RdbFormatException withCrc = read(damaged, RdbReaderConfig.defaults(), "round " + round);
            if (checksummed) {
                assertTrue(withCrc != null, "round " + round + ": a damaged checksummed file was accepted");
            }
            // Without the checksum, the structure alone must still be decoded safely.
            if (read(damaged, NO_CHECKSUM, "round " + round + " without checksum") != null) {
                structural++;
            }
        }
        assertTrue(structural > 0, "some flips are structural errors");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void randomGarbageAfterAValidHeader() {
        Random random = new Random(5);
        for (int round = 0; round < 2000; round++) {
            byte[] garbage = new byte[1 + random.nextInt(3000)];
            random.nextBytes(garbage);
            byte[] rdb = RdbBuilder.version(1 + random.nextInt(12)).raw(garbage).build();
            read(rdb, NO_CHECKSUM, "garbage round " + round);
        }
    }

    @Test
    void lengthFieldsClaimingHugeSizesDoNotAllocate() {
        // Overwrite the length of the first string value of each sample with 0x81 + 2^31-ish values.
        byte[] rdb = RdbBuilder.version(9).key(RdbTypes.STRING, "k").hex("81 00 00 00 00 7F FF FF F0").build();
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> Reads.collect(rdb));
        assertEquals(RdbErrorKind.BAD_LENGTH, e.kind());
        byte[] quicklist = RdbBuilder.version(10).key(RdbTypes.LIST_QUICKLIST_2, "k").hex("81 7F FF FF FF FF FF FF FF")
                .length(2).hex("80 1F FF FF FF").build();
        assertEquals(RdbErrorKind.TRUNCATED, assertThrows(RdbFormatException.class, () -> Reads.collect(quicklist)).kind());
    }
}
