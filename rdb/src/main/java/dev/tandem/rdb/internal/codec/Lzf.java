/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

/**
 * LZF as used by RDB ({@code C3 clen len data} strings and compressed quicklist nodes).
 *
 * <p><b>Format.</b> A sequence of chunks, each starting with a control byte {@code ctrl}:
 * <ul>
 *   <li>{@code ctrl < 32}: a literal run of {@code ctrl + 1} bytes (1–32) follows;</li>
 *   <li>otherwise a back-reference: {@code len = ctrl >> 5}, plus one more byte when
 *       {@code len == 7}; then the low offset byte. It copies {@code len + 2} bytes (3–264)
 *       from {@code distance = ((ctrl & 0x1F) << 8 | low) + 1} bytes back, byte by byte, so
 *       source and destination may overlap (run-length encoding).</li>
 * </ul>
 *
 * <p><b>Decompression</b> is strict: every read is bounds-checked against the input, no
 * reference may point before the output start, and the output must be exactly the declared
 * length. Because one 3-byte back-reference yields at most 264 bytes, a declared length
 * above {@value #MAX_EXPANSION}× the compressed length is rejected before anything is
 * allocated, so a forged header cannot make the reader allocate more than that multiple of
 * bytes it has actually received.
 *
 * <p><b>Compression</b> is this project's own greedy encoder with the same limits as Redis's
 * {@code lzf_c.c} (3-byte-prefix hash table of 2<sup>16</sup> slots, literal runs of at most
 * 32 bytes, distances up to 8192, matches up to 264 bytes). Its output is not byte-identical
 * to Redis's, which is fine: Redis loads any valid LZF stream.
 */
public final class Lzf {
    /** Upper bound of decompressed bytes per compressed byte (264 bytes from a 3-byte reference). */
    public static final int MAX_EXPANSION = 88;

    private static final int MAX_LITERAL = 32;
    private static final int MAX_DISTANCE = 8192;
    private static final int MAX_MATCH = 264;
    private static final int MIN_MATCH = 3;
    private static final int HASH_LOG = 16;

    private Lzf() {
    }

