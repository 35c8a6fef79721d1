/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import dev.tandem.rdb.internal.codec.Lzf;
import dev.tandem.rdb.datasets.ChunkCollector;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The string and length encodings, byte for byte as Redis's rdbSaveRawString / rdbSaveLen. */
class RdbEncoderTest {
    private static byte[] encode(boolean compress, java.util.function.Consumer<RdbEncoder> write) {
        ChunkCollector out = new ChunkCollector();
        ChunkedOutput chunks = new ChunkedOutput(UnpooledByteBufAllocator.DEFAULT, 1 << 16, out);
        RdbEncoder enc = new RdbEncoder(chunks, compress);
        write.accept(enc);
        chunks.finish(0xFF, false);
        byte[] all = out.bytes();
        return Arrays.copyOf(all, all.length - 9); // without EOF + 8 checksum bytes
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /**
     * rdbTryIntegerEncoding: only canonical decimals (string2ll + ll2string round trip) of at
     * most 11 bytes within int32 become C0/C1/C2; everything else stays a byte string.
     */
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "0|c000",
        "1|c001",
        "-1|c0ff",
        "127|c07f",
        "-128|c080",
        "128|c18000",
        "-129|c17fff",
        "1000|c1e803",
        "32767|c1ff7f",
        "-32768|c10080",
        "32768|c200800000",
        "100000|c2a0860100",
        "2147483647|c2ffffff7f",
        "-2147483648|c200000080",
        "2147483648|0a32313437343833363438",
        "-2147483649|0b2d32313437343833363439",
        "12345678901|0b3132333435363738393031",
        "123456789012|0c313233343536373839303132",
        "007|03303037",
        "-0|022d30",
        "+1|022b31",
        "' 1'|022031",
        "'1 '|023120",
        "00|023030",
        "-|012d",
        "1e3|03316533",
        "''|00",
    })
    void integerEncodingFollowsRdbTryIntegerEncoding(String text, String expectedHex) {
        byte[] s = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(expectedHex, hex(encode(true, e -> e.string(s))));
    }

    @ParameterizedTest(name = "length {0} -> {1}")
    @CsvSource({
        "0,00", "63,3f", "64,4040", "16383,7fff", "16384,8000004000", "4294967295,80ffffffff",
        "4294967296,810000000100000000", "-1,81ffffffffffffffff"
    })
    void lengthsUseTheShortestForm(long len, String expectedHex) {
        assertEquals(expectedHex, hex(encode(true, e -> e.length(len))));
    }

    @Test
    void stringsOfTwentyBytesOrLessAreNeverCompressed() {
        byte[] twenty = "a".repeat(20).getBytes(StandardCharsets.US_ASCII);
        assertEquals("14" + "61".repeat(20), hex(encode(true, e -> e.string(twenty))));
    }

    @Test
    void compressibleStringsAboveTwentyBytesAreLzf() {
        for (int n : new int[] {21, 100, 5000, 100_000}) {
            byte[] s = "a".repeat(n).getBytes(StandardCharsets.US_ASCII);
            byte[] out = encode(true, e -> e.string(s));
            assertEquals(0xC3, out[0] & 0xFF, "LZF marker for " + n + " bytes");
            assertDecodesTo(out, s);
            assertTrue(out.length < n / 2 + 10, "compressed size " + out.length + " for " + n);
        }
    }

    @Test
    void compressionCanBeTurnedOff() {
        byte[] s = "a".repeat(100).getBytes(StandardCharsets.US_ASCII);
        assertEquals("4064" + "61".repeat(100), hex(encode(false, e -> e.string(s))));
    }

    @Test
    void incompressibleStringsStayRaw() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {21, 24, 100, 3000}) {
            byte[] s = new byte[n];
            r.nextBytes(s);
            byte[] out = encode(true, e -> e.string(s));
            assertTrue((out[0] & 0xFF) != 0xC3, "random data of " + n + " bytes must stay raw");
            assertArrayEquals(s, Arrays.copyOfRange(out, out.length - n, out.length));
        }
    }

    /**
     * Issue #13: the precheck skips LZF only where LZF would have failed (no repeated 3-byte
     * sequence, hence no back-reference), so for strings up to its exact limit the output is the
     * bytes Redis writes; and it does skip the random values that made LZF attempts expensive.
     */
    @Test
    void theLzfPrecheckSkipsOnlyWhatLzfCannotCompress() {
        SplittableRandom r = new SplittableRandom(5);
        LzfPrecheck precheck = new LzfPrecheck();
        LzfCompressor lzf = new LzfCompressor();
        int skippedRandom = 0;
        int randomTried = 0;
        for (int i = 0; i < 20_000; i++) {
            int n = 21 + r.nextInt(LzfPrecheck.EXACT_LIMIT - 20);
            byte[] s = new byte[n];
            boolean random = i % 2 == 0;
            for (int j = 0; j < n; j++) {
                // Odd rounds: a small alphabet, so repeats (and successful LZF) are common.
                s[j] = (byte) (random ? r.nextInt(256) : 'a' + r.nextInt(3 + i % 20));
            }
            boolean might = precheck.mightCompress(s, 0, n);
            if (!might) {
                assertEquals(0, lzf.compress(s, 0, n, new byte[n], 0, n - 4),
                        "skipped a string LZF compresses: " + HexFormat.of().formatHex(s));
            }
            if (random && n <= 128) {
                randomTried++;
                skippedRandom += might ? 0 : 1;
            }
        }
        assertTrue(skippedRandom > randomTried * 8 / 10, "random values skipped: " + skippedRandom
                + " of " + randomTried);
    }

    @Test
    void theEncoderSkipsLzfForRandomValuesAndWritesThemRaw() {
        SplittableRandom r = new SplittableRandom(9);
        ChunkCollector out = new ChunkCollector();
        ChunkedOutput chunks = new ChunkedOutput(UnpooledByteBufAllocator.DEFAULT, 1 << 16, out);
        RdbEncoder enc = new RdbEncoder(chunks, true);
        for (int i = 0; i < 1000; i++) {
            byte[] s = new byte[100];
            r.nextBytes(s);
            enc.string(s);
        }
        enc.string("x".repeat(100).getBytes(StandardCharsets.US_ASCII));
        assertTrue(enc.lzfSkipped() > 900, "skipped: " + enc.lzfSkipped());
        assertEquals(1, enc.compressedStrings(), "a compressible string is still compressed");
    }

    /** rdbSaveLzfStringObject: the compressed form is used only if it fits in len - 4 bytes. */
    @Test
    void lzfIsUsedOnlyWhenItSavesAtLeastFourBytes() {
        SplittableRandom r = new SplittableRandom(11);
        int compressed = 0;
        int raw = 0;
        for (int i = 0; i < 2000; i++) {
            int n = 21 + r.nextInt(43); // lengths stay one-byte (< 64)
            byte[] s = new byte[n];
            // Mostly random with some repetition, so that savings hover around the threshold.
            int j = 0;
            int repeats = r.nextInt(4);
            while (j < n) {
                if (j >= 8 && r.nextInt(6) < repeats) {
                    int back = 1 + r.nextInt(j);
                    int len = Math.min(n - j, 3 + r.nextInt(6));
                    for (int k = 0; k < len; k++, j++) {
                        s[j] = s[j - back];
                    }
                } else {
                    s[j++] = (byte) r.nextInt(256);
                }
            }
            byte[] out = encode(true, e -> e.string(s));
            if ((out[0] & 0xFF) == 0xC3) {
                compressed++;
                int clen = out[1] & 0x3F; // both lengths are below 64 here
                assertTrue(clen <= n - 4, "compressed " + n + " bytes into " + clen);
                assertDecodesTo(out, s);
            } else {
                raw++;
                assertEquals(n, out[0] & 0xFF);
                assertEquals(n + 1, out.length);
            }
        }
        assertTrue(compressed > 0 && raw > 0, "both outcomes exercised: " + compressed + "/" + raw);
    }

    @Test
    void timesAndDoublesAreLittleEndian() {
        assertEquals("00d8c32cbb030000", hex(encode(true, e -> e.millis(4102444800000L))));
        assertEquals("000000000000f07f", hex(encode(true, e -> e.binaryDouble(Double.POSITIVE_INFINITY))));
        assertEquals("00000000000004c0", hex(encode(true, e -> e.binaryDouble(-2.5))));
    }

    private static void assertDecodesTo(byte[] encoded, byte[] expected) {
        int p = 1;
        int[] clen = readLength(encoded, p);
        p += clen[1];
        int[] len = readLength(encoded, p);
        p += len[1];
        assertEquals(expected.length, len[0]);
        assertEquals(encoded.length, p + clen[0], "nothing after the compressed data");
        assertArrayEquals(expected, Lzf.decompress(encoded, p, clen[0], len[0]));
    }

    /** {value, bytes} of a length at {@code p}. */
    private static int[] readLength(byte[] b, int p) {
        int first = b[p] & 0xFF;
        return switch (first >>> 6) {
            case 0 -> new int[] {first, 1};
            case 1 -> new int[] {((first & 0x3F) << 8) | (b[p + 1] & 0xFF), 2};
            default -> new int[] {((b[p + 1] & 0xFF) << 24) | ((b[p + 2] & 0xFF) << 16) | ((b[p + 3] & 0xFF) << 8)
                    | (b[p + 4] & 0xFF), 5};
        };
    }
}
