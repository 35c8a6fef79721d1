/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.write;

import java.util.Arrays;

/**
 * A reusable LZF compressor for the writer's hot path. It produces the same stream format as
 * {@link dev.tandem.rdb.internal.codec.Lzf} (which {@code lzf_d.c} and our reader decode), but keeps one
 * hash table for its lifetime instead of allocating one per call: a snapshot compresses every
 * string longer than 20 bytes, and a fresh table per string would cost more than the
 * compression itself.
 *
 * <p>Stale table entries from earlier calls are told apart by position: input bytes get
 * ever-increasing virtual positions across calls, and a candidate below the current call's
 * base is ignored. The table is cleared only when the positions would overflow.
 *
 * <p>Format: a control byte {@code < 32} starts a literal run of {@code ctrl + 1} bytes (at
 * most 32); otherwise it is a back-reference with length {@code (ctrl >> 5) + 2} (the 7
 * escape adds a following byte) and offset {@code ((ctrl & 0x1F) << 8 | next) + 1}, at most
 * 8192 back, at most 264 long. Not thread-safe.
 */
final class LzfCompressor {
    private static final int HASH_LOG = 15;
    private static final int MAX_LITERAL = 32;
    private static final int MAX_DISTANCE = 8192;
    private static final int MAX_MATCH = 264;
    private static final int MIN_MATCH = 3;

    /** Virtual position (+ base) of the last occurrence of each hashed 3-byte prefix. */
    private final int[] lastSeen = new int[1 << HASH_LOG];
    /** Virtual position of the first byte of the current input; entries below it are stale. */
    private int base;

    LzfCompressor() {
        this(1);
    }

    /** Starts positions at {@code initialBase} (tests use one near the overflow point). */
    LzfCompressor(int initialBase) {
        this.base = initialBase;
    }

    /**
     * Compresses {@code in[offset, offset + length)} into {@code out} from {@code outOffset},
     * writing at most {@code maxOut} bytes.
     *
     * @return the compressed size, or 0 when it would not fit in {@code maxOut} bytes
     */
    int compress(byte[] in, int offset, int length, byte[] out, int outOffset, int maxOut) {
        if (length == 0 || maxOut <= 0) {
            return 0;
        }
        if (base > Integer.MAX_VALUE - length - 1) {
            Arrays.fill(lastSeen, 0);
            base = 1;
        }
        int callBase = base;
        base += length + 1;
        int outEnd = outOffset + maxOut;
        int op = outOffset;
        int end = offset + length;
        int ip = offset;
        int literalStart = offset;
        while (end - ip >= MIN_MATCH) {
            int slot = hash(in, ip);
            int virtual = callBase + (ip - offset);
            int candidateVirtual = lastSeen[slot];
            lastSeen[slot] = virtual;
            int distance = virtual - candidateVirtual;
            if (candidateVirtual >= callBase && distance <= MAX_DISTANCE) {
                int candidate = offset + (candidateVirtual - callBase);
                if (in[candidate] == in[ip] && in[candidate + 1] == in[ip + 1] && in[candidate + 2] == in[ip + 2]) {
                    int maxLen = Math.min(MAX_MATCH, end - ip);
                    int len = MIN_MATCH;
                    while (len < maxLen && in[candidate + len] == in[ip + len]) {
                        len++;
                    }
                    op = literals(in, literalStart, ip, out, op, outEnd);
                    if (op < 0) {
                        return 0;
                    }
                    op = reference(len, distance, out, op, outEnd);
                    if (op < 0) {
                        return 0;
                    }
                    // Index the positions inside the match so that later data can refer to them.
                    for (int p = ip + 1; p < ip + len && end - p >= MIN_MATCH; p++) {
                        lastSeen[hash(in, p)] = callBase + (p - offset);
                    }
                    ip += len;
                    literalStart = ip;
                    continue;
                }
            }
            ip++;
        }
        op = literals(in, literalStart, end, out, op, outEnd);
        return op < 0 ? 0 : op - outOffset;
    }

    private static int hash(byte[] in, int p) {
        int v = (in[p] & 0xFF) << 16 | (in[p + 1] & 0xFF) << 8 | (in[p + 2] & 0xFF);
        return (v * 0x9E3779B1) >>> (32 - HASH_LOG);
    }

    /** Emits literal runs for {@code in[from, to)}; returns the new output position or -1 when full. */
    private static int literals(byte[] in, int from, int to, byte[] out, int op, int outEnd) {
        while (from < to) {
            int n = Math.min(MAX_LITERAL, to - from);
            if (outEnd - op < n + 1) {
                return -1;
            }
            out[op++] = (byte) (n - 1);
            System.arraycopy(in, from, out, op, n);
            op += n;
            from += n;
        }
        return op;
    }

    private static int reference(int len, int distance, byte[] out, int op, int outEnd) {
        int l = len - 2;
        int o = distance - 1;
        if (l < 7) {
            if (outEnd - op < 2) {
                return -1;
            }
            out[op++] = (byte) ((l << 5) | (o >>> 8));
        } else {
            if (outEnd - op < 3) {
                return -1;
            }
            out[op++] = (byte) ((7 << 5) | (o >>> 8));
            out[op++] = (byte) (l - 7);
        }
        out[op++] = (byte) o;
        return op;
    }
}