    /**
     * Decompresses {@code length} bytes of {@code in} from {@code offset}; the result must be
     * exactly {@code expectedLength} bytes.
     *
     * @throws MalformedDataException if the stream is malformed or does not produce exactly
     *                                {@code expectedLength} bytes
     */
    public static byte[] decompress(byte[] in, int offset, int length, int expectedLength) {
        if (expectedLength < 0) {
            throw new MalformedDataException("negative LZF output length " + expectedLength, 0);
        }
        if ((long) expectedLength > (long) length * MAX_EXPANSION) {
            throw new MalformedDataException("LZF output length " + expectedLength
                    + " is impossible for " + length + " compressed bytes", 0);
        }
        byte[] out = new byte[expectedLength];
        int ip = offset;
        int end = offset + length;
        int op = 0;
        while (ip < end) {
            int chunkStart = ip - offset;
            int ctrl = in[ip++] & 0xFF;
            if (ctrl < 32) {
                int n = ctrl + 1;
                if (n > end - ip) {
                    throw new MalformedDataException("LZF literal run of " + n
                            + " bytes overruns the input", chunkStart);
                }
                if (n > expectedLength - op) {
                    throw new MalformedDataException("LZF output exceeds the declared length "
                            + expectedLength, chunkStart);
                }
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else {
                int len = ctrl >>> 5;
                if (len == 7) {
                    if (ip >= end) {
                        throw new MalformedDataException("LZF back-reference truncated", chunkStart);
                    }
                    len += in[ip++] & 0xFF;
                }
                if (ip >= end) {
                    throw new MalformedDataException("LZF back-reference truncated", chunkStart);
                }
                int distance = ((ctrl & 0x1F) << 8) + (in[ip++] & 0xFF) + 1;
                int ref = op - distance;
                if (ref < 0) {
                    throw new MalformedDataException("LZF back-reference points " + distance
                            + " bytes back but only " + op + " bytes were produced", chunkStart);
                }
                int n = len + 2;
                if (n > expectedLength - op) {
                    throw new MalformedDataException("LZF output exceeds the declared length "
                            + expectedLength, chunkStart);
                }
                for (int k = 0; k < n; k++) {
                    out[op++] = out[ref++];
                }
            }
        }
        if (op != expectedLength) {
            throw new MalformedDataException("LZF data decompressed to " + op
                    + " bytes, declared " + expectedLength, length);
        }
        return out;
    }

    /**
     * Compresses {@code in[offset, offset+length)} into {@code out} starting at
     * {@code outOffset}, writing at most {@code maxOut} bytes.
     *
     * @return the number of bytes written, or 0 if the compressed form does not fit in
     *         {@code maxOut} bytes (the caller then stores the data uncompressed, as Redis does)
     */
    public static int compress(byte[] in, int offset, int length, byte[] out, int outOffset, int maxOut) {
        if (length == 0) {
            return 0;
        }
        Encoder encoder = new Encoder(in, out, outOffset, maxOut);
        return encoder.run(offset, offset + length) ? encoder.written() : 0;
    }

    /**
     * Compresses {@code data} if the result is at most {@code maxOut} bytes.
     *
     * @return the compressed bytes, or {@code null} if they would not fit
     */
    public static byte[] compress(byte[] data, int maxOut) {
        if (maxOut <= 0) {
            return null;
        }
        byte[] out = new byte[maxOut];
        int n = compress(data, 0, data.length, out, 0, maxOut);
        if (n == 0) {
            return null;
        }
        byte[] exact = new byte[n];
        System.arraycopy(out, 0, exact, 0, n);
        return exact;
    }

    /** Greedy single-pass encoder; one instance per call because it owns the hash table. */
    private static final class Encoder {
        private final byte[] in;
        private final byte[] out;
        private final int outEnd;
        private final int outStart;
        /** Last position (+1, so 0 means empty) seen for each hashed 3-byte prefix. */
        private final int[] lastSeen = new int[1 << HASH_LOG];
        private int op;

        Encoder(byte[] in, byte[] out, int outOffset, int maxOut) {
            this.in = in;
            this.out = out;
            this.outStart = outOffset;
            this.op = outOffset;
            this.outEnd = outOffset + maxOut;
        }

        int written() {
            return op - outStart;
        }

        boolean run(int start, int end) {
            int ip = start;
            int literalStart = start;
            while (end - ip >= MIN_MATCH) {
                int slot = hash(ip);
                int candidate = lastSeen[slot] - 1;
                lastSeen[slot] = ip + 1;
                int distance = ip - candidate;
                if (candidate >= start && distance <= MAX_DISTANCE
                        && in[candidate] == in[ip] && in[candidate + 1] == in[ip + 1]
                        && in[candidate + 2] == in[ip + 2]) {
                    int maxLen = Math.min(MAX_MATCH, end - ip);
                    int len = MIN_MATCH;
                    while (len < maxLen && in[candidate + len] == in[ip + len]) {
                        len++;
                    }
                    if (!emitLiterals(literalStart, ip) || !emitReference(len, distance)) {
                        return false;
                    }
                    // Index the positions inside the match so later data can refer to them.
                    for (int p = ip + 1; p < ip + len && end - p >= MIN_MATCH; p++) {
                        lastSeen[hash(p)] = p + 1;
                    }
                    ip += len;
                    literalStart = ip;
                } else {
                    ip++;
                }
            }
            return emitLiterals(literalStart, end);
        }

        private int hash(int p) {
            int v = (in[p] & 0xFF) << 16 | (in[p + 1] & 0xFF) << 8 | (in[p + 2] & 0xFF);
            return (v * 0x9E3779B1) >>> (32 - HASH_LOG);
        }

        private boolean emitLiterals(int from, int to) {
            while (from < to) {
                int n = Math.min(MAX_LITERAL, to - from);
                if (outEnd - op < n + 1) {
                    return false;
                }
                out[op++] = (byte) (n - 1);
                System.arraycopy(in, from, out, op, n);
                op += n;
                from += n;
            }
            return true;
        }

        private boolean emitReference(int len, int distance) {
            int l = len - 2;
            int o = distance - 1;
            if (l < 7) {
                if (outEnd - op < 2) {
                    return false;
                }
                out[op++] = (byte) ((l << 5) | (o >>> 8));
            } else {
                if (outEnd - op < 3) {
                    return false;
                }
                out[op++] = (byte) ((7 << 5) | (o >>> 8));
                out[op++] = (byte) (l - 7);
            }
            out[op++] = (byte) o;
            return true;
        }
    }
}
