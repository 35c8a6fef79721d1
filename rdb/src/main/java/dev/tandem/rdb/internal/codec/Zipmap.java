/*
 * Copyright 2026 The Tandem Authors
 * SPDX-License-Identifier: Apache-2.0
 */

package dev.tandem.rdb.internal.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * Zipmap decoder ({@code zipmap.c}, RDB type 9, written only by Redis ≤ 2.4). Read-only.
 *
 * <p>Layout: {@code zmlen} (1 byte; ≥ 254 means unknown), then entries
 * {@code <len>field<len><free>value<free unused bytes>}, then {@code 0xFF}. A {@code len} is
 * one byte below 254, else {@code 0xFE} followed by a uint32 in little-endian order (the
 * Redis source's {@code memrev32ifbe}; redis-replicator reads it big-endian, which is wrong).
 * A field length byte of {@code 0xFF} ends the map. Validation follows
 * {@code zipmapValidateIntegrity}: every length within the blob, the terminator last, and the
 * count equal to {@code zmlen} when {@code zmlen < 254}.
 */
public final class Zipmap {
    private static final int BIG_LENGTH = 254;
    private static final int END = 0xFF;

    private Zipmap() {
    }

    /** Decodes a zipmap into alternating field, value byte strings. */
    public static List<byte[]> decode(byte[] blob) {
        return decode(blob, 0, blob.length);
    }

    public static List<byte[]> decode(byte[] b, int offset, int length) {
        int end = offset + length;
        if (length < 2) {
            throw new MalformedDataException("zipmap of " + length + " bytes is shorter than the minimum 2", 0);
        }
        int declared = b[offset] & 0xFF;
        int p = offset + 1;
        List<byte[]> out = new ArrayList<>();
        int pairs = 0;
        while (true) {
            if (p >= end) {
                throw new MalformedDataException("zipmap has no terminator", length);
            }
            if ((b[p] & 0xFF) == END) {
                if (p != end - 1) {
                    throw new MalformedDataException("zipmap terminator before the end of the blob", p - offset);
                }
                break;
            }
            int[] fieldLen = readLength(b, p, end, offset);
            p += fieldLen[1];
            out.add(slice(b, p, fieldLen[0], end, offset));
            p += fieldLen[0];
            if (p >= end || (b[p] & 0xFF) == END) {
                throw new MalformedDataException("zipmap field without a value", p - offset);
            }
            int[] valueLen = readLength(b, p, end, offset);
            p += valueLen[1];
            if (p >= end - 1) {
                throw new MalformedDataException("zipmap value header overruns the blob", p - offset);
            }
            int free = b[p] & 0xFF;
            p += 1;
            out.add(slice(b, p, valueLen[0], end, offset));
            p += valueLen[0];
            if (free > end - 1 - p) {
                throw new MalformedDataException("zipmap free space overruns the blob", p - offset);
            }
            p += free;
            pairs++;
        }
        if (declared < BIG_LENGTH && declared != pairs) {
            throw new MalformedDataException("zipmap header count " + declared + " but " + pairs + " pairs", 0);
        }
        return out;
    }

    /** Returns {length, header size}. */
    private static int[] readLength(byte[] b, int p, int end, int offset) {
        int first = b[p] & 0xFF;
        if (first < BIG_LENGTH) {
            return new int[] {first, 1};
        }
        if (first != BIG_LENGTH) {
            throw new MalformedDataException("invalid zipmap length byte 0x" + Integer.toHexString(first), p - offset);
        }
        if (5 > end - 1 - p) {
            throw new MalformedDataException("zipmap length overruns the blob", p - offset);
        }
        long len = Bytes.u32le(b, p + 1);
        if (len > end - p) {
            throw new MalformedDataException("zipmap length " + len + " overruns the blob", p - offset);
        }
        return new int[] {(int) len, 5};
    }

    private static byte[] slice(byte[] b, int p, int len, int end, int offset) {
        if (len > end - 1 - p) {
            throw new MalformedDataException("zipmap string of " + len + " bytes overruns the blob", p - offset);
        }
        byte[] copy = new byte[len];
        System.arraycopy(b, p, copy, 0, len);
        return copy;
    }
}
