/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.core.internal.command;

import java.util.Arrays;

/**
 * Redis 7.0's HyperLogLog string representation (hyperloglog.c), byte for byte, so that an HLL
 * written by Tandem or by redis-server has the same bytes, digest and count on either side.
 *
 * <p>Layout: a 16-byte header ({@code "HYLL"}, the encoding byte, 3 zero bytes, the cached
 * cardinality as 8 little-endian bytes whose top bit set means "stale"), then either 16384 dense
 * 6-bit registers packed LSB first (12288 bytes), or a sparse run-length form of opcodes:
 * {@code 00xxxxxx} ZERO (1..64 zero registers), {@code 01xxxxxx yyyyyyyy} XZERO (1..16384 zero
 * registers), {@code 1vvvvvxx} VAL (1..4 registers of value 1..32).
 *
 * <p>An instance is a mutable working copy of one value (Tandem's strings are immutable: a reply
 * or a snapshot may still hold the old bytes), grown like an sds string. Every read of the
 * sparse form is bounded by its length, so a corrupt value gives "invalid", never an exception
 * or an allocation beyond the dense size.
 */
final class Hll {
    static final int P = 14;
    static final int Q = 64 - P;
    static final int REGISTERS = 1 << P;
    static final int REGISTER_MAX = 63;
    static final int HDR_SIZE = 16;
    static final int DENSE_SIZE = HDR_SIZE + (REGISTERS * 6 + 7) / 8;
    static final int DENSE = 0;
    static final int SPARSE = 1;
    /** Redis's {@code hll-sparse-max-bytes} default. */
    static final int DEFAULT_SPARSE_MAX_BYTES = 3000;

    private static final int VAL_MAX_VALUE = 32;
    private static final int VAL_MAX_LEN = 4;
    private static final int ZERO_MAX_LEN = 64;
    private static final int XZERO_MAX_LEN = 16384;
    private static final long SEED = 0xadc83b19L;
    private static final double ALPHA_INF = 0.721347520444481703680; // 0.5/ln(2)

    /** The bytes; only {@code [0, len)} is the value. */
    private byte[] b;
    private int len;

    private Hll(byte[] b, int len) {
        this.b = b;
        this.len = len;
    }

    /** A working copy of a stored value (already checked with {@link #isValid}). */
    static Hll of(byte[] value) {
        return new Hll(Arrays.copyOf(value, value.length + 8), value.length);
    }

    /**
     * createHLLObject: an empty sparse HLL, its 16384 zero registers as one XZERO opcode after
     * the header; the cache reads 0 and valid.
     */
    static Hll empty() {
        int sparseLen = HDR_SIZE + ((REGISTERS + XZERO_MAX_LEN - 1) / XZERO_MAX_LEN) * 2;
        Hll h = new Hll(new byte[sparseLen + 8], sparseLen);
        h.b[0] = 'H';
        h.b[1] = 'Y';
        h.b[2] = 'L';
        h.b[3] = 'L';
        h.b[4] = SPARSE;
        int p = HDR_SIZE;
        int aux = REGISTERS;
        while (aux > 0) {
            int xzero = Math.min(XZERO_MAX_LEN, aux);
            h.setXzero(p, xzero);
            p += 2;
            aux -= xzero;
        }
        return h;
    }

    /**
     * isHLLObjectOrReply's checks on a string: the header's size and magic, a known encoding,
     * and a dense value of exactly the dense size. (The sparse opcodes are checked as used.)
     */
    static boolean isValid(byte[] s) {
        if (s.length < HDR_SIZE || s[0] != 'H' || s[1] != 'Y' || s[2] != 'L' || s[3] != 'L') {
            return false;
        }
        int encoding = s[4] & 0xff;
        return encoding <= SPARSE && (encoding != DENSE || s.length == DENSE_SIZE);
    }

    byte[] toBytes() {
        return Arrays.copyOf(b, len);
    }

    int encoding() {
        return b[4] & 0xff;
    }

    int length() {
        return len;
    }

    // ---- the cached cardinality ----------------------------------------------------------

    void invalidateCache() {
        b[15] |= (byte) 0x80;
    }

    boolean cacheValid() {
        return (b[15] & 0x80) == 0;
    }

    long cachedCardinality() {
        long card = 0;
        for (int i = 7; i >= 0; i--) {
            card = (card << 8) | (b[8 + i] & 0xff);
        }
        return card;
    }

