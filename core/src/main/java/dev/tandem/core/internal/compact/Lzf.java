/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.compact;

/**
 * LZF (the format of Redis's lzf_c.c / lzf_d.c) for compressing inner quicklist nodes
 * ({@code list-compress-depth}). Core cannot see the rdb module's codec (rdb depends on core),
 * and nodes are compressed only now and then (when a node crosses the depth), so this keeps a
 * small per-call hash table rather than the writer's long-lived one.
 *
 * <p>Format: a control byte below 32 starts a run of {@code ctrl + 1} literal bytes; otherwise
 * it is a back-reference of length {@code (ctrl >> 5) + 2} (7 means a following byte adds to it)
 * at distance {@code ((ctrl & 0x1F) << 8 | next) + 1}.
 */
public final class Lzf {
    private static final int HASH_LOG = 12;
    private static final int MAX_LITERAL = 32;
    private static final int MAX_DISTANCE = 8192;
    private static final int MAX_MATCH = 264;

    private Lzf() {
    }

    /**
     * Compresses {@code in[off, off + len)} into {@code out} from {@code outOff}, at most
     * {@code maxOut} bytes.
     *
     * @return the compressed size, or 0 when it does not fit (the data does not compress)
     */
    public static int compress(byte[] in, int off, int len, byte[] out, int outOff, int maxOut) {
        if (len == 0) {
            return 0;
        }
        int[] table = new int[1 << HASH_LOG]; // position + 1 of the last occurrence; 0 = none
        int end = off + len;
        int op = outOff;
        int opEnd = outOff + maxOut;
        int litStart = op; // where the current literal run's control byte is
        int lit = 0;
        op++; // room for the first control byte
        int ip = off;
        while (ip < end - 2) {
            int h = hash(in, ip);
            int ref = table[h] - 1;
            table[h] = ip + 1;
            int dist = ip - ref - 1;
            if (ref >= off && dist < MAX_DISTANCE && in[ref] == in[ip] && in[ref + 1] == in[ip + 1]
                    && in[ref + 2] == in[ip + 2]) {
                int maxLen = Math.min(MAX_MATCH, end - ip);
                int l = 3;
                while (l < maxLen && in[ref + l] == in[ip + l]) {
                    l++;
                }
                // Close the literal run (or drop its unused control byte).
                if (lit > 0) {
                    out[litStart] = (byte) (lit - 1);
                } else {
                    op--;
                }
                int code = l - 2;
                if (op + 3 + 1 > opEnd) {
                    return 0;
                }
                if (code < 7) {
                    out[op++] = (byte) ((code << 5) | (dist >>> 8));
                } else {
                    out[op++] = (byte) ((7 << 5) | (dist >>> 8));
                    out[op++] = (byte) (code - 7);
                }
                out[op++] = (byte) dist;
                litStart = op;
                lit = 0;
                op++;
                for (int k = 1; k < l && ip + k < end - 2; k++) {
                    table[hash(in, ip + k)] = ip + k + 1;
                }
                ip += l;
                continue;
            }
            if (op >= opEnd) {
                return 0;
            }
            out[op++] = in[ip++];
            if (++lit == MAX_LITERAL) {
                out[litStart] = (byte) (MAX_LITERAL - 1);
                litStart = op;
                lit = 0;
                op++;
            }
        }
        while (ip < end) {
            if (op >= opEnd) {
                return 0;
            }
            out[op++] = in[ip++];
            if (++lit == MAX_LITERAL) {
                out[litStart] = (byte) (MAX_LITERAL - 1);
                litStart = op;
                lit = 0;
                op++;
            }
        }
        if (lit > 0) {
            out[litStart] = (byte) (lit - 1);
        } else {
            op--;
        }
        return op > opEnd ? 0 : op - outOff;
    }

    private static int hash(byte[] in, int p) {
        int v = (in[p] & 0xFF) << 16 | (in[p + 1] & 0xFF) << 8 | (in[p + 2] & 0xFF);
        return (v * 0x9E3779B1 >>> (32 - HASH_LOG));
    }

    /**
     * Decompresses {@code in[off, off + len)} into all of {@code out}.
     *
     * @throws IllegalArgumentException when the data is corrupt or does not fill {@code out} exactly
     */
    public static void decompress(byte[] in, int off, int len, byte[] out) {
        int ip = off;
        int end = off + len;
        int op = 0;
        while (ip < end) {
            int ctrl = in[ip++] & 0xFF;
            if (ctrl < 32) {
                int n = ctrl + 1;
                if (ip + n > end || op + n > out.length) {
                    throw new IllegalArgumentException("corrupt LZF literal run");
                }
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else {
                int n = ctrl >>> 5;
                if (n == 7) {
                    if (ip >= end) {
                        throw new IllegalArgumentException("corrupt LZF back-reference");
                    }
                    n += in[ip++] & 0xFF;
                }
                n += 2;
                if (ip >= end) {
                    throw new IllegalArgumentException("corrupt LZF back-reference");
                }
                int ref = op - (((ctrl & 0x1F) << 8) | (in[ip++] & 0xFF)) - 1;
                if (ref < 0 || op + n > out.length) {
                    throw new IllegalArgumentException("corrupt LZF back-reference");
                }
                for (int k = 0; k < n; k++) {
                    out[op++] = out[ref++];
                }
            }
        }
        if (op != out.length) {
            throw new IllegalArgumentException("LZF data gives " + op + " bytes, expected " + out.length);
        }
    }
}