    void cacheCardinality(long card) {
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) (card >>> (8 * i));
        }
    }

    // ---- hashing ---------------------------------------------------------------------------

    /** MurmurHash64A (MurmurHash2, 64-bit) of {@code key}, little-endian words as on x86. */
    static long murmurHash64A(byte[] key, long seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        int length = key.length;
        long h = seed ^ ((long) length * m);
        int whole = length - (length & 7);
        for (int i = 0; i < whole; i += 8) {
            long k = (key[i] & 0xffL) | (key[i + 1] & 0xffL) << 8 | (key[i + 2] & 0xffL) << 16
                    | (key[i + 3] & 0xffL) << 24 | (key[i + 4] & 0xffL) << 32
                    | (key[i + 5] & 0xffL) << 40 | (key[i + 6] & 0xffL) << 48
                    | (key[i + 7] & 0xffL) << 56;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int rest = length & 7;
        if (rest > 0) {
            for (int i = rest - 1; i >= 0; i--) {
                h ^= (key[whole + i] & 0xffL) << (8 * i);
            }
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }

    /**
     * hllPatLen: the register an element addresses (the low 14 bits of its hash, in the high
     * word of the result) and its run length of zeroes plus one (1..51, in the low word).
     */
    static long patLen(byte[] element) {
        long hash = murmurHash64A(element, SEED);
        long index = hash & (REGISTERS - 1);
        hash = (hash >>> P) | (1L << Q); // the loop in Redis stops at bit Q at the latest
        int count = Long.numberOfTrailingZeros(hash) + 1;
        return index << 32 | count;
    }

    // ---- dense registers -------------------------------------------------------------------

    /** HLL_DENSE_GET_REGISTER on {@code regs} starting at {@code base}. */
    static int denseGet(byte[] regs, int base, int regnum) {
        int bit = regnum * 6;
        int at = base + (bit >>> 3);
        int fb = bit & 7;
        int b0 = regs[at] & 0xff;
        // the last register never reaches into the next byte (fb is 2 there): C reads the
        // string's terminating NUL
        int b1 = at + 1 < regs.length ? regs[at + 1] & 0xff : 0;
        return ((b0 >>> fb) | (b1 << (8 - fb))) & REGISTER_MAX;
    }

    /** HLL_DENSE_SET_REGISTER. */
    static void denseSet(byte[] regs, int base, int regnum, int val) {
        int bit = regnum * 6;
        int at = base + (bit >>> 3);
        int fb = bit & 7;
        int fb8 = 8 - fb;
        regs[at] = (byte) ((regs[at] & ~(REGISTER_MAX << fb)) | (val << fb));
        if (at + 1 < regs.length) {
            regs[at + 1] = (byte) ((regs[at + 1] & ~(REGISTER_MAX >>> fb8)) | (val >>> fb8));
        }
    }

    private int denseSetIfGreater(int index, int count) {
        if (count > denseGet(b, HDR_SIZE, index)) {
            denseSet(b, HDR_SIZE, index, count);
            return 1;
        }
        return 0;
    }

    // ---- sparse opcodes --------------------------------------------------------------------

    /** The byte at {@code i}, or the NUL an sds string keeps after its end. */
    private int at(int i) {
        return i < len ? b[i] & 0xff : 0;
    }

    private static boolean isZero(int op) {
        return (op & 0xc0) == 0;
    }

    private static boolean isXzero(int op) {
        return (op & 0xc0) == 0x40;
    }

    private static boolean isVal(int op) {
        return (op & 0x80) != 0;
    }

    private static int zeroLen(int op) {
        return (op & 0x3f) + 1;
    }

    private int xzeroLen(int p) {
        return (((at(p) & 0x3f) << 8) | at(p + 1)) + 1;
    }

    private static int valValue(int op) {
        return ((op >>> 2) & 0x1f) + 1;
    }

    private static int valLen(int op) {
        return (op & 0x3) + 1;
    }

    private static byte val(int value, int runLength) {
        return (byte) (((value - 1) << 2 | (runLength - 1)) | 0x80);
    }

    private static byte zero(int runLength) {
        return (byte) (runLength - 1);
    }

    private void setXzero(int p, int runLength) {
        int l = runLength - 1;
        b[p] = (byte) ((l >>> 8) | 0x40);
        b[p + 1] = (byte) l;
    }

    private static void putXzero(byte[] seq, int p, int runLength) {
        int l = runLength - 1;
        seq[p] = (byte) ((l >>> 8) | 0x40);
        seq[p + 1] = (byte) l;
    }

    /**
     * hllSparseToDense: rewrites this value as dense, keeping the header (the cached
     * cardinality too). False when the opcodes do not cover exactly 16384 registers.
     */
    boolean sparseToDense() {
        if (encoding() == DENSE) {
            return true;
        }
        byte[] dense = new byte[DENSE_SIZE];
        System.arraycopy(b, 0, dense, 0, HDR_SIZE); // magic and cached cardinality, as Redis
        dense[4] = DENSE;
        int idx = 0;
        int p = HDR_SIZE;
        while (p < len) {
            int op = at(p);
            if (isZero(op)) {
                idx += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                idx += xzeroLen(p);
                p += 2;
            } else {
                int runLength = valLen(op);
                int value = valValue(op);
                if (runLength + idx > REGISTERS) {
                    break; // overflow
                }
                for (int i = 0; i < runLength; i++) {
                    denseSet(dense, HDR_SIZE, idx++, value);
                }
                p++;
            }
            if (idx > REGISTERS) {
                return false; // cannot come back to exactly REGISTERS: stop early
            }
        }
        if (idx != REGISTERS) {
            return false;
        }
        b = dense;
        len = DENSE_SIZE;
        return true;
    }

    /**
     * hllSparseSet / hllDenseSet: raises register {@code index} to {@code count}. Returns 1 if
     * it changed, 0 if not, -1 if the sparse form is corrupt. The sparse form is promoted to
     * dense when the value does not fit a VAL opcode or the value would grow past
     * {@code sparseMaxBytes}.
     */
    int set(int index, int count, int sparseMaxBytes) {
        if (encoding() == DENSE) {
            return denseSetIfGreater(index, count);
        }
        if (encoding() != SPARSE) {
            return -1;
        }
        if (count > VAL_MAX_VALUE) {
            return promote(index, count);
        }
        ensureRoom(3);
        int sparse = HDR_SIZE;
        int p = sparse;
        int end = len;
        int first = 0;
        int prev = -1;
        int span = 0;
        // Step 1: find the opcode covering register 'index'.
        while (p < end) {
            int op = at(p);
            int oplen = 1;
            if (isZero(op)) {
                span = zeroLen(op);
            } else if (isVal(op)) {
                span = valLen(op);
            } else {
                span = xzeroLen(p);
                oplen = 2;
            }
            if (index <= first + span - 1) {
                break;
            }
            prev = p;
            p += oplen;
            first += span;
        }
        if (span == 0 || p >= end) {
            return -1;
        }
        int op = at(p);
        int next = isXzero(op) ? p + 2 : p + 1;
        if (next >= end) {
            next = -1;
        }
        boolean isZero = isZero(op);
        boolean isXzero = isXzero(op);
        boolean isVal = !isZero && !isXzero;
        int runLength = isZero ? zeroLen(op) : isXzero ? xzeroLen(p) : valLen(op);

        // Step 2: the cases that rewrite the opcode in place.
        boolean inPlace = false;
        if (isVal) {
            int oldCount = valValue(op);
            if (oldCount >= count) {
                return 0;
            }
            if (runLength == 1) {
                b[p] = val(count, 1);
                inPlace = true;
            }
        }
        if (!inPlace && isZero && runLength == 1) {
            b[p] = val(count, 1);
            inPlace = true;
        }
        if (!inPlace) {
            // The general case: split the run into up to three opcodes.
            byte[] seq = new byte[5];
            int n = 0;
            int last = first + span - 1;
            if (isZero || isXzero) {
                if (index != first) {
                    int l = index - first;
                    if (l > ZERO_MAX_LEN) {
                        putXzero(seq, n, l);
                        n += 2;
                    } else {
                        seq[n++] = zero(l);
                    }
                }
                seq[n++] = val(count, 1);
                if (index != last) {
                    int l = last - index;
                    if (l > ZERO_MAX_LEN) {
                        putXzero(seq, n, l);
                        n += 2;
                    } else {
                        seq[n++] = zero(l);
                    }
                }
            } else {
                int curval = valValue(op);
                if (index != first) {
                    seq[n++] = val(curval, index - first);
                }
                seq[n++] = val(count, 1);
                if (index != last) {
                    seq[n++] = val(curval, last - index);
                }
            }
            // Step 3: put the new sequence in place of the old opcode.
            int oldLen = isXzero ? 2 : 1;
            int delta = n - oldLen;
            if (delta > 0 && len + delta > sparseMaxBytes) {
                return promote(index, count);
            }
            if (delta != 0 && next >= 0) {
                System.arraycopy(b, next, b, next + delta, end - next);
            }
            len += delta;
            System.arraycopy(seq, 0, b, p, n);
            end += delta;
        }
        // Step 4: merge adjacent VAL opcodes of equal value, scanning up to 5 opcodes from the
        // one before the change.
        p = prev >= 0 ? prev : sparse;
        int scan = 5;
        while (p < end && scan-- > 0) {
            int o = at(p);
            if (isXzero(o)) {
                p += 2;
                continue;
            } else if (isZero(o)) {
                p++;
                continue;
            }
            if (p + 1 < end && isVal(at(p + 1))) {
                int v1 = valValue(o);
                int v2 = valValue(at(p + 1));
                if (v1 == v2) {
                    int l = valLen(o) + valLen(at(p + 1));
                    if (l <= VAL_MAX_LEN) {
                        b[p + 1] = val(v1, l);
                        System.arraycopy(b, p + 1, b, p, end - p - 1);
                        len--;
                        end--;
                        continue; // try to merge the merged opcode with the next one
                    }
                }
            }
            p++;
        }
        invalidateCache();
        return 1;
    }

    private int promote(int index, int count) {
        if (!sparseToDense()) {
            return -1;
        }
        return denseSetIfGreater(index, count);
    }

    private void ensureRoom(int extra) {
        if (len + extra > b.length) {
            b = Arrays.copyOf(b, Math.max(len + extra, len * 2));
        }
    }

    /** hllAdd: 1 if a register changed, 0 if not, -1 if the value is corrupt. */
    int add(byte[] element, int sparseMaxBytes) {
        long pat = patLen(element);
        return set((int) (pat >>> 32), (int) pat, sparseMaxBytes);
    }

    // ---- merging and counting --------------------------------------------------------------

    /**
     * hllMerge: {@code max[i] = max(max[i], register i)}. False if the sparse form does not cover
     * exactly 16384 registers.
     */
    boolean mergeInto(byte[] max) {
        if (encoding() == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                int v = denseGet(b, HDR_SIZE, i);
                if (v > max[i]) {
                    max[i] = (byte) v;
                }
            }
            return true;
        }
        int i = 0;
        int p = HDR_SIZE;
        while (p < len) {
            int op = at(p);
            if (isZero(op)) {
                i += zeroLen(op);
                p++;
            } else if (isXzero(op)) {
                i += xzeroLen(p);
                p += 2;
            } else {
                int runLength = valLen(op);
                int value = valValue(op);
                if (runLength + i > REGISTERS) {
                    break;
                }
                for (int k = 0; k < runLength; k++, i++) {
                    if (value > max[i]) {
                        max[i] = (byte) value;
                    }
                }
                p++;
            }
            if (i > REGISTERS) {
                return false;
            }
        }
        return i == REGISTERS;
    }

    /**
     * hllCount over this value's registers; -1 when the sparse form is corrupt (Redis's
     * {@code invalid}).
     */
    long count() {
        int[] histo = new int[64];
        if (encoding() == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                histo[denseGet(b, HDR_SIZE, i)]++;
            }
        } else {
            long idx = 0;
            int p = HDR_SIZE;
            while (p < len) {
                int op = at(p);
                if (isZero(op)) {
                    int run = zeroLen(op);
                    idx += run;
                    histo[0] += run;
                    p++;
                } else if (isXzero(op)) {
                    int run = xzeroLen(p);
                    idx += run;
                    histo[0] += run;
                    p += 2;
                } else {
                    int run = valLen(op);
                    idx += run;
                    histo[valValue(op)] += run;
                    p++;
                }
            }
            if (idx != REGISTERS) {
                return -1;
            }
        }
        return estimate(histo);
    }

    /** hllCount over raw one-byte registers (PFCOUNT of several keys). */
    static long countRaw(byte[] registers) {
        int[] histo = new int[64];
        for (int i = 0; i < REGISTERS; i++) {
            histo[registers[i] & 63]++;
        }
        return estimate(histo);
    }

    /**
     * The estimator of Redis 7.0 (Otmar Ertl's "new cardinality estimation algorithms for
     * HyperLogLog sketches", as hllCount implements it) from the register histogram.
     */
    static long estimate(int[] histo) {
        double m = REGISTERS;
        double z = m * tau((m - histo[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histo[j];
            z *= 0.5;
        }
        z += m * sigma(histo[0] / m);
        // llroundl: round half away from zero; the value is never negative
        return Math.round(ALPHA_INF * m * m / z);
    }

    static double sigma(double x) {
        if (x == 1.) {
            return Double.POSITIVE_INFINITY;
        }
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    static double tau(double x) {
        if (x == 0. || x == 1.) {
            return 0.;
        }
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            double d = 1 - x;
            z -= d * d * y; // pow(1 - x, 2): a square is exactly rounded either way
        } while (zPrime != z);
        return z / 3;
    }

    /** PFDEBUG DECODE's text of the sparse opcodes ("z:n", "Z:n", "v:value,n"). */
    String decode() {
        StringBuilder sb = new StringBuilder();
        int p = HDR_SIZE;
        while (p < len) {
            int op = at(p);
            if (isZero(op)) {
                sb.append("z:").append(zeroLen(op)).append(' ');
                p++;
            } else if (isXzero(op)) {
                sb.append("Z:").append(xzeroLen(p)).append(' ');
                p += 2;
            } else {
                sb.append("v:").append(valValue(op)).append(',').append(valLen(op)).append(' ');
                p++;
            }
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        return sb.substring(0, end);
    }

    /** The 16384 register values (dense form). */
    int[] registers() {
        int[] regs = new int[REGISTERS];
        for (int i = 0; i < REGISTERS; i++) {
            regs[i] = denseGet(b, HDR_SIZE, i);
        }
        return regs;
    }
}
